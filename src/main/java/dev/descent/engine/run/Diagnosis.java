package dev.descent.engine.run;

import dev.descent.engine.stop.Status;
import dev.descent.engine.text.GeneralFormat;

/**
 * What happened in a run, in one word and one plain sentence, with the numbers behind it: the verdict beside the
 * stopping status, which says why a run ended, not how it went.
 *
 * <p>The kinds, the first that applies in this order:
 * <ol>
 *   <li>{@link Kind#DIVERGING}: the run was stopped as DIVERGED, or f ended above where it started having risen at
 *       more than half of the updates (for a mini-batch run: the loss over the whole data set, at more than half of
 *       the epochs); a run stopped at its start (f or its gradient not finite there, or |f| past the bound) is
 *       said so, with no learning rate to blame, and so is one that walked out of f's domain, f falling at every
 *       update until the one that made it not a number;
 *   <li>{@link Kind#SADDLE} and {@link Kind#FLAT}: the run ended with a small gradient (it converged by a tolerance,
 *       or the gradient norm fell below {@value #SMALL_GRADIENT} of its size at the start, at least 1) where the
 *       curvature, known at the last point, is not positive: some direction curves down (SADDLE: the smallest
 *       eigenvalue of the Hessian below -{@value #FLAT_CURVATURE} of the largest curvature magnitude seen at the
 *       start and end, at least 1), or none curves either way (FLAT: every eigenvalue within that of 0);
 *   <li>{@link Kind#OSCILLATING}: successive steps pointed against each other for more than half of the pairs
 *       ({@link Behaviour#oscillating}); not for a mini-batch run, whose steps follow each batch's noise (near a
 *       minimum about half of them reverse whatever the rate). Where the run's curvature is known and nothing
 *       curved up (the largest eigenvalue seen flat, as above), the steps turned back at a kink, and the sentence
 *       says so;
 *   <li>{@link Kind#STALLED}: the gradient is not small at the end, yet the value the best point is judged by has
 *       made no progress ({@link Behaviour#lastProgress}: a decrease of {@link Behaviour#PROGRESS} of |f|) over the
 *       last {@value #STALL_FRACTION_PERCENT} % of the run, at least {@value #STALL_MINIMUM} updates; not a run (but
 *       a mini-batch one) whose f rose at a quarter of its updates or more: it swings in waves, and is NON_MONOTONE;
 *   <li>{@link Kind#NON_MONOTONE}: f rose at some updates (for a mini-batch run, the loss of the batches, which
 *       noise raises);
 *   <li>{@link Kind#MONOTONE}: f never rose.
 * </ol>
 *
 * <p>A run that maximizes descends -f: each rule above reads -f, and its sentence says it of f ("f fell at 3 of 40
 * updates", "Diverging: f fell from ..."), its numbers f's; the curvature, computed on -f, is named so ("-f curves
 * down along some direction: not a maximum").
 *
 * @param kind                    the verdict
 * @param sentence                the verdict in one plain sentence, with its numbers
 * @param updates                 the updates the run made
 * @param increases               the updates that raised f
 * @param reversals               the steps that pointed against the step before
 * @param iterationsSinceProgress the updates since the last progress
 */
