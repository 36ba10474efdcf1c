package dev.descent.engine.run;

import static dev.descent.engine.run.CheckpointTests.assertSameResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.objective.Objective;
import dev.descent.engine.optim.Adam;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.Progress;
import dev.descent.engine.stop.StopReason;
import dev.descent.engine.stop.StoppingRule;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The descent loop asks its stopping rule only where the rule's {@link StoppingRule.Screen} says it may fire, and
 * computes the step norm only when a rule reads it: a run gives the same result, to the bit, as with the same rule
 * hidden behind a lambda the screen cannot read (which the loop asks at every iterate, as it did before), over
 * several problems: every rule of StoppingRule, a maximizing run, runs resumed from a checkpoint, batched
 * regression with an epoch loss tolerance, a divergence.
 */
class ScreenedStoppingTests {

    private static final String ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2";

    /** The rule, opaque to the screen: the loop asks it every iterate. */
    private static StoppingRule opaque(StoppingRule rule) {
        return rule::check;
    }

    private static Problem formula(String formula, double[] start, Optimizer<?> optimizer, double rate,
                                   StoppingRule rule) {
        return Problem.of(ExpressionObjective.compile(formula), start, optimizer,
                LearningRateSchedule.constant(rate), rule);
    }

    /** The run of {@code problem(rule)} and of {@code problem(opaque(rule))} agree, and so do their resumptions. */
    private static void sameBothWays(Function<StoppingRule, Problem> problem, StoppingRule rule, int... resumeAt) {
        assertThat(StoppingRule.Screen.of(rule).always()).isFalse();
        assertThat(StoppingRule.Screen.of(opaque(rule)).always()).isTrue();
        Result screened = Descent.run(problem.apply(rule));
        Result general = Descent.run(problem.apply(opaque(rule)));
        assertSameResult(general, screened);
        for (int k : resumeAt) {
            Supplier<Problem> fresh = () -> problem.apply(rule);
            Checkpoint checkpoint = CheckpointTests.checkpointOf(fresh.get(), k);
            assertSameResult(general, Descent.resume(fresh.get(), CheckpointTests.roundTrip(checkpoint)));
        }
    }

    private static StoppingRule rules(StoppingRule... rules) {
        return StoppingRule.firstOf(List.of(rules));
    }

    @Test
    void momentumToTheIterationCap() {
        sameBothWays(rule -> formula(ROSENBROCK, new double[] {-1.5, 2}, new Sgd(0.9, 0, 0, false), 1e-4, rule),
                rules(StoppingRule.divergence(1e12), StoppingRule.maxIterations(3000)), 1234);
    }

    @Test
    void adamToAStepTolerance() {
        sameBothWays(rule -> formula(ROSENBROCK, new double[] {-1.5, 2}, new Adam(0.9, 0.999, 1e-8, 0, false), 1e-2,
                        rule),
                rules(StoppingRule.divergence(1e12), StoppingRule.stepTolerance(1e-6),
                        StoppingRule.maxIterations(50_000)), 100);
    }

    @Test
    void gradientToleranceAndNestedRules() {
        sameBothWays(rule -> formula("x^2 + 3*y^2", new double[] {1, 1}, Sgd.plain(0), 0.1, rule),
                rules(StoppingRule.divergence(1e12), rules(StoppingRule.gradientTolerance(1e-6),
                        StoppingRule.maxIterations(1000))), 10);
    }

    @Test
    void divergence() {
        Function<StoppingRule, Problem> problem = rule -> formula("x^2 + 3*y^2", new double[] {1, 1}, Sgd.plain(0),
                1.0, rule);
        StoppingRule rule = rules(StoppingRule.divergence(1e6), StoppingRule.maxIterations(1000));
        sameBothWays(problem, rule);
        assertThat(Descent.run(problem.apply(rule)).stopReason().status().name()).isEqualTo("DIVERGED");
    }

    @Test
    void maximizing() {
        sameBothWays(rule -> formula("-(x-1)^2 - (y+2)^2 + 3", new double[] {0, 0}, new Sgd(0.5, 0, 0, false), 1e-2,
                        rule).withMaximize(true),
                rules(StoppingRule.divergence(1e12), StoppingRule.stepTolerance(1e-12),
                        StoppingRule.maxIterations(4000)), 77);
    }

    @Test
    void batchedRegressionToAnEpochLossTolerance() {
        sameBothWays(regression(400, 16, 0.01), rules(StoppingRule.divergence(1e12),
                StoppingRule.epochLossTolerance(1e-7), StoppingRule.maxIterations(2000)), 60);
    }

    @Test
    void perSampleRegression() {
        sameBothWays(regression(300, 1, 0.005).andThen(problem -> problem.withRecordLimit(100)),
                rules(StoppingRule.divergence(1e12), StoppingRule.maxIterations(1500)), 700);
    }

    /** Plain SGD from 0 on {@code CheckpointTests.regression(rows, batchSize)} at a constant {@code rate}. */
    private static Function<StoppingRule, Problem> regression(int rows, int batchSize, double rate) {
        return rule -> {
            Objective objective = CheckpointTests.regression(rows, batchSize);
            return Problem.of(objective, new double[objective.dimension()], Sgd.plain(0),
                    LearningRateSchedule.constant(rate), rule);
        };
    }

    /** Wherever a rule of StoppingRule fires, its screen holds: over random figures, special values among them. */
    @Test
    void theScreenHoldsWhereverARuleFires() {
        StoppingRule rule = rules(StoppingRule.divergence(1e3), StoppingRule.gradientTolerance(1e-3),
                rules(StoppingRule.stepTolerance(1e-4), StoppingRule.epochLossTolerance(1e-2)),
                StoppingRule.maxIterations(500), StoppingRule.divergence(1e5));
        StoppingRule.Screen screen = StoppingRule.Screen.of(rule);
        assertThat(screen.cap()).isEqualTo(500);
        assertThat(screen.bound()).isEqualTo(1e3);
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -0.0, 1e3, -1e3,
            1e-3, 1e-4, 1e-2, Double.MIN_VALUE};
        SplittableRandom random = new SplittableRandom(3);
        int fired = 0;
        for (int i = 0; i < 200_000; i++) {
            double[] figures = new double[4];
            for (int j = 0; j < figures.length; j++) {
                figures[j] = random.nextInt(4) == 0 ? special[random.nextInt(special.length)]
                        : Math.scalb(random.nextDouble(-1, 1), random.nextInt(-20, 20));
            }
            int iteration = random.nextInt(600);
            Progress progress = new Progress() {
                public int iteration() {
                    return iteration;
                }

                public double value() {
                    return figures[0];
                }

                public double gradientNorm() {
                    return Math.abs(figures[1]);
                }

                public double stepNorm() {
                    return Math.abs(figures[2]);
                }

                @Override
                public double epochLossChange() {
                    return Math.abs(figures[3]);
                }
            };
            Optional<StopReason> reason = rule.check(progress);
            for (double value : new double[] {figures[0], -figures[0]}) {
                if (reason.isPresent()) {
                    fired++;
                    assertThat(screen.holds(iteration, value, progress.gradientNorm(), progress))
                            .as("%s at %s", reason.get(), java.util.Arrays.toString(figures)).isTrue();
                }
            }
        }
        assertThat(fired).isGreaterThan(1000);
    }
}
