package dev.descent.engine.run;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Watches a run from outside while it goes: sees every iterate as it is made, and may stop the run. The run calls
 * these methods on its own thread; an implementation that another thread reads must publish safely.
 */
public interface RunListener {

    /** Listens to nothing and never cancels. */
    RunListener NONE = new RunListener() {
        @Override
        public boolean watchesIterates() {
            return false;
        }
    };

    /**
     * A listener that only cancels, when {@code cancelled} answers true (never for a time budget). Since it watches
     * no iterate, a run may poll it less often than at every iteration: at least every
     * {@value Descent#CANCEL_POLL} iterations (a fused loop runs that many between polls).
     */
    static RunListener cancelledWhen(BooleanSupplier cancelled) {
        return new Cancelling(cancelled);
    }

    /** What {@link #cancelledWhen} makes. */
    record Cancelling(BooleanSupplier test) implements RunListener {

        public Cancelling {
            Objects.requireNonNull(test, "test");
        }

        @Override
        public boolean cancelled() {
            return test.getAsBoolean();
        }

        @Override
        public boolean watchesIterates() {
            return false;
        }
    }

    /**
     * Whether the listener looks at the run while it goes ({@link #onIterate}, {@link #checkpointWanted()}, and
     * {@link #cancelled()} at every iteration): true unless overridden. A loop that runs many iterations at once
     * (a fused loop) makes each of these calls as the general loop would when true; when false it skips
     * {@code onIterate} and polls {@code cancelled()} every {@value Descent#CANCEL_POLL} iterations (the listeners
     * of {@link #NONE} and {@link #cancelledWhen}).
     */
    default boolean watchesIterates() {
        return true;
    }

    /**
     * Called once per iterate, start included, right after it is recorded, with the run's own arrays: {@code point}
     * is valid only during the call and must not be changed or kept (copy what is needed). Nothing is allocated
     * per call; the default makes an {@link Iterate} snapshot and hands it to {@link #onIterate(Iterate)}.
     *
     * @param learningRate the rate of the update that led here; NaN at the start
     */
    default void onIterate(int iteration, double[] point, double value, double gradientNorm, double learningRate) {
        onIterate(new Iterate(iteration, point, value, gradientNorm, learningRate));
    }

    /** Called once per iterate with a snapshot, unless {@link #onIterate(int, double[], double, double, double)}
     * is overridden. */
    default void onIterate(Iterate iterate) {
    }

    /**
     * Polled once per iteration, before each update: true ends the run with status {@code CANCELLED}, keeping
     * the trajectory so far. A volatile read is all it should cost.
     */
    default boolean cancelled() {
        return false;
    }

    /**
     * Asked only when {@link #cancelled()} has answered true: whether the run stops because its time budget ran out
     * (status {@code TIME_LIMIT}) rather than because it was cancelled. Costs nothing per iteration.
     */
    default boolean timeUp() {
        return false;
    }

    /**
     * Polled once per iteration boundary, at iterate k before the stopping rule looks at it (and before
     * {@link #cancelled()}): true makes the run take a {@link Checkpoint} there and hand it to
     * {@link #onCheckpoint}. A volatile read is all it should cost; nothing is copied unless it answers true. To
     * suspend a run, answer true here and then true from {@link #cancelled()}: the checkpoint comes first, and
     * {@link Descent#resume} continues from it.
     */
    default boolean checkpointWanted() {
        return false;
    }

    /**
     * Receives the checkpoint asked for by {@link #checkpointWanted()}, on the run's thread; it is the listener's
     * to keep (it shares nothing with the run).
     */
    default void onCheckpoint(Checkpoint checkpoint) {
    }
}
