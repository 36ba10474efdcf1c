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

    /** The trivial schedule: {@code rate} at every step. */
    static LearningRateSchedule constant(double rate) {
        Schedules.checkRate(rate);
        return step -> rate;
    }
}
