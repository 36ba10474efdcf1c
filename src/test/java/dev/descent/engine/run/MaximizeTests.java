package dev.descent.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.engine.data.SyntheticData;
import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.objective.RegressionObjective;
import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.optim.OptimizerKinds;
import dev.descent.engine.schedule.Schedules;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A problem that maximizes f is, to the last bit, the same run as minimizing the formula -f, its values reported as
 * f: the iterates equal, each value the other's negation, the best point the same iterate. And it resumes from a
 * checkpoint to the same result as the uninterrupted run.
 */
class MaximizeTests {

    private static final String F = "-(x-3)^2 - 2*(y+1)^2 + sin(x*y) + 5";
    private static final String MINUS_F = "-(" + F + ")";

    private static Problem problem(String formula, String type, boolean maximize) {
        OptimizerKind kind = OptimizerKinds.byName(type).orElseThrow();
        // A weight decay where the variant has one: the order of the sign and the decay is what could differ.
        boolean decays = kind.parameters().stream().anyMatch(p -> p.name().equals("weightDecay"));
        OptimizerKind.Configured configured = kind.configure(decays ? Map.of("learningRate", 0.05, "weightDecay", 0.01)
                : Map.of("learningRate", 0.05));
        return Problem.of(ExpressionObjective.compile(formula), new double[] {0.5, 0.5}, configured.optimizer(),
                        Schedules.exponential(configured.learningRate(), 0.99), CheckpointTests.rules(120))
                .withMaximize(maximize);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw",
        "adamax", "nadam", "radam", "rprop", "asgd"})
    void maximizingFIsMinimizingMinusF(String type) {
        Result climb = Descent.run(problem(F, type, true));
        Result descent = Descent.run(problem(MINUS_F, type, false));
        assertThat(climb.iterations()).isEqualTo(descent.iterations()).isGreaterThan(0);
        assertThat(climb.trajectory().size()).isEqualTo(descent.trajectory().size());
        for (int k = 0; k < climb.trajectory().size(); k++) {
            Iterate up = climb.trajectory().get(k);
            Iterate down = descent.trajectory().get(k);
            assertThat(up.point()).as("iterate %d", k).containsExactly(down.point());
            assertThat(up.value()).as("f at iterate %d", k).isEqualTo(-down.value());
            assertThat(up.gradientNorm()).isEqualTo(down.gradientNorm());
        }
        assertThat(climb.best().iteration()).isEqualTo(descent.best().iteration());
        assertThat(climb.best().value()).isEqualTo(-descent.best().value());
        assertThat(climb.behaviour()).isEqualTo(descent.behaviour());
    }

    @Test
    void aMaximizingRunResumesToTheSameResult() {
        Supplier<Problem> climb = () -> problem(F, "adam", true);
        Result result = CheckpointTests.assertResumesIdentically(climb, 0, 1, 40, 119, 120);
        assertThat(result.best().value()).isGreaterThan(result.trajectory().get(0).value());
    }

    @Test
    void aLossIsNotMaximized() {
        RegressionObjective loss = new RegressionObjective(SyntheticData.generate(20, new double[] {2}, 1, 0.1, 3, false),
                RegressionObjective.Model.LINEAR, true, 0, 0, false, 0, false, 0);
        assertThatThrownBy(() -> Problem.of(loss, new double[2], OptimizerKinds.byName("gd").orElseThrow()
                        .configure(Map.of()).optimizer(), Schedules.exponential(0.1, 1), CheckpointTests.rules(5))
                .withMaximize(true)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimized");
    }
}
