package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.optim.Asgd;
import dev.descent.engine.run.Descent;
import dev.descent.engine.run.Problem;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.Trajectory;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.StoppingRule;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A stored result keeps ASGD's averaged point (format 4) and what a page of a run's trajectory needs (format 5); results
 * of the earlier formats read as results without them.
 */
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
        byte[] six = StoredResult.of("optimization", List.of("optimization"), List.of(asgdRun())).toBytes();
        // Without a page and a figure, the run ends with the averaged point (its length, 2, and two doubles), then no
        // variables (a count of 0), no momenta (a length of 0), an empty legend and title (a length of 0 each).
        assertThat(ByteBuffer.wrap(six).getInt(six.length - 32)).isEqualTo(2);
        byte[] three = Arrays.copyOf(six, six.length - 32);
        ByteBuffer.wrap(three).putInt(4, 3);
        Result read = StoredResult.fromBytes(three).results().get(0);
        assertThat(read.averagedPoint()).isNull();
        assertThat(read.last()).isEqualTo(asgdRun().last());
    }

    @Test
    @DisplayName("a run keeps its variables and each kept row's cycled momentum (format 5), its legend and title "
            + "(format 6); a format-5 run has no figure, a format-4 run no page")
    void keepsWhatAPageAndAFigureNeed() {
        Result result = asgdRun();
        StoredResult.StoredRun run = StoredResult.StoredRun.of("optimization", result)
                .withViews(List.of("x", "y"), iteration -> 0.85 + iteration / 1024.0, "asgd, lr 0.01", "x² + y²");
        byte[] six = new StoredResult("optimization", List.of(run)).toBytes();
        StoredResult.StoredRun read = StoredResult.fromBytes(six).runs().get(0);
        assertThat(read.hasPage()).isTrue();
        assertThat(read.hasFigure()).isTrue();
        assertThat(read.variables()).containsExactly("x", "y");
        assertThat(read.legend()).isEqualTo("asgd, lr 0.01");
        assertThat(read.title()).isEqualTo("x² + y²");
        Trajectory kept = read.keptTrajectory();
        assertThat(kept.size()).isEqualTo(result.trajectory().size()).isEqualTo(21);
        IntToDoubleFunction momentum = read.momentum(kept);
        for (int i = 1; i < kept.size(); i++) {
            assertThat(momentum.applyAsDouble(kept.iteration(i))).isEqualTo(0.85 + kept.iteration(i) / 1024.0);
        }
        assertThat(momentum.applyAsDouble(0)).isNaN();
        assertThat(momentum.applyAsDouble(1000)).isNaN();
        assertThat(read.toResult().last()).isEqualTo(result.last());

        // Format 5 ended at the momenta: read as a run without a figure (its pages kept).
        int figure = 2 + "asgd, lr 0.01".length() + 2 + "x² + y²".getBytes(StandardCharsets.UTF_8).length;
        byte[] five = Arrays.copyOf(six, six.length - figure);
        ByteBuffer.wrap(five).putInt(4, 5);
        StoredResult.StoredRun noFigure = StoredResult.fromBytes(five).runs().get(0);
        assertThat(noFigure.hasFigure()).isFalse();
        assertThat(noFigure.hasPage()).isTrue();
        assertThat(noFigure.toResult().last()).isEqualTo(result.last());

        // Format 4 ended at the averaged point: read as a run without a page, its result the same.
        int page = 4 + 2 * (2 + 1) + 4 + 8 * kept.size();
        byte[] four = Arrays.copyOf(five, five.length - page);
        ByteBuffer.wrap(four).putInt(4, 4);
        StoredResult.StoredRun old = StoredResult.fromBytes(four).runs().get(0);
        assertThat(old.hasPage()).isFalse();
        assertThat(old.hasFigure()).isFalse();
        assertThat(old.momentum(old.keptTrajectory())).isNull();
        assertThat(old.toResult().averagedPoint()).isEqualTo(result.averagedPoint());
        assertThat(old.toResult().last()).isEqualTo(result.last());
    }
}
