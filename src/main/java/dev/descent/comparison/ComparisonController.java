package dev.descent.comparison;

import dev.descent.optimization.AsyncAnswer;
import dev.descent.optimization.RunExecutor;
import dev.descent.optimization.WorkBudget;
import dev.descent.system.ProblemBody;
import dev.descent.system.SynchronousRunResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** Comparisons, answered synchronously: several descents of one objective, run in parallel, and a summary. */
@RestController
@RequestMapping("/api/v1/comparisons")
@Tag(name = "Comparisons", description = "Run several descents of one objective and compare them.")
class ComparisonController {

    private final ComparisonMapper mapper;
    private final RunExecutor executor;
    private final WorkBudget budget;

    ComparisonController(ComparisonMapper mapper, RunExecutor executor, WorkBudget budget) {
        this.mapper = mapper;
        this.executor = executor;
        this.budget = budget;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Compare descents",
            description = "Runs one descent per run of the comparison, in parallel on the descent threads, and "
                    + "answers every run's result and a summary: the runs ranked by final value with the "
                    + "iterations they took to converge, which diverged, and for a multi-start search the distinct "
                    + "minima with the starts that reached each. Swagger UI offers ready examples.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = ComparisonRequest.class)))
    @ApiResponse(responseCode = "200", description = "Every run ended.")
    @ApiResponse(responseCode = "400", description = "Invalid request: the problem lists each invalid field, "
            + "with its path in the comparison (e.g. runs[1].optimizer.learningRate).",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @SynchronousRunResponses
    DeferredResult<ComparisonResponse> compare(@Valid @RequestBody ComparisonRequest request) {
        ComparisonPlan plan = mapper.toPlan(request);
        budget.checkSync(plan.work());
        budget.checkAnswer(plan.runs().stream().mapToLong(run -> run.plan().answerNumbers()).sum());
        return AsyncAnswer.of(executor, executor.runAnalyzed(plan.runs().stream().map(ComparisonPlan.PlannedRun::plan)
                .toList()), results -> mapper.toResponse(plan, results));
    }
}
