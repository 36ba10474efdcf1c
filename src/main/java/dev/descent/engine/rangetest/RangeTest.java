package dev.descent.engine.rangetest;

import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.Status;
import dev.descent.engine.stop.StopReason;
import dev.descent.engine.stop.StoppingRule;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A learning-rate range test (Smith, "Cyclical Learning Rates for Training Neural Networks", 2017, §3.3; fastai's
 * {@code LRFinder}): one descent whose learning rate grows exponentially from {@code min} to {@code max} over
 * {@code steps} updates, recording the loss of each step and its smoothed value, and stopped as soon as the
 * smoothed loss blows up. It is a {@link LearningRateSchedule} (the sweep) that also hands out the
 * {@link #stoppingRule() stopping rule} that records the curve, so that the ordinary descent loop runs it.
 *
 * <pre>
 *   lr_i       = min · (max / min)^(i / (steps - 1))                     i = 0 .. steps - 1
 *   loss_i     = f(x_i), on the batch of update i for a mini-batch objective (x_i: after i updates)
 *   avg_i      = β · avg_{i-1} + (1 - β) · loss_i,   avg_{-1} = 0,   β = 0.98
 *   smooth_i   = avg_i / (1 - β^(i+1))                                   (debiased, as Adam's moments)
 *   best_i     = min(smooth_0 .. smooth_i)
 *   stop at i when smooth_i > 4 · best_i, or smooth_i is not finite (blow-up, DIVERGED)
 *   best_i &lt;= 0 (f below 0 somewhere): stop when smooth_i - best_i > 3 · max(|best_i|, |smooth_0|) instead
 * </pre>
 * The point i pairs lr_i with the loss measured just before the update taken at lr_i, as fastai's recorder pairs
 * them; so the last point's rate (max, after a full sweep) is never used for an update, and a full sweep makes
 * {@code steps - 1} updates. fastai's scheduler reaches {@code max} only in the limit (i / steps); here the last
 * point is at {@code max} exactly.
 *
 * <p>The rule keeps the curve, which a {@link StoppingRule} should not; it lives in this schedule, whose
 * {@link #save()} and {@link #restore} carry it through a checkpoint (taken before the rule sees iterate k, so the
 * resumed rule sees iterate k once). An instance serves one run.
 */
public final class RangeTest implements LearningRateSchedule {

    /** fastai's smoothing ({@code Recorder}'s {@code AvgSmoothLoss(beta=0.98)}). */
    public static final double BETA = 0.98;
    /** fastai's blow-up factor: stop when the smoothed loss exceeds 4 × the best so far. */
    public static final double BLOW_UP = 4;

    private final double min;
    private final double max;
    private final int steps;
    private final double logRatio;
    private double[] losses = new double[16];
    private double[] smoothed = new double[16];
    private int points;
    private double average;
    private double best = Double.POSITIVE_INFINITY;
    /** +1, or -1 for a run that maximizes f: the loss is then -f, the function it descends. */
    private final double sense;

    /** A test of a run that minimizes: the loss is f. */
    public RangeTest(double min, double max, int steps) {
        this(min, max, steps, false);
    }

    /**
     * @param min   the first learning rate, positive and finite
     * @param max   the last, above {@code min} and finite
     * @param steps the points of the sweep (losses recorded), at least 2
     * @param maximize whether the run maximizes f ({@code Problem.maximize}): the loss recorded is then -f
     */
    public RangeTest(double min, double max, int steps, boolean maximize) {
        if (!(min > 0) || Double.isInfinite(min)) {
            throw new IllegalArgumentException("Invalid minimum learning rate: " + min);
        }
        if (!(max > min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("Invalid maximum learning rate: " + max + " (above the minimum "
                    + min + ", finite)");
        }
        if (steps < 2) {
            throw new IllegalArgumentException("Invalid number of steps: " + steps + " (at least 2)");
        }
        this.min = min;
        this.max = max;
        this.steps = steps;
        this.logRatio = Math.log(max / min);
        this.sense = maximize ? -1 : 1;
    }

    /** The points of the sweep: {@code steps}. */
    public int steps() {
        return steps;
    }

    /** lr_i; {@code max} from i = steps - 1 on. */
    @Override
    public double rate(int step) {
        if (step >= steps - 1) {
            return max;
        }
        return min * Math.exp(logRatio * step / (steps - 1));
    }

    /**
     * The rule that records each iterate's loss and stops the run: on blow-up (status DIVERGED), else at the end of
     * the sweep, after {@code steps - 1} updates (MAX_ITERATIONS: it is the run's iteration cap). Composed with
     * other rules, it must come first, so that it sees every iterate.
     */
    public StoppingRule stoppingRule() {
        return progress -> {
            if (progress.iteration() != points) {
                // Shown an iterate twice (never, in the descent loop) or out of order: record nothing.
                return Optional.empty();
            }
            // Progress.value() is f as typed; a climb's loss is -f.
            double smooth = add(sense * progress.value());
            int i = points - 1;
            if (!Double.isFinite(smooth)) {
                return Optional.of(new StopReason(Status.DIVERGED, "the smoothed loss became " + smooth
                        + " at learning rate " + format(rate(i)) + " (point " + i + ")"));
            }
            if (best > 0 && smooth > BLOW_UP * best) {
                return Optional.of(new StopReason(Status.DIVERGED, "the smoothed loss " + format(smooth)
                        + " exceeded 4 × its best " + format(best) + " at learning rate " + format(rate(i))
                        + " (point " + i + ")"));
            }
            if (best <= 0 && smooth - best > (BLOW_UP - 1) * scale()) {
                return Optional.of(new StopReason(Status.DIVERGED, "the smoothed loss " + format(smooth)
                        + " rose above its best " + format(best) + " by more than 3 × " + format(scale())
                        + " at learning rate " + format(rate(i)) + " (point " + i + ")"));
            }
            if (i >= steps - 1) {
                return Optional.of(new StopReason(Status.MAX_ITERATIONS, "swept the whole range, "
                        + format(min) + " to " + format(max) + " in " + steps + " points, without a blow-up"));
            }
            return Optional.empty();
        };
    }

    /**
     * The size a rise of a loss at or below 0 is measured against: the larger of |best| and |smooth_0|. fastai's
     * rule, smooth &gt; 4 · best, reads a loss above 0 (a rise of 3 · best over the best); at or below 0 it would
     * fire at once (4 · best &lt;= best), so there the rise must pass 3 times this instead.
     */
    private double scale() {
        return Math.max(Math.abs(best), Math.abs(smoothed[0]));
    }

    /** Records loss_i for the next point and answers smooth_i. */
    private double add(double loss) {
        if (points == losses.length) {
            losses = Arrays.copyOf(losses, 2 * points);
            smoothed = Arrays.copyOf(smoothed, 2 * points);
        }
        average = BETA * average + (1 - BETA) * loss;
        // Debiasing: avg_i weighs the losses with (1 - β) β^(i-j), which sum to 1 - β^(i+1), not 1.
        double smooth = average / (1 - Math.pow(BETA, points + 1));
        losses[points] = loss;
        smoothed[points] = smooth;
        points++;
        if (smooth < best) {
            best = smooth;
        }
        return smooth;
    }

    /** The curve recorded so far. */
    public Curve curve() {
        double[] rates = new double[points];
        for (int i = 0; i < points; i++) {
            rates[i] = rate(i);
        }
        return new Curve(rates, Arrays.copyOf(losses, points), Arrays.copyOf(smoothed, points));
    }

    /** The raw losses recorded so far: the smoothing is recomputed from them on {@link #restore}. */
    @Override
    public double[] save() {
        return Arrays.copyOf(losses, points);
    }

    @Override
    public void restore(double[] saved) {
        if (saved.length > steps) {
            throw new IllegalArgumentException("The checkpoint has " + saved.length + " losses, the sweep "
                    + steps + " points");
        }
        losses = new double[Math.max(16, saved.length)];
        smoothed = new double[losses.length];
        points = 0;
        average = 0;
        best = Double.POSITIVE_INFINITY;
        for (double loss : saved) {
            add(loss);
        }
    }

    /**
     * The curve of a range test, one entry per point: lr_i, loss_i and smooth_i.
     *
     * @param learningRates lr_i, increasing
     * @param losses        the losses as measured
     * @param smoothed      their debiased exponential moving average
     */
    public record Curve(double[] learningRates, double[] losses, double[] smoothed) {

        public Curve {
            if (learningRates.length != losses.length || losses.length != smoothed.length) {
                throw new IllegalArgumentException("A curve's columns have one length");
            }
        }

        public int size() {
            return losses.length;
        }

        /**
         * fastai's suggestions ({@code lr_find}: {@code steep} and {@code minimum}), made on the smoothed curve
         * without its first {@code steps / 10} points and its last 5 (where it is still noisy, and where it blows
         * up), cut before the first non-finite value. When fewer than 2 points remain, the whole finite curve is
         * used; with fewer than 2 finite points there is no suggestion.
         *
         * @param steps the points the sweep was asked for (fastai's {@code num_it})
         */
        public Optional<Suggestion> suggest(int steps) {
            int finite = 0;
            while (finite < size() && Double.isFinite(smoothed[finite])) {
                finite++;
            }
            int from = steps / 10;
            int to = Math.min(size() - 5, finite);
            if (to - from < 2) {
                from = 0;
                to = finite;
            }
            if (to - from < 2) {
                return Optional.empty();
            }
            int lowest = from;
            int steepest = from;
            double steepestSlope = Double.POSITIVE_INFINITY;
            for (int i = from; i < to; i++) {
                if (smoothed[i] < smoothed[lowest]) {
                    lowest = i;
                }
                if (i + 1 < to) {
                    // d smooth / d ln(lr) between points i and i + 1; fastai names the left point's rate.
                    double slope = (smoothed[i + 1] - smoothed[i])
                            / (Math.log(learningRates[i + 1]) - Math.log(learningRates[i]));
                    if (slope < steepestSlope) {
                        steepestSlope = slope;
                        steepest = i;
                    }
                }
            }
            return Optional.of(new Suggestion(learningRates[steepest], steepestSlope, learningRates[lowest] / 10,
                    from, to));
        }
    }

    /**
     * What a range test suggests.
     *
     * @param steepest       fastai's {@code lr_steep}: the rate where the smoothed loss falls fastest against
     *                       ln(lr) (the left end of the steepest segment)
     * @param steepestSlope  that slope, d smooth / d ln(lr); not negative when the curve never falls
     * @param minimumOverTen fastai's {@code lr_min}: the rate of the lowest smoothed loss, divided by 10
     * @param from           the first point the suggestions looked at
     * @param to             one past the last
     */
    public record Suggestion(double steepest, double steepestSlope, double minimumOverTen, int from, int to) {

        /** The rule that gives the suggested rate: the steepest descent, or minimum / 10 when the curve never falls. */
        public Rule rule() {
            return steepestSlope < 0 ? Rule.STEEPEST : Rule.MINIMUM_OVER_TEN;
        }

        /** The suggested rate, by {@link #rule()}. */
        public double learningRate() {
            return rule() == Rule.STEEPEST ? steepest : minimumOverTen;
        }
    }

    /** The rules a suggestion is made by. */
    public enum Rule {
        /** fastai's {@code steep} (its default until 2.4): where the smoothed loss falls fastest. */
        STEEPEST,
        /** fastai's {@code minimum}: a tenth of the rate of the lowest smoothed loss. */
        MINIMUM_OVER_TEN
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
