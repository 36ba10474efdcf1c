package dev.descent.engine.stop;

import dev.descent.engine.text.GeneralFormat;
import java.util.List;
import java.util.Optional;

/**
 * Decides after each iterate whether the run ends, and why (the shape of Hipparchus' {@code ConvergenceChecker}).
 * Rules compose with {@link #firstOf}; the result names the rule that fired. A rule is a function of the
 * {@link Progress} it is shown and keeps no state of its own: that is why a run's checkpoint needs only the
 * progress to resume with the same verdicts (a rule with memory would have to join the checkpoint).
 */
@FunctionalInterface
public interface StoppingRule {

    /** The reason to stop at this iterate, or empty to go on. Called once per iterate, k = 0 included. */
    Optional<StopReason> check(Progress progress);

    /** The first of {@code rules}, in order, that fires. */
    static StoppingRule firstOf(List<StoppingRule> rules) {
        return new FirstOf(List.copyOf(rules));
    }

    /** Stops after {@code max} updates (at k = max), with status {@code MAX_ITERATIONS}. */
    static StoppingRule maxIterations(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("Invalid iteration cap: " + max);
        }
        return new MaxIterations(max);
    }

    /**
     * Converged when the last update moved x by less than {@code tolerance} (Euclidean norm): the seed tutorials'
     * {@code abs(new_x - x) < precision} in n dimensions.
     */
    static StoppingRule stepTolerance(double tolerance) {
        requirePositive("step tolerance", tolerance);
        return new StepTolerance(tolerance);
    }

    /** Converged when a pass over the data changed the loss over the whole data set by less than {@code tolerance}. */
    static StoppingRule epochLossTolerance(double tolerance) {
        requirePositive("epoch loss tolerance", tolerance);
        return new EpochLossTolerance(tolerance);
    }

    /** Converged when ‖∇f(x_k)‖ is below {@code tolerance}. */
    static StoppingRule gradientTolerance(double tolerance) {
        requirePositive("gradient tolerance", tolerance);
        return new GradientTolerance(tolerance);
    }

    /**
     * Diverged when f(x_k) or its gradient is not finite, or |f(x_k)| exceeds {@code bound}. Divergence is a
     * result, not an error: the run ends and reports the iteration where it happened.
     */
    static StoppingRule divergence(double bound) {
        requirePositive("divergence bound", bound);
        return new Divergence(bound);
    }

    // The rules are records, not lambdas, so that a loop can read what they test (Screen) and ask a rule only
    // when it may fire.

    /** {@link #firstOf}: {@code rules} in order, the first that fires. */
    record FirstOf(List<StoppingRule> rules) implements StoppingRule {
        @Override
        public Optional<StopReason> check(Progress progress) {
            for (int i = 0; i < rules.size(); i++) {
                Optional<StopReason> reason = rules.get(i).check(progress);
                if (reason.isPresent()) {
                    return reason;
                }
            }
            return Optional.empty();
        }
    }

    /** {@link #maxIterations}. */
    record MaxIterations(int max) implements StoppingRule {
        @Override
        public Optional<StopReason> check(Progress p) {
            return p.iteration() >= max
                    ? Optional.of(new StopReason(Status.MAX_ITERATIONS, "reached the iteration cap of " + max))
                    : Optional.empty();
        }
    }

    /** {@link #stepTolerance}. */
    record StepTolerance(double tolerance) implements StoppingRule {
        @Override
        public Optional<StopReason> check(Progress p) {
            return fellBelow("step size", p.stepNorm(), tolerance);
        }
    }

    /** {@link #epochLossTolerance}. */
    record EpochLossTolerance(double tolerance) implements StoppingRule {
        @Override
        public Optional<StopReason> check(Progress p) {
            return p.epochLossChange() < tolerance
                    ? Optional.of(new StopReason(Status.CONVERGED, "the epoch loss changed by "
                            + format(p.epochLossChange()) + ", less than the tolerance " + format(tolerance)))
                    : Optional.empty();
        }
    }

    /** {@link #gradientTolerance}. */
    record GradientTolerance(double tolerance) implements StoppingRule {
        @Override
        public Optional<StopReason> check(Progress p) {
            return fellBelow("gradient norm", p.gradientNorm(), tolerance);
        }
    }

    /** {@link #divergence}. */
    record Divergence(double bound) implements StoppingRule {
        @Override
        public Optional<StopReason> check(Progress p) {
            if (!Double.isFinite(p.value())) {
                return diverged("the objective value " + (p.iteration() == 0 ? "is " : "became ") + p.value()
                        + where(p));
            }
            if (!Double.isFinite(p.gradientNorm())) {
                return diverged("the gradient " + (p.iteration() == 0 ? "is" : "became") + " non-finite" + where(p));
            }
            if (Math.abs(p.value()) > bound) {
                return diverged("|f| = " + format(Math.abs(p.value())) + (p.iteration() == 0 ? " is past" : " exceeded")
                        + " the divergence bound " + format(bound) + where(p));
            }
            return Optional.empty();
        }

        /** At iteration 0 nothing "became" anything: the start itself is where f is not finite or too large. */
        private static String where(Progress p) {
            return p.iteration() == 0 ? " at the start (iteration 0)" : " at iteration " + p.iteration();
        }
    }

    /**
     * A test that holds whenever {@code rule} may fire, for a loop to ask the rule only then (most iterations no
     * rule fires, and asking costs the rules' dispatch and their {@code Optional}s): built from the rules of
     * this interface ({@link #firstOf} of them, nested or not); for any other rule it always holds. It may hold
     * where no rule fires (a NaN value with no divergence rule); the rule's own {@link #check} decides.
     *
     * @param always       the rule is not made of this interface's rules only: ask it at every iterate
     * @param cap          the least iteration cap (Integer.MAX_VALUE without one)
     * @param bound        the least divergence bound (infinity without one: a value that is not a number, or a
     *                     gradient norm that is not finite, still passes the screen)
     * @param gradient     the greatest gradient tolerance (-infinity without one)
     * @param step         the greatest step tolerance (-infinity without one)
     * @param epochLoss    the greatest epoch loss tolerance (-infinity without one)
     */
    record Screen(boolean always, int cap, double bound, double gradient, double step, double epochLoss) {

        /** The screen of {@code rule}. */
        public static Screen of(StoppingRule rule) {
            Screen screen = new Screen(false, Integer.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                    Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY);
            return screen.with(rule);
        }

        private Screen with(StoppingRule rule) {
            if (rule instanceof FirstOf all) {
                Screen screen = this;
                for (StoppingRule each : all.rules()) {
                    screen = screen.with(each);
                }
                return screen;
            }
            if (rule instanceof MaxIterations m) {
                return new Screen(always, Math.min(cap, m.max()), bound, gradient, step, epochLoss);
            }
            if (rule instanceof Divergence d) {
                return new Screen(always, cap, Math.min(bound, d.bound()), gradient, step, epochLoss);
            }
            if (rule instanceof GradientTolerance g) {
                return new Screen(always, cap, bound, Math.max(gradient, g.tolerance()), step, epochLoss);
            }
            if (rule instanceof StepTolerance s) {
                return new Screen(always, cap, bound, gradient, Math.max(step, s.tolerance()), epochLoss);
            }
            if (rule instanceof EpochLossTolerance e) {
                return new Screen(always, cap, bound, gradient, step, Math.max(epochLoss, e.tolerance()));
            }
            return new Screen(true, cap, bound, gradient, step, epochLoss);
        }

        /**
         * Whether a rule may fire at an iterate with these figures ({@code value} is |f|, or -f: its sign is not
         * read); {@code stepNorm} is read only when there is a step tolerance.
         */
        public boolean holds(int iteration, double value, double gradientNorm, Progress progress) {
            return always || iteration >= cap || !(Math.abs(value) <= bound) || !Double.isFinite(gradientNorm)
                    || gradientNorm < gradient || (step != Double.NEGATIVE_INFINITY && progress.stepNorm() < step)
                    || progress.epochLossChange() < epochLoss;
        }
    }

    /** Converged when {@code value} (the {@code quantity}'s) is below {@code tolerance}, saying so. */
    private static Optional<StopReason> fellBelow(String quantity, double value, double tolerance) {
        return value < tolerance
                ? Optional.of(new StopReason(Status.CONVERGED, quantity + " " + format(value)
                        + " fell below the tolerance " + format(tolerance)))
                : Optional.empty();
    }

    private static Optional<StopReason> diverged(String description) {
        return Optional.of(new StopReason(Status.DIVERGED, description));
    }

    private static void requirePositive(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("Invalid " + what + ": " + value);
        }
    }

    private static String format(double value) {
        return GeneralFormat.format(value, 3);
    }
}
