package dev.descent.rangetest;

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
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** Learning-rate range tests, answered synchronously: one sweep, its curve and a suggested learning rate. */
@RestController
@RequestMapping(RangeTestController.PATH)
@Tag(name = "Learning-rate range tests", description = "Find a learning rate: sweep it exponentially over a range "
        + "in one descent and read the loss curve (Smith's LR finder, fastai's `lr_find`).")
class RangeTestController {

    static final String PATH = "/api/v1/learning-rate-range-tests";

    private final RangeTestMapper mapper;
    private final RunExecutor executor;
    private final WorkBudget budget;

    RangeTestController(RangeTestMapper mapper, RunExecutor executor, WorkBudget budget) {
        this.mapper = mapper;
        this.executor = executor;
        this.budget = budget;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Run a learning-rate range test", operationId = "rangeTest",
            description = "Runs one descent whose learning rate grows exponentially from `range.min` to `range.max` "
                    + "over `range.steps` points, one update each (on mini-batches for a regression with "
                    + "`batchSize`), records the loss before each update and its smoothed value (an exponential "
                    + "moving average, β = 0.98, debiased), and stops once the smoothed loss exceeds 4 × its best "
                    + "(for a best not above 0: rises above it by 3 × the larger of |best| and the first smoothed "
                    + "loss) or is not finite, as fastai's `lr_find` does. Answers the curve and a suggested learning "
                    + "rate: where the smoothed loss falls fastest against ln(lr) (`rule` STEEPEST), and also a "
                    + "tenth of the rate of its lowest point (`minimumOverTen`). Run the suggestion as a constant "
                    + "learning rate with POST /api/v1/optimizations; draw the curve with POST "
                    + "/api/v1/plots?kind=rangeTest. The work is counted as an optimization of `range.steps - 1` "
                    + "updates. Swagger UI offers ready examples.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = RangeTestRequest.class)))
    @ApiResponse(responseCode = "200", description = "The sweep ended: it blew up (DIVERGED) or swept the whole "
            + "range (MAX_ITERATIONS).")
    @ApiResponse(responseCode = "400", description = "Invalid request: the problem lists each invalid field (a "
            + "range with min ≥ max, a non-positive rate, steps out of [2, " + RangeSpec.MAX_STEPS + "], a "
            + "`schedule` or `lineSearch`).",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @SynchronousRunResponses
    DeferredResult<RangeTestResponse> rangeTest(@Valid @RequestBody RangeTestRequest request) {
        RangeTestMapper.RangeTestPlan plan = mapper.toPlan(request);
        budget.checkSync(plan.run().work());
        budget.checkAnswer(plan.answerNumbers());
        return AsyncAnswer.of(executor, executor.runAll(List.of(plan.run())),
                results -> mapper.toResponse(plan, results.get(0)));
    }
}
