package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.optim.Asgd;
import dev.descent.engine.run.Descent;
import dev.descent.engine.run.Problem;
import dev.descent.engine.run.Result;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.StoppingRule;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stored result keeps ASGD's averaged point (format 4), and a format-3 result reads as one without it. */
class StoredResultTests {

    private static Result asgdRun() {
        Problem problem = Problem.of(ExpressionObjective.compile("x^2 + 3*y^2"), new double[] {1, -2},
                new Asgd(1e-2, 0.75, 3, 0), LearningRateSchedule.constant(0.05),
                StoppingRule.firstOf(List.of(StoppingRule.divergence(1e12), StoppingRule.maxIterations(20))));
        return Descent.run(problem);
    }

    @Test
    void keepsTheAveragedPointToTheBit() {
        Result result = asgdRun();
        assertThat(result.averagedPoint()).hasSize(2);
        Result stored = StoredResult.fromBytes(StoredResult.of("optimization", List.of("optimization"),
                List.of(result)).toBytes()).results().get(0);
        assertThat(stored.averagedPoint()).isEqualTo(result.averagedPoint());
    }

    @Test
    void formatThreeHasNone() {
        byte[] four = StoredResult.of("optimization", List.of("optimization"), List.of(asgdRun())).toBytes();
        // The averaged point is the last field: its length (2) and two doubles.
        assertThat(ByteBuffer.wrap(four).getInt(four.length - 20)).isEqualTo(2);
        byte[] three = Arrays.copyOf(four, four.length - 20);
        ByteBuffer.wrap(three).putInt(4, 3);
        Result read = StoredResult.fromBytes(three).results().get(0);
        assertThat(read.averagedPoint()).isNull();
        assertThat(read.last()).isEqualTo(asgdRun().last());
    }
}
