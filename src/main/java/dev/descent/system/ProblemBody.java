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
        @Schema(description = "The request's id: the answer's X-Request-Id header, which the client may choose (1 "
                + "to 64 of A-Z a-z 0-9 . _ : -) or the service makes; every log line of the request carries it, so "
                + "quote it when reporting a problem.", example = "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                requiredMode = REQUIRED)
        String requestId,
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
        Long maxBytes,
        @Schema(description = "For answer-too-large: the numbers the answer would hold.", example = "1200000")
        Long numbers,
        @Schema(description = "For answer-too-large: the most numbers an answer may hold.", example = "1000000")
        Long maxNumbers,
        @Schema(description = "For answer-too-large on a job: the bytes its result would keep.", example = "300000000")
        Long retainedBytes,
        @Schema(description = "For answer-too-large on a job: the most bytes the results of all jobs may keep.",
                example = "268435456")
        Long maxRetainedBytes,
        @Schema(description = "For job-finished and job-not-finished: the job's state.", example = "SUCCEEDED")
        String state,
        @Schema(description = "For not-acceptable on a picture: the media types it comes in.",
                example = "[\"image/svg+xml\", \"image/png\"]")
        List<String> acceptable,
        @Schema(description = "For plot-not-drawable: the number of variables of the objective.", example = "5")
        Integer dimension) {
}
