package dev.descent.engine.stop;

/**
 * Why a run ended: the verdict and a sentence for people naming the rule that fired and its numbers.
 *
 * @param status      the verdict
 * @param description e.g. "step size 8.2e-07 fell below the tolerance 1e-06"
 */
public record StopReason(Status status, String description) {
}
