package dev.descent.engine.run;

/**
 * Watches a run from outside while it goes: sees every iterate as it is made, and may stop the run. The run calls
 * both methods on its own thread; an implementation that another thread reads must publish safely.
 */
public interface RunListener {

    /** Listens to nothing and never cancels. */
    RunListener NONE = new RunListener() {
    };

    /** Called once per iterate, start included, right after it is recorded. */
    default void onIterate(Iterate iterate) {
    }

    /**
     * Polled once per iteration, before each update: true ends the run with status {@code CANCELLED}, keeping
     * the trajectory so far. A volatile read is all it should cost.
     */
    default boolean cancelled() {
        return false;
    }
}
