package dev.descent.catalog;

import dev.descent.optimization.AsyncAnswer;
import dev.descent.optimization.RunExecutor;
import dev.descent.plot.ImageFormat;
import dev.descent.plot.ScheduleChart;
import dev.descent.system.ProblemBody;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.Optional;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The schedule preview: a schedule's learning rate at each update, as JSON or drawn, before it is used. Beside
 * {@code GET /api/v1/schedules} (its sub-path, its tag): it tells what a schedule of the catalog does, and runs
 * no descent.
 */
@RestController
@Tag(name = "Catalog")
class SchedulePreviewController {

    static final String PATH = "/api/v1/schedules/preview";
    private static final String SVG = "image/svg+xml";

    private final SchedulePreviews previews;
    private final RunExecutor executor;

    SchedulePreviewController(SchedulePreviews previews, RunExecutor executor) {
        this.previews = previews;
        this.executor = executor;
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, SVG, MediaType.IMAGE_PNG_VALUE})
    @Operation(summary = "Preview a learning-rate schedule", operationId = "previewSchedule",
            description = "The learning rate of each of `steps` updates under `schedule` (with its `warmup`) from "
                    + "the base rate `learningRate`: `learningRates[k]` is the rate of update k + 1, exactly the "
                    + "`learningRate` trajectory point k + 1 of POST /api/v1/optimizations carries with the same "
                    + "schedule and the optimizer's `learningRate` as base. With `Accept: image/svg+xml` or "
                    + "`image/png`, the same rates drawn against the update (`scale=log` for a log axis). "
                    + "`reduceOnPlateau` depends on the objective's values and is a 400 naming `schedule.type`.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = SchedulePreviewRequest.class)))
    @ApiResponse(responseCode = "200", description = "The rates, or their picture.", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                schema = @Schema(implementation = SchedulePreviewResponse.class)),
        @Content(mediaType = SVG, schema = @Schema(type = "string", description = "An SVG document.")),
        @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary"))})
    @ApiResponse(responseCode = "400", description = "Invalid request: the problem lists each invalid field "
            + "(`schedule.type` for reduceOnPlateau, `steps` beyond the service's limit, a query parameter).",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "406", description = "The Accept header allows none of application/json, "
            + "image/svg+xml and image/png.", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "422", description = "A picture that would take more work than a synchronous "
            + "request may (type work-too-large): fewer steps, a smaller picture, an SVG rather than a PNG, or JSON.",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "503", description = "Every descent thread is busy (type busy); retry after the "
            + "Retry-After time.", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    DeferredResult<ResponseEntity<?>> preview(
            @Valid @RequestBody SchedulePreviewRequest request,
            @ParameterObject SchedulePreviewQuery query,
            @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        SchedulePreviewQuery.Picture picture = query.picture();
        Optional<ImageFormat> image = ImageFormat.preferredTo(MediaType.APPLICATION_JSON, accept);
        SchedulePreviews.Preview preview = previews.plan(request);
        if (image.isEmpty()) {
            return AsyncAnswer.of(executor, executor.call(preview.work(), preview.bytes(), preview::response),
                    response -> answer(MediaType.APPLICATION_JSON, response));
        }
        ImageFormat format = image.get();
        long drawing = previews.drawing(preview, format, picture.width(), picture.height());
        return AsyncAnswer.of(executor, executor.call(drawing, preview.bytes(), () -> ScheduleChart.render(
                        preview.type(), preview.learningRate(), preview.rates(), picture.logScale(), format,
                        picture.width(), picture.height())),
                bytes -> answer(format.mediaType(), bytes));
    }

    private static ResponseEntity<?> answer(MediaType type, Object body) {
        return ResponseEntity.ok().contentType(type).header(HttpHeaders.VARY, HttpHeaders.ACCEPT).body(body);
    }
}
