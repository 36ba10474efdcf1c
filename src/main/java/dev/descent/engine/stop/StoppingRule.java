package dev.descent.engine.stop;

import java.util.List;
import java.util.Locale;
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
        // An array, not the list: asked once per iteration, it should cost the rules' checks and no iterator.
        StoppingRule[] copy = List.copyOf(rules).toArray(new StoppingRule[0]);
        return progress -> {
            for (StoppingRule rule : copy) {
                Optional<StopReason> reason = rule.check(progress);
                if (reason.isPresent()) {
                    return reason;
                }
            }
            return Optional.empty();
        };
    }

    /** Stops after {@code max} updates (at k = max), with status {@code MAX_ITERATIONS}. */
    static StoppingRule maxIterations(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("Invalid iteration cap: " + max);
        }
        return p -> p.iteration() >= max
                ? Optional.of(new StopReason(Status.MAX_ITERATIONS, "reached the iteration cap of " + max))
                : Optional.empty();
    }

    /**
     * Converged when the last update moved x by less than {@code tolerance} (Euclidean norm): the seed tutorials'
     * {@code abs(new_x - x) < precision} in n dimensions.
     */
    static StoppingRule stepTolerance(double tolerance) {
        requirePositive("step tolerance", tolerance);
        return p -> p.stepNorm() < tolerance
                ? Optional.of(new StopReason(Status.CONVERGED, "step size " + format(p.stepNorm())
                        + " fell below the tolerance " + format(tolerance)))
                : Optional.empty();
    }

    /** Converged when a pass over the data changed the loss over the whole data set by less than {@code tolerance}. */
    static StoppingRule epochLossTolerance(double tolerance) {
        requirePositive("epoch loss tolerance", tolerance);
        return p -> p.epochLossChange() < tolerance
                ? Optional.of(new StopReason(Status.CONVERGED, "the epoch loss changed by "
                        + format(p.epochLossChange()) + ", less than the tolerance " + format(tolerance)))
                : Optional.empty();
    }

    /** Converged when ‖∇f(x_k)‖ is below {@code tolerance}. */
    static StoppingRule gradientTolerance(double tolerance) {
        requirePositive("gradient tolerance", tolerance);
        return p -> p.gradientNorm() < tolerance
                ? Optional.of(new StopReason(Status.CONVERGED, "gradient norm " + format(p.gradientNorm())
                        + " fell below the tolerance " + format(tolerance)))
                : Optional.empty();
    }

    /**
     * Diverged when f(x_k) or its gradient is not finite, or |f(x_k)| exceeds {@code bound}. Divergence is a
     * result, not an error: the run ends and reports the iteration where it happened.
     */
    static StoppingRule divergence(double bound) {
        requirePositive("divergence bound", bound);
        return p -> {
            if (!Double.isFinite(p.value())) {
                return diverged("the objective value became " + p.value() + " at iteration " + p.iteration());
            }
            if (!Double.isFinite(p.gradientNorm())) {
                return diverged("the gradient became non-finite at iteration " + p.iteration());
            }
            if (Math.abs(p.value()) > bound) {
                return diverged("|f| = " + format(Math.abs(p.value())) + " exceeded the divergence bound "
                        + format(bound) + " at iteration " + p.iteration());
            }
            return Optional.empty();
        };
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
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
