package dev.descent.engine.schedule;

/**
 * The learning rate as a function of the step (optax's {@code Schedule}): {@link #rate(int) rate(t)} is the rate
 * for the update that turns x_t into x_{t+1}, t = 0, 1, 2, ... Kept apart from optimizers, which take the rate
 * per step. Most schedules are pure functions of t; one that reacts to the objective (reduce-on-plateau) is told
 * each new value through {@link #observe}, so an instance of such a schedule serves one run.
 */
public interface LearningRateSchedule {

    /** The learning rate for update number {@code step} (0-based), at least 0. */
    double rate(int step);

    /**
     * Told f(x_{step+1}) after update number {@code step}; schedules that do not react to the objective ignore it.
     */
    default void observe(int step, double value) {
    }

    /**
     * What this schedule has learnt from {@link #observe}, as plain numbers, for a checkpoint: empty for a pure
     * function of the step (every schedule but reduce-on-plateau). {@link #restore} of it on a fresh instance of
     * the same schedule gives the same rates from then on, to the last bit.
     */
    default double[] save() {
        return new double[0];
    }

    /**
     * Takes back what {@link #save} gave.
     *
     * @throws IllegalArgumentException when {@code saved} is not this schedule's layout
     */
    default void restore(double[] saved) {
        if (saved.length != 0) {
            throw new IllegalArgumentException("This schedule keeps no state, the checkpoint has " + saved.length
                    + " numbers for it");
        }
    }

    /**
     * The momentum (SGD's and RMSprop's μ) or β1 (Adam, Adamax, NAdam, RAdam) for update number {@code step} when
     * this schedule cycles it, as PyTorch's {@code OneCycleLR} and {@code CyclicLR} set {@code group['momentum']}
     * or {@code group['betas'][0]} before each step; NaN when it does not ({@link #cyclesMomentum()} false).
     */
    default double momentum(int step) {
        return Double.NaN;
    }

    /** Whether {@link #momentum} gives a number for every step. */
    default boolean cyclesMomentum() {
        return false;
    }

    /**
     * The most updates this schedule has rates for: {@code OneCycleLR}'s {@code totalSteps} (PyTorch refuses to
     * step past it), unbounded for every other schedule.
     */
    default long maxSteps() {
        return Long.MAX_VALUE;
    }

    /** The trivial schedule: {@code rate} at every step. */
    static LearningRateSchedule constant(double rate) {
        return new Constant(rate);
    }

    /**
     * {@code rate} at every step, observing nothing: a type of its own so that a descent loop can take the rate
     * once instead of asking at every step.
     */
    record Constant(double rate) implements LearningRateSchedule {

        public Constant {
            Schedules.checkRate(rate);
        }

        @Override
        public double rate(int step) {
            return rate;
        }
    }
}
