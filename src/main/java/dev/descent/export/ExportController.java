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

/** Exports of a run: a self-contained PyTorch script, or an Optax snippet, that reruns it. */
@RestController
@RequestMapping("/api/v1/exports")
@Tag(name = "Exports", description = "Take a run elsewhere: a self-contained PyTorch script, or an Optax snippet, "
        + "that reruns it.")
class ExportController {

    static final String PYTORCH = "/api/v1/exports/pytorch";

    static final String OPTAX = "/api/v1/exports/optax";

    static final String TEXT_PYTHON = "text/x-python";

    private final OptimizationMapper mapper;
    private final RunExecutor executor;
    private final WorkBudget budget;

    ExportController(OptimizationMapper mapper, RunExecutor executor, WorkBudget budget) {
        this.mapper = mapper;
        this.executor = executor;
        this.budget = budget;
    }

    @PostMapping(value = "/pytorch", consumes = MediaType.APPLICATION_JSON_VALUE, produces = TEXT_PYTHON)
    @Operation(summary = "Export a run as a PyTorch script", operationId = "exportPyTorch",
            description = "Runs the optimization request as POST /api/v1/optimizations does, then answers a "
                    + "self-contained Python script (imports torch and json only, float64) that reruns it with "
                    + "torch.optim: the formula in torch operations, the optimizer with every hyperparameter "
                    + "written out, the schedule as a torch.optim.lr_scheduler (a LambdaLR with Descent's closed "
                    + "form for a warmup or inverseTime). Run with python3 (torch 1.13 or 2.x), it prints one JSON "
                    + "object per iterate, `{\"iteration\", \"point\": {variable: value}, \"value\"}`, one per line: "
                    + "the start, then the point after each update, as many updates as the service's run made "
                    + "(so its tolerances stop the script where they stopped the run). The trajectory agrees with "
                    + "the service's to about 1e-12 relative. A regression carries its data set inline (synthetic "
                    + "data too: the rows the generator made, not the generator), the standardization's means and "
                    + "standard deviations, and for a shuffled mini-batch run each epoch's row order as the service "
                    + "drew it; its loss is the service's (the mean over the batch, the penalties on the weights), "
                    + "and each printed value the loss of the batch of the next update (over every row for the "
                    + "last iterate of a mini-batch run), as the service's trajectory reports it. Not exported yet "
                    + "(400 naming the field): `lineSearch` (torch has no Armijo backtracking), reduceOnPlateau with a "
                    + "warmup. `clipping` is torch.nn.utils.clip_grad_norm_ or clip_grad_value_ between backward "
                    + "and step (the service's arithmetic), `bounds` a clamp of x after each step. A "
                    + "script that would write out more numbers (data set and row orders) than an answer may hold "
                    + "is refused before the run (422 answer-too-large).")
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
        TorchSchedule schedule = exportable(request, plan);
        budget.checkSync(plan.work());
        checkSize(budget, plan, plan.maxIterations());
        return AsyncAnswer.of(executor, executor.runAll(List.of(plan)), results -> script(
                pytorch(plan, schedule, results.get(0).iterations())));
    }

    @PostMapping(value = "/optax", consumes = MediaType.APPLICATION_JSON_VALUE, produces = TEXT_PYTHON)
    @Operation(summary = "Export a run as an Optax snippet", operationId = "exportOptax",
            description = "Runs the optimization request as POST /api/v1/optimizations does, then answers a Python "
                    + "snippet (imports jax, optax and json; `jax_enable_x64`) that reruns it with Optax: the "
                    + "formula in jax.numpy (or the regression's data and loss, as the PyTorch export writes them), "
                    + "the optimizer as its optax alias with the same hyperparameters (an L2 `weightDecay` as "
                    + "optax.add_decayed_weights chained before it), the schedule as Descent's closed form passed "
                    + "as the learning_rate callable. It prints the same JSON lines as the PyTorch script. Where "
                    + "Optax's rule is not the service's (torch's), the answer is a 400 naming the field and why, "
                    + "not a snippet that computes something else: `optimizer.dampening` (momentum), "
                    + "`optimizer.epsilon` and `optimizer.lrDecay` (adagrad: Optax adds eps inside the square "
                    + "root), `schedule` (rmsprop with momentum and a schedule), `optimizer.amsgrad` (adam, adamw), "
                    + "`optimizer.momentumDecay` (nadam, whose momentum schedule Optax lacks), `optimizer.epsilon` "
                    + "(radam: eps scaled otherwise), `schedule.type` (reduceOnPlateau), `clipping.maxNorm` "
                    + "(optax.clip_by_global_norm has no 1e-6); and as for the PyTorch export `lineSearch`. "
                    + "`clipping.maxValue` is optax.clip chained first, `bounds` jnp.clip after each update.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = OptimizationRequest.class)))
    @ApiResponse(responseCode = "200", description = "The snippet, as an attachment descent-run-optax.py.",
            content = @Content(mediaType = TEXT_PYTHON, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "Invalid request, or a setting Optax does not compute by the "
            + "service's rule: the problem names each field and why.",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @SynchronousRunResponses
    DeferredResult<ResponseEntity<String>> exportOptax(@Valid @RequestBody OptimizationRequest request) {
        RunPlan plan = mapper.toPlan(request);
        optaxExportable(request, plan);
        budget.checkSync(plan.work());
        checkSize(budget, plan, plan.maxIterations());
        return AsyncAnswer.of(executor, executor.runAll(List.of(plan)), results -> script(
                optax(request, plan, results.get(0).iterations()), OPTAX_FILE));
    }

    static final String PYTORCH_FILE = "descent-run.py";

    static final String OPTAX_FILE = "descent-run-optax.py";

    /** Refuses (400, each field and why) a run Optax does not compute by the service's rule. */
    static void optaxExportable(OptimizationRequest request, RunPlan plan) {
        List<FieldProblem> errors = new ArrayList<>();
        unsupported(request, errors);
        errors.addAll(OptaxSnippet.unsupported(plan.optimizer().kind().name(), plan.optimizer().values(),
                varies(request) ? request.schedule().typeName() : null));
        if (request.clipping() != null && request.clipping().maxNorm() != null) {
            errors.add(new FieldProblem("clipping.maxNorm", "optax.clip_by_global_norm scales by maxNorm / |g| "
                    + "once |g| exceeds maxNorm, the service (as torch's clip_grad_norm_) by maxNorm / (|g| + "
                    + "1e-6) once that is below 1: not exported to Optax (maxValue is, as optax.clip)"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    /**
     * The Optax snippet of a run of {@code request} ({@code plan}) that made {@code updates} updates, once checked
     * ({@link #optaxExportable}).
     */
    static String optax(OptimizationRequest request, RunPlan plan, int updates) {
        OptaxSnippet.Objective objective = plan.regression() != null
                ? OptaxSnippet.regression(plan.regression(), plan.variables(), plan.problem().start(), updates)
                : OptaxSnippet.expression(plan.formula(), Parser.parse(plan.formula()), plan.variables(),
                        plan.problem().start());
        double base = plan.optimizer().learningRate();
        String factor = !varies(request) ? null
                : TorchSchedule.factor(request.schedule().typeName(), request.schedule().parameters(), base, true);
        return OptaxSnippet.write(objective, plan.optimizer().kind().name(), plan.optimizer().values(), base, factor,
                plan.problem().clipping(), plan.problem().bounds(), updates);
    }

    /** Whether the request's learning rate changes from update to update (a schedule other than constant, or a warmup). */
    private static boolean varies(OptimizationRequest request) {
        return request.schedule() != null && (!request.schedule().typeName().equals("constant")
                || request.schedule().parameters().containsKey("warmup"));
    }

    /** The Optax snippet of a finished run, as {@link #pytorchOf} the script. */
    static String optaxOf(OptimizationRequest request, RunPlan plan, int updates, WorkBudget budget) {
        optaxExportable(request, plan);
        checkSize(budget, plan, updates);
        return optax(request, plan, updates);
    }

    /** The 200 answer carrying {@code text} as the attachment descent-run.py. */
    static ResponseEntity<String> script(String text) {
        return script(text, PYTORCH_FILE);
    }

    /** The 200 answer carrying {@code text} as the attachment {@code file}. */
    static ResponseEntity<String> script(String text, String file) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(TEXT_PYTHON + ";charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file).build().toString())
                .body(text);
    }

    /**
     * The schedule of {@code request} as script lines, once every setting of it is one the export reproduces; a
     * 400 naming each one it does not.
     */
    static TorchSchedule exportable(OptimizationRequest request, RunPlan plan) {
        List<FieldProblem> errors = new ArrayList<>();
        unsupported(request, errors);
        TorchSchedule schedule = request.schedule() == null ? TorchSchedule.CONSTANT
                : TorchSchedule.of(request.schedule().typeName(), request.schedule().parameters(),
                        plan.optimizer().learningRate(), plan.optimizer().values().byName().containsKey("beta1"));
        if (schedule == null) {
            errors.add(new FieldProblem("schedule.warmup", "the PyTorch export does not support a warmup before "
                    + "reduceOnPlateau yet"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return schedule;
    }

    /**
     * Refuses, before any work, a script that would write out more numbers than an answer may hold (a
     * regression's data set inline, and its row orders): the answer budget's 422 answer-too-large.
     */
    static void checkSize(WorkBudget budget, RunPlan plan, long updates) {
        if (plan.regression() == null) {
            return;
        }
        long numbers = TorchRegression.numbers(plan.regression(), updates);
        if (numbers > budget.maxAnswerNumbers()) {
            throw budget.answerTooLarge(numbers, "An exported regression writes its data set inline (every "
                    + "feature and target)" + (plan.regression().shuffles() ? " and the row order of each epoch "
                    + "its " + updates + " updates enter (the rows once per epoch; shuffle: false needs none)"
                    : "") + ": export a smaller data set" + (plan.regression().shuffles()
                    ? ", fewer updates (maxIterations or epochs)" : "") + ".");
        }
    }

    /**
     * The script of a run of {@code request} ({@code plan}) that made {@code updates} updates, once the export
     * can reproduce it (else a 400 naming each setting) and the script fits the answer budget.
     */
    static String pytorchOf(OptimizationRequest request, RunPlan plan, int updates, WorkBudget budget) {
        TorchSchedule schedule = exportable(request, plan);
        checkSize(budget, plan, updates);
        return pytorch(plan, schedule, updates);
    }

    /** The script of {@code plan}'s run, which made {@code updates} updates. */
    static String pytorch(RunPlan plan, TorchSchedule schedule, int updates) {
        PyTorchScript.Objective objective = plan.regression() != null
                ? TorchRegression.of(plan.regression(), plan.variables(), plan.problem().start(), updates)
                : PyTorchScript.expression(plan.formula(), Parser.parse(plan.formula()), plan.variables(),
                        plan.problem().start());
        return PyTorchScript.write(objective, plan.optimizer().kind().name(), plan.optimizer().values(), schedule,
                plan.problem().clipping(), plan.problem().bounds(), updates);
    }

    private static void unsupported(OptimizationRequest request, List<FieldProblem> errors) {
        if (request.lineSearch() != null) {
            errors.add(notYet("lineSearch"));
        }
    }

    private static FieldProblem notYet(String field) {
        return new FieldProblem(field, "the export does not support " + field + " yet");
    }
}
