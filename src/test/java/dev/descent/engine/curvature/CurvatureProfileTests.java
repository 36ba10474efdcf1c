package dev.descent.engine.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.objective.FunctionCatalog;
import dev.descent.engine.objective.Objective;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.run.Iterate;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.Runs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("curvature along a run")
class CurvatureProfileTests {

    @Test
    @DisplayName("Rosenbrock from (-1.2, 1): start and end as at those points, the steepest the largest examined")
    void rosenbrock() {
        Objective objective = FunctionCatalog.byName("rosenbrock").orElseThrow().objective(2);
        Result result = Runs.run(objective, new double[] {-1.2, 1}, Sgd.plain(0), 1e-3, 5000, 0);
        CurvatureProfile profile = CurvatureProfile.along(objective, result.trajectory(), 8);

        assertThat(profile.examined()).isEqualTo(8);
        assertThat(profile.start()).isEqualTo(Curvature.at(objective, new double[] {-1.2, 1}));
        assertThat(profile.end()).isEqualTo(Curvature.at(objective, result.last().point()));
        double steepest = 0;
        for (Iterate iterate : result.trajectory().thin(8)) {
            steepest = Math.max(steepest, Curvature.at(objective, iterate.point()).largest());
        }
        assertThat(profile.steepest().largest()).isEqualTo(steepest);
        assertThat(profile.steepest().largest()).isGreaterThanOrEqualTo(profile.start().largest())
                .isGreaterThanOrEqualTo(profile.end().largest());
        assertThat(profile.steepestIteration()).isBetween(0, result.iterations());
    }

    @Test
    @DisplayName("a quadratic has the same curvature everywhere; not-finite points are never the steepest")
    void quadraticAndEdges() {
        ExpressionObjective quadratic = ExpressionObjective.compile("x^2 + 3*y^2");
        Result result = Runs.run(quadratic, new double[] {1, 1}, Sgd.plain(0), 0.1, 100, 0);
        CurvatureProfile profile = CurvatureProfile.along(quadratic, result.trajectory(),
                CurvatureProfile.DEFAULT_POINTS);
        assertThat(profile.start().largest()).isCloseTo(6, within(1e-13));
        assertThat(profile.end().largest()).isCloseTo(6, within(1e-13));
        assertThat(profile.steepest().largest()).isCloseTo(6, within(1e-13));
        assertThat(profile.examined()).isEqualTo(CurvatureProfile.DEFAULT_POINTS);

        // sqrt(x) + y^2 from x = 0.5 at learning rate 2 steps to x < 0, where sqrt is not finite.
        ExpressionObjective log = ExpressionObjective.compile("sqrt(x) + y^2");
        Result leaving = Runs.run(log, new double[] {0.5, 1}, Sgd.plain(0), 2, 3, 0);
        CurvatureProfile edge = CurvatureProfile.along(log, leaving.trajectory(), 4);
        assertThat(edge.start().finite()).isTrue();
        assertThat(edge.end().finite()).isFalse();
        assertThat(edge.steepest().finite()).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> CurvatureProfile.along(log, leaving.trajectory(), 1));
    }
}