public record Diagnosis(Kind kind, String sentence, int updates, int increases, int reversals,
                        int iterationsSinceProgress) {

    /** The verdicts. */
    public enum Kind { MONOTONE, NON_MONOTONE, OSCILLATING, DIVERGING, STALLED, SADDLE, FLAT }

    /** A gradient norm at most this fraction of the start's (at least 1) is small. */
    public static final double SMALL_GRADIENT = 1e-6;
    /** A curvature within this fraction of the curvature scale (at least 1) of 0 is flat. */
    public static final double FLAT_CURVATURE = 1e-6;
    /** The share of the run, in percent, without progress that makes it stalled. */
    public static final int STALL_FRACTION_PERCENT = 10;
    /** The fewest updates without progress that make a run stalled. */
    public static final int STALL_MINIMUM = 10;

    /**
     * Diagnoses {@code result}.
     *
     * @param result    the run, with its curvature when it was computed ({@link Result#curvature()})
     * @param miniBatch whether its iterates carry the losses of mini-batches (its best judged by epoch losses)
     */
    public static Diagnosis of(Result result, boolean miniBatch) {
        return of(result, miniBatch, false);
    }

    /**
     * Diagnoses {@code result} of a run that maximized f when {@code maximize} (its values f, its increases and
     * curvature those of -f, which it descended).
     */
    public static Diagnosis of(Result result, boolean miniBatch, boolean maximize) {
        return of(result, miniBatch, maximize, null);
    }

    /**
     * As {@link #of(Result, boolean, boolean)} for a run kept in {@code bounds} (null: none): a run that converged on
     * the edge of its box with a gradient that is not small stopped where f goes on falling outside the box, and its
     * sentence says so.
     */
    public static Diagnosis of(Result result, boolean miniBatch, boolean maximize, Box bounds) {
        Diagnosis diagnosis = judge(result, miniBatch, maximize);
        Iterate last = result.last();
        if (bounds == null || result.stopReason().status() != Status.CONVERGED
                || smallGradient(result.trajectory().get(0), last)
                || !onEdge(last.point(), bounds)) {
            return diagnosis;
        }
        return new Diagnosis(diagnosis.kind(), diagnosis.sentence() + " It ended on the edge of its bounds with the "
                + "gradient not small (norm " + number(last.gradientNorm()) + "): the " + (maximize ? "highest"
                : "lowest") + " point within them, f going on " + (maximize ? "rising" : "falling") + " beyond.",
                diagnosis.updates(), diagnosis.increases(), diagnosis.reversals(),
                diagnosis.iterationsSinceProgress());
    }

    /** {@value #SMALL_GRADIENT} of the start's gradient norm (at least 1), or less. */
    private static boolean smallGradient(Iterate start, Iterate last) {
        return last.gradientNorm() <= SMALL_GRADIENT * Math.max(1, start.gradientNorm());
    }

    private static boolean onEdge(double[] x, Box bounds) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] == bounds.lower()[i] || x[i] == bounds.upper()[i]) {
                return true;
            }
        }
        return false;
    }

    private static Diagnosis judge(Result result, boolean miniBatch, boolean maximize) {
        double sense = maximize ? -1 : 1;
        String rose = maximize ? "fell" : "rose";
        String rising = maximize ? "falling" : "rising";
        String fell = maximize ? "rose" : "fell";
        String descended = maximize ? "-f" : "f";
        String goal = maximize ? "maximum" : "minimum";
        RunCurvature curvatures = result.curvature();
        Behaviour behaviour = result.behaviour();
        int updates = result.iterations();
        int increases = behaviour.increases();
        int reversals = behaviour.reversals();
        int sinceProgress = updates - behaviour.lastProgress();
        Iterate start = result.trajectory().get(0);
        Iterate last = result.last();
        Iterate best = result.best();
        Status status = result.stopReason().status();
        // A mini-batch run is judged on the whole data: its epoch losses, and the last iterate's whole-data loss.
        double startValue = miniBatch ? result.epochLoss(0) : start.value();
        String f0 = number(startValue);
        String fLast = number(last.value());
        boolean wentBack = sense * last.value() > sense * startValue && (miniBatch ? epochRises(result) * 2L > result.epochCount() - 1
                : increases * 2L > updates);
        String bestText = best.iteration() == 0 ? "the start" : "iterate " + best.iteration() + ", f = "
                + number(best.value());
        if (status == Status.DIVERGED && updates == 0) {
            return new Diagnosis(Kind.DIVERGING, atStart(startValue, start.gradientNorm()), 0, 0, 0, 0);
        }
        if (status == Status.DIVERGED && sense * last.value() < sense * startValue
                && (Double.isInfinite(last.value()) || Double.isFinite(last.gradientNorm()))) {
            // Stopped going the right way, f past the bound or infinite: f has no minimum (maximum) along the run.
            // Not a gradient that blew up where f is still finite.
            return new Diagnosis(Kind.DIVERGING, "Diverging: f " + fell + " without bound, from " + f0 + " to " + fLast
                    + " in " + count(updates, "update") + ", until the run was stopped: it has no " + goal
                    + " this way. The best point is " + bestText + ".", updates, increases, reversals, sinceProgress);
        }
        if (status == Status.DIVERGED && !miniBatch && updates >= 2 && increases == 1 && Double.isNaN(last.value())) {
            // f fell at every update but the last, which made it not a number: the run walked out of f's domain
            // downhill, as sqrt(x) from 1 does at x < 0, not by overshooting.
            return new Diagnosis(Kind.DIVERGING, "Diverging: f " + fell + " at every update from " + f0 + " to "
                    + number(best.value()) + ", then was not a number after update " + updates + ": the run stepped "
                    + "out of f's domain (as into sqrt or log of a negative number) still going " + (maximize ? "up"
                    : "down") + ". Where the " + goal + " lies at the domain's edge, a smaller learning rate only gets "
                    + "there later; box bounds keep the run inside. The best point is " + bestText + ".", updates,
                    increases, reversals, sinceProgress);
        }
        if (status == Status.DIVERGED && !miniBatch && updates > 0 && increases == 0 && Double.isFinite(last.value())
                && !Double.isFinite(last.gradientNorm())) {
            // f went the right way at every update onto a point where it has no derivative (sqrt(x) at 0, reached
            // through a bound): a corner of f, often the very point sought, not a step too long.
            return new Diagnosis(Kind.DIVERGING, "Diverging: f " + fell + " at every update, from " + f0 + " to "
                    + fLast + ", until its gradient was not finite at iterate " + updates + ": the run reached a point "
                    + "where f has no derivative (as sqrt(x) at 0), which may be the " + goal + " itself; no learning "
                    + "rate is to blame. The best point is " + bestText + ".", updates, increases, reversals,
                    sinceProgress);
        }
        if (status == Status.DIVERGED || wentBack) {
            // "rose" only where it did: an end that is not a number, or lower than the start, went there.
            String went = sense * last.value() > sense * startValue ? rose : "went";
            // A schedule that raised the rate (a growing exponential, a warmup, a cycle's climb) is what to lower.
            double firstRate = result.trajectory().size() > 1 ? result.trajectory().get(1).learningRate() : Double.NaN;
            String lower = last.learningRate() > 1.5 * firstRate
                    ? "the schedule had raised the learning rate from " + number(firstRate) + " to "
                            + number(last.learningRate()) + ": lower it, or its rise"
                    : "lower the learning rate";
            return new Diagnosis(Kind.DIVERGING, "Diverging: f " + went + " from " + f0 + " to " + fLast + " in "
                    + count(updates, "update") + ", " + rising + " at " + increases + " of them"
                    + (status == Status.DIVERGED ? ", until the run was stopped" : "")
                    + "; the steps are too large for this function here (" + lower + "). The best point is "
                    + bestText + ".", updates, increases, reversals, sinceProgress);
        }
        boolean smallGradient = status == Status.CONVERGED || smallGradient(start, last);
        if (smallGradient && curvatures.knownAtEnd()) {
            double flat = FLAT_CURVATURE * curvatures.scale();
            if (curvatures.endSmallest() < -flat) {
                boolean maximum = curvatures.endLargest() < -flat;
                return new Diagnosis(Kind.SADDLE, (maximum ? (maximize ? "A minimum" : "A maximum") : "A saddle point")
                        + ": the gradient is small here (norm " + number(last.gradientNorm()) + ") but " + descended
                        + " curves down along some direction (smallest curvature " + number(curvatures.endSmallest())
                        + ", largest " + number(curvatures.endLargest()) + "): not a " + goal
                        + "; a start off this point's line of approach, or a little noise, would leave it.",
                        updates, increases, reversals, sinceProgress);
            }
            if (curvatures.endLargest() <= flat) {
                return new Diagnosis(Kind.FLAT, "Flat: the gradient is small here (norm " + number(last.gradientNorm())
                        + ") and " + descended + " curves neither up nor down (curvature between "
                        + number(curvatures.endSmallest()) + " and " + number(curvatures.endLargest())
                        + "): a plateau or a degenerate point, which the gradient alone cannot tell from a " + goal
                        + ".", updates, increases, reversals, sinceProgress);
            }
        }
        if (!miniBatch && behaviour.oscillating(updates)) {
            double largest = curvatures.largest();
            String why = Double.isFinite(largest) && largest <= FLAT_CURVATURE * curvatures.scale()
                    // Nothing curves up, yet the steps turn back: the slope jumps somewhere between them.
                    ? "; " + descended + " does not curve up where the run was examined (largest curvature "
                            + number(largest) + "), so the steps turn back at a kink, where its slope jumps (as at "
                            + "abs(x) = 0): a constant learning rate crosses it again and again, whatever the rate, "
                            + "and a decaying schedule would settle"
                    : start.point().length == 1
                            ? "; the run jumps back and forth across the " + goal + " instead of approaching it from "
                                    + "one side"
                            : "; the run zig-zags across the valley instead of along it";
            return new Diagnosis(Kind.OSCILLATING, "Oscillating: " + reversals + " of " + (updates - 1)
                    + " successive steps pointed against the step before (" + percent(reversals, updates - 1) + ")"
                    + why + (status == Status.CONVERGED ? ", though it converged" : "") + ".",
                    updates, increases, reversals, sinceProgress);
        }
        int stallWindow = Math.max(STALL_MINIMUM, (int) Math.ceil(updates * (STALL_FRACTION_PERCENT / 100.0)));
        // f rose at a quarter of the updates or more, its steps not mostly reversing: the run swings past the goal and
        // back in waves (momentum above its oscillation threshold rings so, Adam hovers so near a minimum), and its
        // best point was a lucky pass, not the end of progress.
        boolean waves = !miniBatch && increases * 4L >= updates;
        if (!smallGradient && sinceProgress >= stallWindow && !waves) {
            String sentence = miniBatch
                    ? "Stalled: in the last " + sinceProgress + " updates the loss over all the data fell by less than "
                            + percentOf(Behaviour.PROGRESS) + " while its gradient is not small (norm "
                            + number(last.gradientNorm()) + "): at this learning rate the noise of the mini-batches "
                            + "keeps the run from going further; a decaying schedule or larger batches would."
                    : "Stalled: in the last " + sinceProgress + " updates f " + fell + " by less than "
                            + percentOf(Behaviour.PROGRESS) + " of its size while the gradient is not small (norm "
                            + number(last.gradientNorm()) + ", " + number(start.gradientNorm()) + " at the start): the "
                            + "steps are too small for how flat the function is here (a plateau), or cancel out.";
            return new Diagnosis(Kind.STALLED, sentence, updates, increases, reversals, sinceProgress);
        }
        if (increases > 0) {
            String sentence = miniBatch
                    ? "Not monotone: the loss of the mini-batches rose at " + increases + " of " + updates
                            + " updates (" + percent(increases, updates) + "), as the noise of sampled batches makes "
                            + "it; judged on all the data, the best point is iterate " + best.iteration() + " (loss "
                            + number(best.value()) + ")."
                    : "Not monotone: f " + rose + " at " + increases + " of " + count(updates, "update") + " ("
                            + percent(increases, updates) + "), though the steps did not mostly reverse"
                            + (waves ? ": it " + rose + " and " + fell + " in waves as the run swung past the " + goal
                                    + " and back, and has not settled" : "")
                            + "; the best point is iterate " + best.iteration() + " (f = " + number(best.value())
                            + "), the last f = " + fLast + ".";
            return new Diagnosis(Kind.NON_MONOTONE, sentence, updates, increases, reversals, sinceProgress);
        }
        if (updates == 0) {
            return new Diagnosis(Kind.MONOTONE, "No update: the run stopped at its start (f = " + f0 + ").", 0, 0, 0,
                    0);
        }
        if (start.gradientNorm() == 0) {
            // Started on a stationary point: the steps were 0 and f never changed.
            boolean curvesUp = curvatures.knownAtEnd()
                    && curvatures.endSmallest() > FLAT_CURVATURE * curvatures.scale();
            return new Diagnosis(Kind.MONOTONE, "Monotone: the gradient is 0 at the start, a stationary point"
                    + (curvesUp ? " where " + descended + " curves up in every direction (a " + goal + ")" : "")
                    + ", so the run did not move from it (f = " + f0 + ").", updates, increases, reversals,
                    sinceProgress);
        }
        if (last.value() == startValue) {
            // Never lower, never higher: the steps did not change f (a rate of 1e-320), or kept to one of its levels.
            return new Diagnosis(Kind.MONOTONE, "Monotone: f stayed at " + f0 + " through " + count(updates, "update")
                    + ": the steps did not change it (too small for its digits, or along one of its level sets).",
                    updates, increases, reversals, sinceProgress);
        }
        // Cut off by the cap with a gradient as steep as at the start: nothing says a minimum is near.
        boolean steadySlope = status == Status.MAX_ITERATIONS && !miniBatch && updates > 0
                && last.gradientNorm() >= start.gradientNorm();
        return new Diagnosis(Kind.MONOTONE, "Monotone: f " + fell + " at every update, from " + f0 + " to " + fLast + " in "
                + count(updates, "update") + (steadySlope ? "; its gradient did not shrink (norm "
                + number(start.gradientNorm()) + " at the start, " + number(last.gradientNorm()) + " at the end): f "
                + "may go on " + (maximize ? "rising" : "falling") + " without bound this way, or its " + goal
                + " is still far" : "") + ".", updates, increases, reversals, sinceProgress);
    }

    /**
     * A run stopped at its start, before any update: f or its gradient is not finite there, or |f| is already past
     * the divergence bound. No learning rate is to blame, and none would help.
     */
    private static String atStart(double value, double gradientNorm) {
        String what;
        String advice;
        if (Double.isNaN(value)) {
            what = "f is not defined at the start (not a number)";
            advice = "start inside its domain";
        } else if (Double.isInfinite(value)) {
            what = "f is " + number(value) + " at the start";
            advice = "start where it is finite";
        } else if (!Double.isFinite(gradientNorm)) {
            what = "f's gradient is not finite at the start (f = " + number(value) + ")";
            advice = "start where f is differentiable";
        } else {
            what = "|f| at the start, " + number(Math.abs(value)) + ", is already past the divergence bound";
            advice = "start nearer a minimum, or raise the bound";
        }
        return "Diverging at the start: " + what + ", so the run stopped before its first update; no learning rate "
                + "is to blame, and none would help: " + advice + ".";
    }

    private static int epochRises(Result result) {
        int rises = 0;
        for (int e = 1; e < result.epochCount(); e++) {
            if (!(result.epochLoss(e) <= result.epochLoss(e - 1))) {
                rises++;
            }
        }
        return rises;
    }

    /** {@code n} things: "1 update", "2 updates". */
    static String count(int n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }

    /** The share, in whole percent rounded half up (as {@code %.0f} rounds it). */
    static String percent(int part, int whole) {
        return whole <= 0 ? "0 %" : Math.round(100.0 * part / whole) + " %";
    }

    private static String percentOf(double fraction) {
        return number(100 * fraction) + " %";
    }

    /**
     * A number as a person reads it, as the sentences here and the curvature's write it: 4 significant digits,
     * trailing zeros dropped, an exponent for the very large and small.
     */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "not a number";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "infinity" : "-infinity";
        }
        return GeneralFormat.readable(value, 4);
    }

}
