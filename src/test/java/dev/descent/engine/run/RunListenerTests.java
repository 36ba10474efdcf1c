package dev.descent.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.Status;
import dev.descent.engine.stop.StoppingRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RunListenerTests {

    @Test
    @DisplayName("sees every iterate in order, the same as the trajectory")
    void seesEveryIterate() {
        List<Iterate> seen = new ArrayList<>();
        Result result = Descent.run(Problem.of(ExpressionObjective.compile("x^2"),
                new double[] {9}, Sgd.plain(0), LearningRateSchedule.constant(0.15),
                StoppingRule.maxIterations(15)), new RunListener() {
                    @Override
                    public void onIterate(Iterate iterate) {
                        seen.add(iterate);
                    }
                });
        assertThat(seen).isEqualTo(result.trajectory().all());
    }

    @Test
    @DisplayName("a record limit bounds what a long run keeps, the start and the last iterate always among it")
    void recordLimit() {
        Problem problem = Problem.of(ExpressionObjective.compile("x^2"), new double[] {9}, Sgd.plain(0),
                LearningRateSchedule.constant(1e-9), StoppingRule.maxIterations(100_000)).withRecordLimit(64);
        Result result = Descent.run(problem);
        assertThat(result.trajectory().size()).isLessThanOrEqualTo(65);
        assertThat(result.trajectory().get(0).iteration()).isZero();
        assertThat(result.trajectory().last()).isEqualTo(result.last());
        assertThat(result.last().iteration()).isEqualTo(100_000);
        Result unbounded = Descent.run(problem.withRecordLimit(Trajectory.MAX_RECORDED));
        assertThat(unbounded.last()).isEqualTo(result.last());
        assertThat(result.compact(10).trajectory().all()).isEqualTo(result.trajectory().thin(10));
    }

    @Test
    @DisplayName("cancelling ends the run with status CANCELLED and keeps the trajectory so far")
    void cancels() {
        List<Iterate> seen = new ArrayList<>();
        Result result = Descent.run(Problem.of(ExpressionObjective.compile("x^2"),
                new double[] {9}, Sgd.plain(0), LearningRateSchedule.constant(1e-9),
                StoppingRule.maxIterations(1_000_000)), new RunListener() {
                    @Override
                    public void onIterate(Iterate iterate) {
                        seen.add(iterate);
                    }

                    @Override
                    public boolean cancelled() {
                        return seen.size() > 100;
                    }
                });
        assertThat(result.stopReason().status()).isEqualTo(Status.CANCELLED);
        assertThat(result.iterations()).isEqualTo(100);
        assertThat(result.trajectory().size()).isEqualTo(101);
        assertThat(result.stopReason().description()).isEqualTo("cancelled at iteration 100");
    }

    @Test
    @DisplayName("a run stopped because its time is up ends with status TIME_LIMIT, where it got to")
    void timeUp() {
        Result result = Descent.run(Problem.of(ExpressionObjective.compile("x^2"),
                new double[] {9}, Sgd.plain(0), LearningRateSchedule.constant(0.1),
                StoppingRule.maxIterations(1_000_000)), new RunListener() {
                    private int iterates;

                    @Override
                    public void onIterate(Iterate iterate) {
                        iterates++;
                    }

                    @Override
                    public boolean cancelled() {
                        return iterates > 10;
                    }

                    @Override
                    public boolean timeUp() {
                        return true;
                    }
                });
        assertThat(result.stopReason().status()).isEqualTo(Status.TIME_LIMIT);
        assertThat(result.iterations()).isEqualTo(10);
        // x_k = 9 * 0.8^k: the run ends on its tenth iterate.
        assertThat(result.last().point()[0]).isCloseTo(9 * Math.pow(0.8, 10), within(1e-12));
        assertThat(result.stopReason().description()).isEqualTo("the time budget ran out at iteration 10");
    }
}
