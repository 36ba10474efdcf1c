package dev.descent.optimization;

import dev.descent.system.ProblemBody;
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

/** The synchronous API: POST a descent, get its trajectory and minimum. */
@RestController
@RequestMapping("/api/v1/optimizations")
@Tag(name = "Optimizations", description = "Run one descent synchronously.")
class OptimizationController {

    private final OptimizationMapper mapper;
    private final RunExecutor executor;
    private final WorkBudget budget;

    OptimizationController(OptimizationMapper mapper, RunExecutor executor, WorkBudget budget) {
        this.mapper = mapper;
        this.executor = executor;
        this.budget = budget;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Run a descent",
            description = "Minimizes the objective from the start with the optimizer until a stopping rule fires, "
                    + "and answers the verdict, the minimum reached and the trajectory. Swagger UI offers ready "
                    + "examples, one per optimizer variant among them.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = OptimizationRequest.class)))
    @ApiResponse(responseCode = "200", description = "The run ended (converged, hit the cap or diverged).")
    @ApiResponse(responseCode = "400", description = "Invalid request: the problem lists each invalid field.",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "422", description = "More work than a synchronous request may take (type "
            + "work-too-large): POST it to /api/v1/jobs instead.",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "503", description = "Every descent thread is busy; retry after the given time.",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    OptimizationResponse optimize(@Valid @RequestBody OptimizationRequest request) {
        RunPlan plan = mapper.toPlan(request);
        budget.checkSync(plan.work());
        return mapper.toResponse(plan, executor.run(plan.problem()));
    }
}
