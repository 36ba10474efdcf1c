package dev.descent.system;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One invalid field of a request, as listed in a problem's {@code errors}.
 *
 * @param field   the field's path in the request, e.g. {@code optimizer.learningRate} or {@code start.y}
 * @param message what is wrong with it
 */
@Schema(description = "One invalid field of a request.")
public record FieldProblem(
        @Schema(description = "The field's path in the request body (or the query parameter's name).",
                example = "optimizer.learningRate") String field,
        @Schema(description = "What is wrong with it.", example = "must be in [0, +inf), was -0.1") String message) {
}
