package dev.descent.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.Status;
import dev.descent.engine.stop.StoppingRule;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DescentTests {

    @Test
    @DisplayName("a gradient whose squares overflow still has a finite norm: no false divergence")
    void gradientNormDoesNotOverflow() {
        // ∇f = (1e200, 1e200): the sum of the squares is 2e400, beyond double; the norm is √2 · 1e200.
        Result result = Descent.run(Problem.of(ExpressionObjective.compile("1e200*x + 1e200*y"),
                new double[] {0, 0}, Sgd.plain(0), LearningRateSchedule.constant(0),
                StoppingRule.firstOf(List.of(StoppingRule.divergence(Double.MAX_VALUE),
                        StoppingRule.maxIterations(2)))));

        assertThat(result.stopReason().status()).isEqualTo(Status.MAX_ITERATIONS);
        assertThat(result.last().gradientNorm()).isCloseTo(Math.sqrt(2) * 1e200, Offset.offset(1e186));
    }
}
