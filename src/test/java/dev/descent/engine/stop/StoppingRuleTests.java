package dev.descent.engine.stop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StoppingRuleTests {

    record At(int iteration, double value, double gradientNorm, double stepNorm) implements Progress {
    }

    private static Optional<Status> status(StoppingRule rule, Progress progress) {
        return rule.check(progress).map(StopReason::status);
    }

    @Test
    @DisplayName("the cap fires at k = max, not before")
    void cap() {
        StoppingRule rule = StoppingRule.maxIterations(10);
        assertThat(status(rule, new At(9, 1, 1, 1))).isEmpty();
        assertThat(status(rule, new At(10, 1, 1, 1))).contains(Status.MAX_ITERATIONS);
    }

    @Test
    @DisplayName("the step tolerance ignores the start, where there is no step yet")
    void stepTolerance() {
        StoppingRule rule = StoppingRule.stepTolerance(1e-6);
        assertThat(status(rule, new At(0, 1, 0, Double.NaN))).isEmpty();
        assertThat(status(rule, new At(3, 1, 1, 2e-6))).isEmpty();
        assertThat(rule.check(new At(3, 1, 1, 5e-7))).get()
                .isEqualTo(new StopReason(Status.CONVERGED, "step size 5.00e-07 fell below the tolerance 1.00e-06"));
    }

    @Test
    @DisplayName("divergence: non-finite value or gradient, or |f| beyond the bound, names the iteration")
    void divergence() {
        StoppingRule rule = StoppingRule.divergence(1e6);
        assertThat(status(rule, new At(4, -1e5, 1, 1))).isEmpty();
        assertThat(rule.check(new At(4, -2e6, 1, 1)).orElseThrow().description())
                .isEqualTo("|f| = 2.00e+06 exceeded the divergence bound 1.00e+06 at iteration 4");
        assertThat(rule.check(new At(5, Double.NaN, 1, 1)).orElseThrow().description())
                .isEqualTo("the objective value became NaN at iteration 5");
        assertThat(status(rule, new At(6, 1, Double.POSITIVE_INFINITY, 1))).contains(Status.DIVERGED);
    }

    @Test
    @DisplayName("firstOf reports the first rule that fires, in order")
    void firstOf() {
        StoppingRule rule = StoppingRule.firstOf(List.of(StoppingRule.divergence(10),
                StoppingRule.gradientTolerance(1e-3), StoppingRule.maxIterations(5)));
        assertThat(status(rule, new At(5, 1, 1e-4, 1))).contains(Status.CONVERGED);
        assertThat(status(rule, new At(5, 100, 1e-4, 1))).contains(Status.DIVERGED);
        assertThat(status(rule, new At(5, 1, 1, 1))).contains(Status.MAX_ITERATIONS);
        assertThat(status(rule, new At(4, 1, 1, 1))).isEmpty();
    }

    @Test
    @DisplayName("rejects meaningless settings")
    void validation() {
        assertThatThrownBy(() -> StoppingRule.maxIterations(-1)).hasMessage("Invalid iteration cap: -1");
        assertThatThrownBy(() -> StoppingRule.stepTolerance(0)).hasMessage("Invalid step tolerance: 0.0");
        assertThatThrownBy(() -> StoppingRule.divergence(Double.NaN)).hasMessage("Invalid divergence bound: NaN");
    }
}
