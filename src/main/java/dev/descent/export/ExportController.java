package dev.descent.export;

import dev.descent.engine.expr.Parser;
import dev.descent.optimization.AsyncAnswer;
import dev.descent.optimization.OptimizationMapper;
import dev.descent.optimization.OptimizationRequest;
import dev.descent.optimization.RunExecutor;
import dev.descent.optimization.RunPlan;
import dev.descent.optimization.WorkBudget;
import dev.descent.system.FieldProblem;
import dev.descent.system.InvalidRequestException;
import dev.descent.system.ProblemBody;
import dev.descent.system.SynchronousRunResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** Exports of a run: a self-contained PyTorch script that reruns it. */
@RestController
@RequestMapping(ExportController.PYTORCH)
@Tag(name = "Exports", description = "Take a run elsewhere: a self-contained PyTorch script that reruns it.")
class ExportController {

    static final String PYTORCH = "/api/v1/exports/pytorch";

    static final String TEXT_PYTHON = "text/x-python";

    private final OptimizationMapper mapper;
    private final RunExecutor executor;
    private final WorkBudget budget;

    ExportController(OptimizationMapper mapper, RunExecutor executor, WorkBudget budget) {
        this.mapper = mapper;
        this.executor = executor;
        this.budget = budget;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = TEXT_PYTHON)
    @Operation(summary = "Export a run as a PyTorch script", operationId = "exportPyTorch",
            description = "Runs the optimization request as POST /api/v1/optimizations does, then answers a "
                    + "self-contained Python script (imports torch and json only, float64) that reruns it with "
                    + "torch.optim: the formula in torch operations, the optimizer with every hyperparameter "
                    + "written out, the schedule as a torch.optim.lr_scheduler (a LambdaLR with Descent's closed "
                    + "form for a warmup or inverseTime). Run with python3 (torch 1.13 or 2.x), it prints one JSON "
                    + "object per iterate, `{\"iteration\", \"point\": {variable: value}, \"value\"}`, one per line: "
                    + "the start, then the point after each update, as many updates as the service's run made "
                    + "(so its tolerances stop the script where they stopped the run). The trajectory agrees with "
                    + "the service's to about 1e-12 relative. Not exported yet (400 naming the field): regression, "
                    + "`lineSearch`, `clipping`, `bounds`, reduceOnPlateau with a warmup.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = OptimizationRequest.class)))
    @ApiResponse(responseCode = "200", description = "The script, as an attachment descent-run.py.",
            content = @Content(mediaType = TEXT_PYTHON, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "Invalid request, or a setting the export does not support "
            + "yet: the problem names each field.",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @SynchronousRunResponses
    DeferredResult<ResponseEntity<String>> exportPyTorch(@Valid @RequestBody OptimizationRequest request) {
        RunPlan plan = mapper.toPlan(request);
        List<FieldProblem> errors = new ArrayList<>();
        unsupported(request, errors);
        TorchSchedule schedule = request.schedule() == null ? TorchSchedule.CONSTANT
                : TorchSchedule.of(request.schedule().typeName(), request.schedule().parameters(),
                        plan.optimizer().learningRate());
        if (schedule == null) {
            errors.add(new FieldProblem("schedule.warmup", "the PyTorch export does not support a warmup before "
                    + "reduceOnPlateau yet"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        budget.checkSync(plan.work());
        return AsyncAnswer.of(executor, executor.runAll(List.of(plan)), results -> ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(TEXT_PYTHON + ";charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("descent-run.py").build().toString())
                .body(PyTorchScript.write(plan.formula(), Parser.parse(plan.formula()), plan.variables(),
                        plan.problem().start(), plan.optimizer().kind().name(), plan.optimizer().values(),
                        schedule, results.get(0).iterations())));
    }

    private static void unsupported(OptimizationRequest request, List<FieldProblem> errors) {
        if (request.objective().regression() != null) {
            errors.add(notYet("objective.regression"));
        }
        if (request.lineSearch() != null) {
            errors.add(notYet("lineSearch"));
        }
        if (request.clipping() != null) {
            errors.add(notYet("clipping"));
        }
        if (request.bounds() != null) {
            errors.add(notYet("bounds"));
        }
    }

    private static FieldProblem notYet(String field) {
        return new FieldProblem(field, "the PyTorch export does not support " + field + " yet");
    }
}
