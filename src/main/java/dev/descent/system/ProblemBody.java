package dev.descent.system;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The shape of every error body (RFC 9457), for the OpenAPI document only: the service writes Spring's
 * {@link org.springframework.http.ProblemDetail}, whose extension members are the optional fields here.
 */
@Schema(name = "Problem", description = "An RFC 9457 problem: every client error has this shape, as "
        + "application/problem+json.")
public record ProblemBody(
        @Schema(description = "The problem type, a stable URI.",
                example = "https://descent.dev/problems/invalid-request", requiredMode = REQUIRED) String type,
        @Schema(description = "A short human title of the problem type.", example = "Invalid request",
                requiredMode = REQUIRED) String title,
        @Schema(description = "The HTTP status.", example = "400", requiredMode = REQUIRED) int status,
        @Schema(description = "What went wrong in this request.", example = "optimizer.learningRate: must be in "
                + "[0, +inf), was -0.1", requiredMode = REQUIRED) String detail,
        @Schema(description = "The request path.", example = "/api/v1/optimizations",
                requiredMode = REQUIRED) String instance,
        @Schema(description = "Each invalid field, for invalid requests: at most the first 20.")
        List<FieldProblem> errors,
        @Schema(description = "When there are more than 20 invalid fields: how many there are.", example = "500000")
        Integer totalErrors,
        @Schema(description = "For an invalid expression: the 1-based column of the error.", example = "15")
        Integer column,
        @Schema(description = "For an invalid expression: what the parser expected there.", example = "')'")
        String expected,
        @Schema(description = "For work-too-large: the work the request may take, in work units "
                + "(maxIterations × (dimension + 3), summed over its runs).", example = "53000000")
        Long work,
        @Schema(description = "For work-too-large: the most work allowed.", example = "20000000")
        Long maxWork,
        @Schema(description = "For work-too-large on a synchronous endpoint: where to POST the work instead.",
                example = "/api/v1/jobs")
        String jobs,
        @Schema(description = "For too-large: the most bytes the request body may have.", example = "10000000")
        Long maxBytes) {
}
