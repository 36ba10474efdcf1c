package dev.descent.optimization;

import dev.descent.engine.optim.OptimizerKinds;
import dev.descent.engine.param.TorchNames;
import dev.descent.system.Echo;
import dev.descent.system.ProblemBody;
import dev.descent.system.SynchronousRunResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.descent.system.Finite;
import dev.descent.system.InvalidRequestException;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

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
    @Operation(summary = "Run a descent", operationId = "optimize",
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
    @SynchronousRunResponses
    DeferredResult<OptimizationResponse> optimize(@Valid @RequestBody OptimizationRequest request) {
        RunPlan plan = mapper.toPlan(request);
        budget.checkSync(plan.work());
        budget.checkAnswer(plan.answerNumbers());
        return AsyncAnswer.of(executor, executor.runAll(List.of(plan)),
                results -> mapper.toResponse(plan, results.get(0)));
    }

    @PostMapping(consumes = "text/csv", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Fit a regression to a CSV data set", operationId = "optimizeCsv",
            description = "The body is CSV text with a header row; `target` names the target column and every other "
                    + "column is a feature. The settings are query parameters; the answer is that of a JSON request "
                    + "with `objective.regression.csv`.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "text/csv",
            schema = @Schema(type = "string", example = "x,y\n0.5,5.4\n1.0,7.1\n1.5,8.4\n2.0,10.2\n")))
    @ApiResponse(responseCode = "200", description = "The fit ended (converged, hit the cap or diverged).")
    @ApiResponse(responseCode = "400", description = "Invalid data or settings: the problem says where.",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @SynchronousRunResponses
    DeferredResult<OptimizationResponse> optimizeCsv(
            @Parameter(hidden = true) Reader csv,
            @Parameter(description = "text/csv body only: " + "`linear` or `logistic`.", example = "linear")
            @RequestParam(defaultValue = "linear") String model,
            @Parameter(description = "The target column's name; required with a text/csv body.", example = "y")
            @RequestParam(required = false) String target,
            @Parameter(description = "text/csv body only: " + "The optimizer type.", example = "gd")
            @RequestParam(defaultValue = "gd") String optimizer,
            @Parameter(description = "text/csv body only: " + "The learning rate; absent: the optimizer's default.", example = "0.1")
            @RequestParam(required = false) @Positive @Finite Double learningRate,
            @Parameter(description = "text/csv body only: " + "Rows per update; absent: full batch.", example = "10")
            @RequestParam(required = false) @Min(1) Integer batchSize,
            @Parameter(description = "text/csv body only: " + "Passes over the data.", example = "100")
            @RequestParam(defaultValue = "100") @Min(1) Integer epochs,
            @Parameter(description = "text/csv body only: " + "The shuffling seed.", example = "42")
            @RequestParam(required = false) Long seed,
            @Parameter(description = "text/csv body only: " + "Fit on standardized features.", example = "false")
            @RequestParam(defaultValue = "false") boolean standardize,
            @Parameter(description = "text/csv body only: " + "Stop when the epoch loss changes by less than this; 0: never.",
                    example = "1e-9")
            @RequestParam(defaultValue = "0") @PositiveOrZero @Finite Double tolerance) {
        if (target == null || target.isBlank()) {
            throw new InvalidRequestException("target", "is required with a text/csv body: the name of the target "
                    + "column");
        }
        Map<String, Object> hyperparameters = new LinkedHashMap<>();
        if (learningRate != null) {
            hyperparameters.put("learningRate", learningRate);
        }
        OptimizerSpec optimizerSpec = OptimizerSpec.of(optimizer, hyperparameters).orElseThrow(() ->
                new InvalidRequestException("optimizer.type", TorchNames.unknown("unknown optimizer '"
                        + Echo.of(optimizer) + "'", TorchNames.type(optimizer, OptimizerKinds.names()),
                        OptimizerKinds.names())));
        RegressionSpec regression = new RegressionSpec(RegressionSpec.Model.parse(model), null, null, null, standardize, null,
                new RegressionSpec.CsvData(csv, target), null);
        OptimizationRequest request = new OptimizationRequest(new ObjectiveSpec(null, null, null, regression), null,
                optimizerSpec, null, tolerance, null, null, new TrajectoryOptions(null, null), null, null, null, null,
                batchSize, epochs, null, seed);
        return optimize(request);
    }
}
