package dev.descent.plot;

import dev.descent.optimization.AsyncAnswer;
import dev.descent.optimization.RunExecutor;
import dev.descent.system.ProblemBody;
import dev.descent.system.ProblemExamples;
import dev.descent.system.SynchronousRunResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.concurrent.CompletableFuture;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Pictures of descents: POST a request, get the path on the function or the convergence curve as SVG or PNG; and
 * the objective's values on a grid, for clients that draw their own (the playground).
 */
@RestController
@Tag(name = "Plots", description = "Pictures of descents: the path on the function, the convergence curve and a "
        + "range test's curve, as SVG or PNG.")
class PlotController {

    private static final String SVG = "image/svg+xml";

    private final PlotMapper mapper;
    private final RunExecutor executor;

    PlotController(PlotMapper mapper, RunExecutor executor) {
        this.mapper = mapper;
        this.executor = executor;
    }

    @PostMapping(path = "/api/v1/plots", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Draw a descent",
            description = "Runs the descent under `optimization`, every run of the comparison under "
                    + "`comparison`, or the range test under `rangeTest`, and draws them. `kind=path`: for one "
                    + "variable, f over a range covering the run with the iterates as markers joined in order; for "
                    + "two, a shaded contour map of f (log-spaced levels) with the path on it, start (ring) and end (square) "
                    + "marked; more variables answer the problem `plot-not-drawable`, which names "
                    + "`kind=convergence`. `kind=convergence`: f against the iteration, on a log scale when every "
                    + "value is positive. `kind=rangeTest`, for a `rangeTest` (and only for one): its loss and "
                    + "smoothed loss against the learning rate on a log axis, the suggested rate as a dashed line. "
                    + "The format is `format` when given, else the one the `Accept` header "
                    + "prefers (SVG without a header); an `Accept` that allows neither image is a 406.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PlotRequest.class)))
    @ApiResponse(responseCode = "200", description = "The picture.", content = {
        @Content(mediaType = SVG, schema = @Schema(type = "string", description = "An SVG document.")),
        @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary"))})
    @ApiResponse(responseCode = "400", description = "Invalid request or parameters, or a path picture of more "
            + "than two variables (`plot-not-drawable`).",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "406", description = "The Accept header allows neither image/svg+xml nor image/png.",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @SynchronousRunResponses
    DeferredResult<ResponseEntity<byte[]>> plot(
            @Valid @RequestBody PlotRequest request,
            @ParameterObject PlotQuery query,
            @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        PlotOptions options = query.options(accept);
        PlotMapper.PlotPlan plan = mapper.toPlan(request, options);
        return AsyncAnswer.of(executor, executor.runAll(plan.plans(), plan.drawing(), 0,
                results -> mapper.draw(plan, results, options)), bytes -> image(bytes, options));
    }

    @GetMapping("/api/v1/jobs/{id}/plot")
    @Operation(summary = "Draw a finished job",
            description = "Draws the runs of a finished job (an optimization, or every run of a comparison) as POST "
                    + "/api/v1/plots draws them, with the same parameters. A queued, running or failed job answers "
                    + "409 `job-not-finished`; an unknown one 404. Reading the job back counts against the memory "
                    + "the reads of finished jobs may hold together: 503 `busy` when others hold it.")
    @ApiResponse(responseCode = "200", description = "The picture.", content = {
        @Content(mediaType = SVG, schema = @Schema(type = "string", description = "An SVG document.")),
        @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary"))})
    @ApiResponse(responseCode = "404", description = "No such job (never existed, past its retention, or purged).",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "409", description = "The job has not finished, or failed (`job-not-finished`).",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @SynchronousRunResponses
    DeferredResult<ResponseEntity<byte[]>> jobPlot(
            @Parameter(description = "The job's id (a UUID), as POST /api/v1/jobs answered it. The example is no "
                    + "job's: it answers 404.", example = ProblemExamples.JOB_ID) @PathVariable String id,
            @ParameterObject PlotQuery query,
            @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        PlotOptions options = query.options(accept);
        PlotMapper.JobFigure figure = mapper.toFigure(id, options);
        CompletableFuture<byte[]> drawn;
        try {
            drawn = executor.call(figure.drawing(), 0, () -> PlotRenderer.render(figure.figure(), options));
        } catch (RuntimeException e) {
            figure.close();
            throw e;
        }
        // The job's read (its data set, for a regression) is held, and counted, until the picture is drawn.
        drawn.whenComplete((bytes, failure) -> figure.close());
        return AsyncAnswer.of(executor, drawn, bytes -> image(bytes, options));
    }

    private static ResponseEntity<byte[]> image(byte[] bytes, PlotOptions options) {
        return ResponseEntity.ok()
                .contentType(options.format().mediaType())
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
                .body(bytes);
    }

    @PostMapping(path = "/api/v1/plots/grid", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Evaluate an objective on a grid",
            description = "f at evenly spaced points over a range per variable (one or two variables), for a "
                    + "client that draws its own curve or contour map; the playground at / does.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = GridRequest.class)))
    @ApiResponse(responseCode = "200", description = "The values on the grid.")
    @ApiResponse(responseCode = "400", description = "Invalid request, or more than two variables "
            + "(`plot-not-drawable`).",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @SynchronousRunResponses
    DeferredResult<GridResponse> grid(@Valid @RequestBody GridRequest request) {
        PlotMapper.GridPlan grid = mapper.toGrid(request);
        return AsyncAnswer.of(executor, executor.call(grid.work(), 0, grid.evaluation()), answer -> answer);
    }
}
