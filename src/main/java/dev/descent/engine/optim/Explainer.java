package dev.descent.engine.optim;

/**
 * Told the quantities of one update as {@link Optimizer#explainStep} computes them, coordinate by coordinate. Only
 * an explained update has one: {@link Optimizer#step} tells nobody and records nothing.
 */
@FunctionalInterface
public interface Explainer {

    /** {@code quantity} of coordinate {@code coordinate} in this update is {@code value}. */
    void record(Quantity quantity, int coordinate, double value);
}
