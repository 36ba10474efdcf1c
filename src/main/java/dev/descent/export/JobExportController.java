package dev.descent.export;

import dev.descent.job.JobReads;
import dev.descent.job.JobService;
import dev.descent.optimization.WorkBudget;
import dev.descent.system.ProblemBody;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Exports of an optimization job's run, GET-able: the job keeps its request, and its result the number of updates
 * the run made, so the script is written without running anything again. The same scripts as the POST exports of
 * the same request would answer (the same checks, 400 naming each setting an export does not reproduce).
 */
@RestController
@RequestMapping("/api/v1/jobs/{id}/exports")
@Tag(name = "Exports")
class JobExportController {

    static final String ID = "The optimization job's id (a UUID), as POST /api/v1/jobs answered it. The example is "
            + "no job's: it answers 404.";

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final JobService jobs;
    private final WorkBudget budget;

    JobExportController(JobService jobs, WorkBudget budget) {
        this.jobs = jobs;
        this.budget = budget;
    }

    @GetMapping(value = "/pytorch", produces = ExportController.TEXT_PYTHON)
    @Operation(summary = "Export a job's run as a PyTorch script", operationId = "exportJobPyTorch",
            description = "The script POST /api/v1/exports/pytorch answers for the job's optimization request, "
                    + "making as many updates as the job's run made (to where its stopping rules, or a "
                    + "cancellation, ended it). Nothing runs again: the job keeps its request and result.")
    @ApiResponse(responseCode = "200", description = "The script, as an attachment descent-run.py.",
            content = @Content(mediaType = ExportController.TEXT_PYTHON, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "The job is a comparison (the problem names `id`), or its "
            + "request has a setting the export does not reproduce (the problem names each field).",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "404", description = "No such job (never made, purged, or deleted after its "
            + "retention).", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "409", description = "The job has no finished run: queued, running, or failed "
            + "(type job-not-finished, member `state`).",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "422", description = "The script of a regression would write out more numbers "
            + "(its data set, its row orders) than an answer may hold (type answer-too-large).",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "503", description = JobReads.BUSY_RESPONSE,
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    ResponseEntity<String> exportJobPyTorch(@Parameter(description = ID,
            example = "00000000-0000-0000-0000-000000000000") @PathVariable String id) {
        try (JobService.FinishedOptimization job = jobs.finishedOptimization(id)) {
            return ExportController.script(ExportController.pytorchOf(job.request(), job.run().plan(),
                    job.run().result().iterations(), budget));
        }
    }

    @GetMapping(value = "/optax", produces = ExportController.TEXT_PYTHON)
    @Operation(summary = "Export a job's run as an Optax snippet", operationId = "exportJobOptax",
            description = "The snippet POST /api/v1/exports/optax answers for the job's optimization request, "
                    + "making as many updates as the job's run made. Nothing runs again.")
    @ApiResponse(responseCode = "200", description = "The snippet, as an attachment descent-run-optax.py.",
            content = @Content(mediaType = ExportController.TEXT_PYTHON, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "The job is a comparison (the problem names `id`), or its "
            + "request has a setting Optax does not compute by the service's rule (the problem names each field).",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "404", description = "No such job.",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "409", description = "The job has no finished run (type job-not-finished).",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "422", description = "The snippet of a regression would write out more numbers "
            + "than an answer may hold (type answer-too-large).",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "503", description = JobReads.BUSY_RESPONSE,
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    ResponseEntity<String> exportJobOptax(@Parameter(description = ID,
            example = "00000000-0000-0000-0000-000000000000") @PathVariable String id) {
        try (JobService.FinishedOptimization job = jobs.finishedOptimization(id)) {
            return ExportController.script(ExportController.optaxOf(job.request(), job.run().plan(),
                    job.run().result().iterations(), budget), ExportController.OPTAX_FILE);
        }
    }
}
