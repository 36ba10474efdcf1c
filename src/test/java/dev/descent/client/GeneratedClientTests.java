package dev.descent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.client.api.CatalogApi;
import dev.descent.client.api.ComparisonsApi;
import dev.descent.client.api.JobsApi;
import dev.descent.client.api.OptimizationsApi;
import dev.descent.client.model.AdadeltaOptimizer;
import dev.descent.client.model.AdagradOptimizer;
import dev.descent.client.model.AdamOptimizer;
import dev.descent.client.model.AdamaxOptimizer;
import dev.descent.client.model.AdamwOptimizer;
import dev.descent.client.model.AsgdOptimizer;
import dev.descent.client.model.LbfgsOptimizer;
import dev.descent.client.model.ComparisonRequest;
import dev.descent.client.model.ComparisonResponse;
import dev.descent.client.model.CosineSchedule;
import dev.descent.client.model.GdOptimizer;
import dev.descent.client.model.InlineData;
import dev.descent.client.model.IterateView;
import dev.descent.client.model.LinearSchedule;
import dev.descent.client.model.JobRequest;
import dev.descent.client.model.ComparisonJob;
import dev.descent.client.model.OptimizationJob;
import dev.descent.client.model.MomentumOptimizer;
import dev.descent.client.model.NadamOptimizer;
import dev.descent.client.model.NesterovOptimizer;
import dev.descent.client.model.ObjectiveSpec;
import dev.descent.client.model.OptimizationRequest;
import dev.descent.client.model.OptimizationResponse;
import dev.descent.client.model.Optimizer;
import dev.descent.client.model.RadamOptimizer;
import dev.descent.client.model.RpropOptimizer;
import dev.descent.client.model.RegressionSpec;
import dev.descent.client.model.ResolvedRequest;
import dev.descent.client.model.RmspropOptimizer;
import dev.descent.client.model.RunResult;
import dev.descent.client.model.Schedule;
import dev.descent.client.model.SchedulePreviewRequest;
import dev.descent.client.model.SchedulePreviewResponse;
import dev.descent.client.model.SequentialSchedule;
import dev.descent.client.model.TrajectoryColumns;
import dev.descent.client.model.TrajectoryOptions;
import dev.descent.client.model.Warmup;
import dev.descent.engine.optim.OptimizerKinds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API through the Java client that openapi-generator makes from the committed OpenAPI snapshot (the
 * {@code generate-test-sources} phase, library {@code native}), as a service that generates its client from the
 * document would call it: with the client's own defaults filled in. Every answer is the documented one; where a
 * result is checked it is against a closed form or against the same request sent as plain JSON.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GeneratedClientTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private ApiClient client;

    @BeforeEach
    void client() {
        client = new ApiClient();
        client.updateBaseUri("http://localhost:" + port);
        client.setReadTimeout(Duration.ofSeconds(30));
    }

    /** The README's first example: x^2 + 4x + 9 from x = 5 by gradient descent at 0.1. */
    private static OptimizationRequest readmeExample() {
        return new OptimizationRequest()
                .objective(new ObjectiveSpec().expression("x^2 + 4*x + 9"))
                .start(Map.of("x", 5.0))
                .optimizer(new Optimizer(new GdOptimizer().type(GdOptimizer.TypeEnum.GD).learningRate(0.1)))
                .maxIterations(1000)
                .tolerance(1e-6)
                .trajectory(new TrajectoryOptions().maxPoints(3));
    }

    @Test
    @DisplayName("the README's first example: CONVERGED after 65 updates at x_65 = -2 + 7 * 0.8^65, 3 points")
    void readmeFirstExample() throws Exception {
        OptimizationResponse answer = optimize(readmeExample());

        assertThat(answer.getStatus()).isEqualTo(OptimizationResponse.StatusEnum.CONVERGED);
        assertThat(answer.getIterations()).isEqualTo(65);
        // Gradient descent on x^2 + 4x + 9 at rate 0.1: x_k + 2 = (x_0 + 2)(1 - 2 * 0.1)^k.
        double closedForm = -2 + 7 * Math.pow(0.8, 65);
        assertThat(answer.getMinimum().getPoint().get("x")).isCloseTo(closedForm, within(1e-12));
        assertThat(answer.getMinimum().getValue()).isCloseTo(5 + Math.pow(closedForm + 2, 2), within(1e-12));
        assertThat(answer.getTrajectory().getTrajectoryRows()).extracting(IterateView::getIteration)
                .containsExactly(0, 33, 65);
        assertThat(answer.getFunctionEvaluations()).isEqualTo(66L);
    }

    @Test
    @DisplayName("a receipt's resolved request reads as typed classes (its optimizer an AdamOptimizer, its schedule a "
            + "CosineSchedule, defaults filled in), and its optimizer and schedule, sent back as they are, run to the "
            + "same requestHash")
    void typedResolvedRequest() throws Exception {
        OptimizationRequest request = readmeExample()
                .optimizer(new Optimizer(new AdamOptimizer().type(AdamOptimizer.TypeEnum.ADAM).learningRate(0.1)))
                .schedule(new Schedule(new CosineSchedule().type(CosineSchedule.TypeEnum.COSINE).tMax(50)
                        .warmup(new Warmup().steps(5))));
        OptimizationResponse answer = optimize(request);

        ResolvedRequest resolved = answer.getReceipt().getResolvedRequest();
        AdamOptimizer adam = (AdamOptimizer) resolved.getOptimizer().getActualInstance();
        assertThat(adam.getBeta1()).as("PyTorch's default").isEqualTo(0.9);
        assertThat(adam.getEpsilon()).isEqualTo(1e-8);
        CosineSchedule cosine = (CosineSchedule) resolved.getSchedule().getActualInstance();
        assertThat(cosine.gettMax()).isEqualTo(50);
        assertThat(cosine.getEtaMin()).as("PyTorch's default").isEqualTo(0.0);
        assertThat(cosine.getWarmup().getStartFactor()).as("LinearLR's default").isEqualTo(1.0 / 3);
        assertThat(resolved.getObjective().getExpression()).isEqualTo("x^2 + 4*x + 9");
        assertThat(resolved.getLineSearch()).isNull();

        OptimizationResponse again = optimize(request.optimizer(resolved.getOptimizer())
                .schedule(resolved.getSchedule()));
        assertThat(again.getReceipt().getRequestHash()).isEqualTo(answer.getReceipt().getRequestHash());
    }

    @Test
    @DisplayName("a sequential schedule is built of typed schedules (LinearSchedule, then CosineSchedule), runs as "
            + "SequentialLR does, and reads back typed from the receipt")
    void typedSequentialSchedule() throws Exception {
        Schedule sequential = new Schedule(new SequentialSchedule().type(SequentialSchedule.TypeEnum.SEQUENTIAL)
                .schedules(List.of(
                        new Schedule(new LinearSchedule().type(LinearSchedule.TypeEnum.LINEAR).startFactor(0.1)
                                .totalIters(10)),
                        new Schedule(new CosineSchedule().type(CosineSchedule.TypeEnum.COSINE).tMax(40))))
                .milestones(List.of(10)));
        OptimizationRequest request = new OptimizationRequest()
                .objective(new ObjectiveSpec().expression("x^2"))
                .start(Map.of("x", 3.0))
                .optimizer(new Optimizer(new GdOptimizer().type(GdOptimizer.TypeEnum.GD).learningRate(0.1)))
                .schedule(sequential)
                .maxIterations(30)
                .tolerance(0.0)
                .trajectory(new TrajectoryOptions().maxPoints(100));
        OptimizationResponse answer = optimize(request);

        // Point k carries the rate of update k - 1: LinearLR's start factor at update 0, CosineAnnealingLR's base
        // rate at the milestone (its step 0), and its first cosine step after it.
        List<IterateView> points = answer.getTrajectory().getTrajectoryRows();
        assertThat(points.get(1).getLearningRate()).isEqualTo(0.1 * 0.1);
        assertThat(points.get(11).getLearningRate()).isEqualTo(0.1);
        assertThat(points.get(12).getLearningRate()).isCloseTo(0.1 * (1 + Math.cos(Math.PI / 40)) / 2,
                within(1e-15));

        SequentialSchedule resolved = answer.getReceipt().getResolvedRequest().getSchedule().getSequentialSchedule();
        assertThat(resolved.getSchedules().get(0).getActualInstance()).isInstanceOf(LinearSchedule.class);
        assertThat(((LinearSchedule) resolved.getSchedules().get(0).getActualInstance()).getEndFactor())
                .as("LinearLR's default").isEqualTo(1.0);
        assertThat(resolved.getSchedules().get(1).getActualInstance()).isInstanceOf(CosineSchedule.class);
        assertThat(optimize(request.schedule(answer.getReceipt().getResolvedRequest().getSchedule())).getReceipt()
                .getRequestHash()).isEqualTo(answer.getReceipt().getRequestHash());
    }

    @Test
    @DisplayName("the columns layout reads as TrajectoryColumns, with the rows layout's numbers")
    void columnsLayout() throws Exception {
        List<IterateView> rows = optimize(readmeExample()).getTrajectory().getTrajectoryRows();
        OptimizationRequest request = readmeExample();
        request.getTrajectory().layout(TrajectoryOptions.LayoutEnum.COLUMNS);
        TrajectoryColumns columns = optimize(request).getTrajectory().getTrajectoryColumns();

        assertThat(columns.getIteration()).containsExactly(0, 33, 65);
        assertThat(columns.getPoint().get("x")).containsExactlyElementsOf(rows.stream()
                .map(row -> row.getPoint().get("x")).toList());
        assertThat(columns.getValue()).containsExactlyElementsOf(rows.stream().map(IterateView::getValue).toList());
        assertThat(columns.getGradientNorm()).containsExactlyElementsOf(rows.stream()
                .map(IterateView::getGradientNorm).toList());
        assertThat(columns.getLearningRate()).containsExactly(null, 0.1, 0.1);
    }

    /** One request per optimizer variant, built with the variant's generated class. */
    private static final Map<String, Supplier<Optimizer>> VARIANTS = variants();

    private static Map<String, Supplier<Optimizer>> variants() {
        Map<String, Supplier<Optimizer>> all = new LinkedHashMap<>();
        all.put("gd", () -> new Optimizer(new GdOptimizer().type(GdOptimizer.TypeEnum.GD).learningRate(0.1)));
        all.put("momentum", () -> new Optimizer(new MomentumOptimizer().type(MomentumOptimizer.TypeEnum.MOMENTUM)
                .learningRate(0.05).momentum(0.5)));
        all.put("nesterov", () -> new Optimizer(new NesterovOptimizer().type(NesterovOptimizer.TypeEnum.NESTEROV)
                .learningRate(0.05).momentum(0.5)));
        all.put("adagrad", () -> new Optimizer(new AdagradOptimizer().type(AdagradOptimizer.TypeEnum.ADAGRAD)
                .learningRate(1.0)));
        all.put("rmsprop", () -> new Optimizer(new RmspropOptimizer().type(RmspropOptimizer.TypeEnum.RMSPROP)
                .learningRate(0.01)));
        all.put("adadelta", () -> new Optimizer(new AdadeltaOptimizer().type(AdadeltaOptimizer.TypeEnum.ADADELTA)
                .learningRate(50.0)));
        all.put("adam", () -> new Optimizer(new AdamOptimizer().type(AdamOptimizer.TypeEnum.ADAM).learningRate(0.1)));
        all.put("adamw", () -> new Optimizer(new AdamwOptimizer().type(AdamwOptimizer.TypeEnum.ADAMW)
                .learningRate(0.1).weightDecay(0.0)));
        all.put("adamax", () -> new Optimizer(new AdamaxOptimizer().type(AdamaxOptimizer.TypeEnum.ADAMAX)
                .learningRate(0.1)));
        all.put("nadam", () -> new Optimizer(new NadamOptimizer().type(NadamOptimizer.TypeEnum.NADAM)
                .learningRate(0.1)));
        all.put("radam", () -> new Optimizer(new RadamOptimizer().type(RadamOptimizer.TypeEnum.RADAM)
                .learningRate(0.1)));
        // Step sizes free to shrink below PyTorch's 1e-6, so that the gradient (rprop's tolerance) reaches 1e-10.
        all.put("rprop", () -> new Optimizer(new RpropOptimizer().type(RpropOptimizer.TypeEnum.RPROP)
                .learningRate(0.1).minStepSize(0.0)));
        all.put("asgd", () -> new Optimizer(new AsgdOptimizer().type(AsgdOptimizer.TypeEnum.ASGD).learningRate(0.1)));
        all.put("lbfgs", () -> new Optimizer(new LbfgsOptimizer().type(LbfgsOptimizer.TypeEnum.LBFGS)
                .lineSearchFn(LbfgsOptimizer.LineSearchFnEnum.STRONG_WOLFE).historySize(5)));
        return all;
    }

    static Stream<String> variantNames() {
        return OptimizerKinds.names().stream();
    }

    @Test
    @DisplayName("the client test has a request for every optimizer variant the engine registers")
    void everyVariantCovered() {
        assertThat(VARIANTS.keySet()).containsExactlyInAnyOrderElementsOf(OptimizerKinds.names());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variantNames")
    @DisplayName("every optimizer variant through its generated class reaches the minimum of x^2 + 4x + 9, as the "
            + "same request in plain JSON does")
    void everyVariant(String type) throws Exception {
        assertThat(VARIANTS).as("a generated request for %s", type).containsKey(type);
        OptimizationRequest request = readmeExample().optimizer(VARIANTS.get(type).get())
                .maxIterations(20000).tolerance(1e-10).trajectory(new TrajectoryOptions().maxPoints(2));

        OptimizationResponse answer = optimize(request);

        assertThat(answer.getStatus()).as(type).isEqualTo(OptimizationResponse.StatusEnum.CONVERGED);
        assertThat(answer.getMinimum().getPoint().get("x")).as(type).isCloseTo(-2.0, within(1e-3));
        // The answer's optimizer is typed too: the request's variant class, with every value the request gave.
        assertThat(answer.getOptimizer().getActualInstance()).as(type)
                .isInstanceOf(request.getOptimizer().getActualInstance().getClass());
        JsonNode asked = JSON.readTree(client.getObjectMapper().writeValueAsString(request.getOptimizer()));
        JsonNode ran = JSON.readTree(client.getObjectMapper().writeValueAsString(answer.getOptimizer()));
        asked.properties().forEach(given -> {
            JsonNode value = ran.path(given.getKey());
            if (given.getValue().isNumber()) {
                assertThat(value.asDouble()).as("%s.%s", type, given.getKey()).isEqualTo(given.getValue().asDouble());
            } else {
                assertThat(value).as("%s.%s", type, given.getKey()).isEqualTo(given.getValue());
            }
        });
        // An optional hyperparameter left out stays out of the echo (lbfgs's lineSearchFn: none), unless the rule
        // derives its value (lbfgs's maxEval, from maxIter), which the echo then shows.
        Set<String> derived = OptimizerKinds.byName(type).orElseThrow().configure(Map.of()).optimizer()
                .derivedHyperparameters().keySet();
        long optionalLeftOut = OptimizerKinds.byName(type).orElseThrow().parameters().stream()
                .filter(p -> p.optional() && !asked.has(p.name()) && !derived.contains(p.name())).count();
        assertThat(ran.size()).as("%s: every hyperparameter, defaults included", type)
                .isEqualTo(OptimizerKinds.byName(type).orElseThrow().parameters().size() + 1 - optionalLeftOut);

        // The same descent from the smallest JSON that asks for it: the client's defaults change nothing.
        String optimizer = JSON.writeValueAsString(JSON.readTree(client.getObjectMapper()
                .writeValueAsString(request.getOptimizer())));
        JsonNode plain = postJson("/api/v1/optimizations", """
                {"objective": {"expression": "x^2 + 4*x + 9"}, "start": {"x": 5}, "optimizer": %s,
                 "maxIterations": 20000, "tolerance": 1e-10, "trajectory": {"maxPoints": 2}}""".formatted(optimizer));
        assertThat(answer.getIterations()).as(type).isEqualTo(plain.path("iterations").asInt());
        assertThat(answer.getStopReason()).as(type).isEqualTo(plain.path("stopReason").asString());
        assertThat(answer.getMinimum().getPoint().get("x")).as(type)
                .isEqualTo(plain.at("/minimum/point/x").asDouble());
    }

    private static final List<Double> REGRESSION_X = List.of(0.5, 1.0, 1.5, 2.0, 2.5);
    private static final List<Double> REGRESSION_Y = List.of(5.4, 7.1, 8.4, 10.2, 11.4);

    /** A linear regression of {@link #REGRESSION_Y} on {@link #REGRESSION_X}, inline, by full-batch gd. */
    private static OptimizationRequest inlineRegression() {
        return new OptimizationRequest()
                .objective(new ObjectiveSpec().regression(new RegressionSpec()
                        .model(RegressionSpec.ModelEnum.LINEAR)
                        .data(new InlineData().features(REGRESSION_X.stream().map(List::of).toList())
                                .targets(REGRESSION_Y).featureNames(List.of("hours")))))
                .optimizer(new Optimizer(new GdOptimizer().type(GdOptimizer.TypeEnum.GD).learningRate(0.1)))
                .epochs(5000)
                .tolerance(1e-12)
                .trajectory(new TrajectoryOptions().maxPoints(10));
    }

    @Test
    @DisplayName("a linear regression on inline data as a job: the synchronous run's model and metrics, to the bit")
    void regressionJob() throws Exception {
        JobsApi jobs = new JobsApi(client);
        OptimizationJob submitted = jobs.submit(new JobRequest().optimization(inlineRegression()), null)
                .getOptimizationJob();
        OptimizationJob finished = until(() -> jobs.get(submitted.getId()).getOptimizationJob(),
                job -> job.getFinishedAt() != null);
        assertThat(finished.getState()).isEqualTo(OptimizationJob.StateEnum.SUCCEEDED);
        OptimizationResponse synchronous = optimize(inlineRegression());
        assertThat(finished.getResult().getModel()).isEqualTo(synchronous.getModel());
        assertThat(finished.getResult().getMetrics()).isEqualTo(synchronous.getMetrics());
        assertThat(finished.getResult().getIterations()).isEqualTo(synchronous.getIterations());
    }

    @Test
    @DisplayName("a linear regression on inline data ends on the least-squares line (normal equations)")
    void regression() throws Exception {
        List<Double> x = REGRESSION_X;
        List<Double> y = REGRESSION_Y;
        OptimizationResponse answer = optimize(inlineRegression());

        // Least squares with one feature: slope = cov(x, y) / var(x), intercept = mean(y) - slope * mean(x).
        double meanX = x.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double meanY = y.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double cov = 0;
        double var = 0;
        for (int i = 0; i < x.size(); i++) {
            cov += (x.get(i) - meanX) * (y.get(i) - meanY);
            var += (x.get(i) - meanX) * (x.get(i) - meanX);
        }
        double slope = cov / var;
        assertThat(answer.getStatus()).isEqualTo(OptimizationResponse.StatusEnum.CONVERGED);
        assertThat(answer.getModel().getCoefficients().get("hours")).isCloseTo(slope, within(1e-4));
        assertThat(answer.getModel().getIntercept()).isCloseTo(meanY - slope * meanX, within(1e-4));
    }

    @Test
    @DisplayName("the same fit uploaded as CSV through optimizeCsv answers as the JSON request, to the last bit")
    void csvUpload() throws Exception {
        String csv = "hours,score\n0.5,5.4\n1.0,7.1\n1.5,8.4\n2.0,10.2\n2.5,11.4\n";
        OptimizationResponse uploaded = new OptimizationsApi(client).optimizeCsv("score", "linear", csv, "gd", 0.1,
                5000, null, null, null, 1e-12, null, null, null, null, null, null, null, 10);
        OptimizationResponse json = optimize(new OptimizationRequest()
                .objective(new ObjectiveSpec().regression(new RegressionSpec()
                        .model(RegressionSpec.ModelEnum.LINEAR)
                        .data(new InlineData().features(List.of(List.of(0.5), List.of(1.0), List.of(1.5),
                                List.of(2.0), List.of(2.5))).targets(List.of(5.4, 7.1, 8.4, 10.2, 11.4))
                                .featureNames(List.of("hours")))))
                .optimizer(new Optimizer(new GdOptimizer().type(GdOptimizer.TypeEnum.GD).learningRate(0.1)))
                .epochs(5000)
                .tolerance(1e-12)
                .trajectory(new TrajectoryOptions().maxPoints(10)));
        assertThat(uploaded.getIterations()).isEqualTo(json.getIterations());
        assertThat(uploaded.getModel().getCoefficients().get("hours"))
                .isEqualTo(json.getModel().getCoefficients().get("hours"));
        assertThat(uploaded.getModel().getIntercept()).isEqualTo(json.getModel().getIntercept());
        assertThat(uploaded.getEpochLosses()).isEqualTo(json.getEpochLosses());
    }

    @Test
    @DisplayName("a comparison: the README's learning-rate sweep of x^2 from 3 (61, 71 updates, then DIVERGED)")
    void comparison() throws Exception {
        ComparisonResponse answer = new ComparisonsApi(client).compare(sweep());

        assertThat(answer.getRuns()).extracting(RunResult::getResult).extracting(OptimizationResponse::getStatus)
                .containsExactly(OptimizationResponse.StatusEnum.CONVERGED, OptimizationResponse.StatusEnum.CONVERGED,
                        OptimizationResponse.StatusEnum.CONVERGED, OptimizationResponse.StatusEnum.DIVERGED);
        assertThat(answer.getRuns()).extracting(RunResult::getResult).extracting(OptimizationResponse::getIterations)
                .containsExactly(546, 61, 71, 70);
        assertThat(answer.getSummary().getDiverged()).containsExactly(3);
        // x_k = 3 (1 - 2 lr)^k: lr 0.1 and 0.9 shrink x by the same 0.8 a step, 0.9 from alternating sides.
        assertThat(answer.getRuns().get(1).getResult().getMinimum().getPoint().get("x"))
                .isCloseTo(3 * Math.pow(0.8, 61), within(1e-15));
    }

    @Test
    @DisplayName("a job: submitted (202), polled until SUCCEEDED with the synchronous answer; another cancelled and "
            + "purged; a comparison job read as one")
    void jobs() throws Exception {
        JobsApi jobs = new JobsApi(client);
        // A job is documented as a oneOf told apart by its kind: the client reads each as its own class.
        // Sent with an Idempotency-Key, and again with the same key (a retry): one job.
        String key = java.util.UUID.randomUUID().toString();
        OptimizationJob submitted = jobs.submit(new JobRequest().optimization(readmeExample()), key)
                .getOptimizationJob();
        assertThat(jobs.submit(new JobRequest().optimization(readmeExample()), key).getOptimizationJob().getId())
                .isEqualTo(submitted.getId());
        assertThat(submitted.getState()).isIn(OptimizationJob.StateEnum.QUEUED, OptimizationJob.StateEnum.RUNNING,
                OptimizationJob.StateEnum.SUCCEEDED);

        OptimizationJob finished = until(() -> jobs.get(submitted.getId()).getOptimizationJob(),
                job -> job.getFinishedAt() != null);
        assertThat(finished.getState()).isEqualTo(OptimizationJob.StateEnum.SUCCEEDED);
        OptimizationResponse result = finished.getResult();
        assertThat(result.getStatus()).isEqualTo(OptimizationResponse.StatusEnum.CONVERGED);
        assertThat(result.getIterations()).isEqualTo(65);
        assertThat(result.getMinimum().getPoint().get("x")).isEqualTo(optimize(readmeExample()).getMinimum()
                .getPoint().get("x"));

        // A million iterations of 40-D Rosenbrock: still running when it is cancelled.
        OptimizationRequest longRun = new OptimizationRequest()
                .objective(new ObjectiveSpec().function("rosenbrock").dimension(40))
                .optimizer(new Optimizer(new GdOptimizer().type(GdOptimizer.TypeEnum.GD).learningRate(1e-7)))
                .maxIterations(1_000_000)
                .tolerance(0.0)
                .trajectory(new TrajectoryOptions().maxPoints(100));
        OptimizationJob running = jobs.submit(new JobRequest().optimization(longRun), null).getOptimizationJob();
        OptimizationJob cancelling = jobs.cancel(running.getId()).getOptimizationJob();
        assertThat(cancelling.getCancelRequested()).isTrue();
        OptimizationJob cancelled = until(() -> jobs.get(running.getId()).getOptimizationJob(),
                job -> job.getFinishedAt() != null);
        assertThat(cancelled.getState()).isEqualTo(OptimizationJob.StateEnum.CANCELLED);
        assertThat(cancelled.getResult().getStatus()).isEqualTo(OptimizationResponse.StatusEnum.CANCELLED);
        // Purged (204, nothing returned): afterwards the job is a 404.
        jobs.purgeJob(running.getId());
        assertThatThrownBy(() -> jobs.get(running.getId()))
                .isInstanceOfSatisfying(dev.descent.client.ApiException.class,
                        e -> assertThat(e.getCode()).isEqualTo(404));

        // The README's learning-rate sweep as a job: its result is a comparison's.
        ComparisonJob comparison = jobs.submit(new JobRequest().comparison(sweep()), null).getComparisonJob();
        ComparisonJob compared = until(() -> jobs.get(comparison.getId()).getComparisonJob(),
                job -> job.getFinishedAt() != null);
        assertThat(compared.getState()).isEqualTo(ComparisonJob.StateEnum.SUCCEEDED);
        assertThat(compared.getResult().getRuns()).extracting(RunResult::getResult)
                .extracting(OptimizationResponse::getIterations).containsExactly(546, 61, 71, 70);
    }

    /** The README's learning-rate sweep: x^2 from 3 with gd at 0.01, 0.1, 0.9 and 1.1. */
    private static ComparisonRequest sweep() {
        return new ComparisonRequest()
                .objective(new ObjectiveSpec().expression("x^2"))
                .start(Map.of("x", 3.0))
                .optimizer(new Optimizer(new GdOptimizer().type(GdOptimizer.TypeEnum.GD)))
                .maxIterations(1000)
                .trajectory(new TrajectoryOptions().maxPoints(20))
                .learningRates(List.of(0.01, 0.1, 0.9, 1.1));
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T until(Call<T> call, java.util.function.Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        T value = call.call();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            value = call.call();
        }
        return value;
    }

    @Test
    @DisplayName("the schedule preview through CatalogApi.previewSchedule (its Accept lists JSON first): the rates "
            + "of a run with the same schedule, to the bit")
    void schedulePreview() throws Exception {
        Schedule schedule = new Schedule(new CosineSchedule().type(CosineSchedule.TypeEnum.COSINE).tMax(20)
                .warmup(new Warmup().steps(5)));

        SchedulePreviewResponse preview = new CatalogApi(client).previewSchedule(new SchedulePreviewRequest()
                .schedule(schedule).learningRate(0.1).steps(30), null, null, null);
        OptimizationResponse run = optimize(readmeExample().schedule(schedule).maxIterations(30).tolerance(0.0)
                .trajectory(new TrajectoryOptions().maxPoints(31)));

        assertThat(preview.getSteps()).isEqualTo(30);
        List<IterateView> points = run.getTrajectory().getTrajectoryRows();
        assertThat(preview.getLearningRates())
                .containsExactlyElementsOf(points.subList(1, points.size()).stream()
                        .map(IterateView::getLearningRate).toList());
    }

    /** POST /api/v1/optimizations through the generated {@code OptimizationsApi.optimize}. */
    private OptimizationResponse optimize(OptimizationRequest request) throws Exception {
        try {
            return new OptimizationsApi(client).optimize(request);
        } catch (ApiException problem) {
            throw new AssertionError("POST /api/v1/optimizations answered " + problem.getCode() + ": "
                    + problem.getResponseBody() + "\nrequest sent by the generated client: "
                    + client.getObjectMapper().writeValueAsString(request), problem);
        }
    }

    private JsonNode postJson(String path, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
