package dev.descent.system;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.http.MediaType;

/**
 * Documents the problems every endpoint that runs descents while the client waits can answer: 422
 * {@code work-too-large} (over the synchronous work budget) or {@code answer-too-large}, and 503 {@code busy} (the
 * descent pool is full). {@link ProblemExamples} gives each its example.
 */
@Documented
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ApiResponse(responseCode = "422", description = "More work than a synchronous request may take (type "
        + "work-too-large): POST it to /api/v1/jobs instead; or an answer larger than an answer may hold (type "
        + "answer-too-large): ask for fewer points, or run it as a job and read its trajectory in pages.",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemBody.class)))
@ApiResponse(responseCode = "503", description = "Every descent thread is busy (type busy); retry after the "
        + "Retry-After time.",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemBody.class)))
public @interface SynchronousRunResponses {
}
