package dev.descent.optimization;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.descent.engine.run.Diagnosis;
import io.swagger.v3.oas.annotations.media.Schema;

/** What happened in a run, in a word and a sentence ({@link Diagnosis}). */
@Schema(description = "What happened in the run, beside the stopping status (which says why it ended): a verdict, "
        + "one plain sentence and the numbers behind it.")
public record DiagnosisView(
        @Schema(description = "The verdict, the first that applies in this order. DIVERGING: stopped as DIVERGED, "
                + "or f ended above its start having risen at more than half of the updates. SADDLE: the gradient "
                + "is small at the end (converged, or below 1e-6 of its start) and f curves down along some "
                + "direction there (smallest Hessian eigenvalue below -1e-6 of the curvature's scale). FLAT: small "
                + "gradient, no curvature either way. OSCILLATING: successive steps pointed against each other for "
                + "more than half of the pairs (not judged for mini-batch runs, whose steps follow the noise). "
                + "STALLED: the gradient is not small, yet f (a mini-batch run: the loss over all the data) fell "
                + "by less than 0.01 % over the last 10 % of the run (at least 10 updates), and (but for a "
                + "mini-batch run) f rose at fewer than a quarter of the updates. NON_MONOTONE: f rose at some "
                + "updates (at a quarter or more: in waves, the run swinging past the minimum and back). MONOTONE: f "
                + "never rose.", example = "OSCILLATING", requiredMode = REQUIRED)
        Diagnosis.Kind kind,
        @Schema(description = "The verdict in one plain sentence, with its numbers.",
                example = "Oscillating: 20 of 20 successive steps pointed against the step before (100 %); the run "
                        + "zig-zags across the valley instead of along it, though it converged.",
                requiredMode = REQUIRED)
        String sentence,
        @Schema(description = "The updates made.", example = "21", requiredMode = REQUIRED)
        int updates,
        @Schema(description = "The updates that raised f (a mini-batch run: the loss of its batch).", example = "0",
                requiredMode = REQUIRED)
        int increases,
        @Schema(description = "The steps that pointed against the step before (negative dot product).",
                example = "20", requiredMode = REQUIRED)
        int reversals,
        @Schema(description = "The updates since f (a mini-batch run: the loss over all the data) last fell by at "
                + "least 0.01 % below its value at the progress before.", example = "0", requiredMode = REQUIRED)
        int iterationsSinceProgress) {

    static DiagnosisView of(Diagnosis diagnosis) {
        return new DiagnosisView(diagnosis.kind(), diagnosis.sentence(), diagnosis.updates(), diagnosis.increases(),
                diagnosis.reversals(), diagnosis.iterationsSinceProgress());
    }
}
