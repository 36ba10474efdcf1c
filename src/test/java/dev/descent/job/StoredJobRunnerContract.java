package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.descent.comparison.ComparisonMapper;
import dev.descent.engine.run.Checkpoint;
import dev.descent.engine.run.CheckpointCodec;
import dev.descent.engine.run.Descent;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.Trajectory;
import dev.descent.job.StoredResult.StoredRun;
import dev.descent.job.store.JdbcJobStore;
import dev.descent.job.store.JobKind;
import dev.descent.job.store.JobState;
import dev.descent.job.store.JobStore;
import dev.descent.job.store.JobStore.NewJob;
import dev.descent.job.store.JobStore.StoredCheckpoint;
import dev.descent.job.store.StoredJob;
import dev.descent.optimization.OptimizationMapper;
import dev.descent.optimization.RunPlan;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@link StoredJobRunner} must do on every job store database (H2 and PostgreSQL, in the subclasses): a job
 * suspended half way (graceful shutdown) or abandoned half way (a crash: no renewal, no release) is finished by a new
 * runner, from its checkpoint, with a result equal bit for bit to an uninterrupted run's. The reference is the engine
 * itself, run without interruption on the plans of the same request ({@link Descent#run}); the mappers come from the
 * application context, as the job endpoint uses them.
 */
@SpringBootTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoredJobRunnerContract {

    /** Adam on Rosenbrock's function, written out as an expression. */
    static final String ADAM = """
            {"optimization": {"objective": {"expression": "(1 - x)^2 + 100 * (y - x^2)^2"},
             "start": {"x": -1.2, "y": 1}, "optimizer": {"type": "adam", "learningRate": 0.01},
             "maxIterations": 3000, "tolerance": 0, "gradientTolerance": 0, "trajectory": {"maxPoints": 5000}}}""";

    /** Mini-batch SGD on a shuffled synthetic linear regression: 103 rows, batches of 10 (the last one of 3). */
    static final String REGRESSION = """
            {"optimization": {"objective": {"regression": {"model": "linear", "synthetic": {
               "samples": 103, "coefficients": [3, -2], "intercept": 4, "noise": 1, "seed": 42}}},
             "optimizer": {"type": "gd", "learningRate": 0.01}, "batchSize": 10, "epochs": 40, "shuffle": true,
             "seed": 7, "tolerance": 0, "gradientTolerance": 0, "trajectory": {"maxPoints": 5000}}}""";

    /** {@link #ADAM} explaining updates {@code from} to {@code from} + 99. */
    static String adamExplained(int from) {
        return ADAM.replace("\"trajectory\"", "\"explain\": {\"steps\": 100, \"from\": " + from + "}, \"trajectory\"");
    }

    /** Three Adam runs of Rosenbrock's function that differ in their learning rates. */
    static final String COMPARISON = """
            {"comparison": {"objective": {"expression": "(1 - x)^2 + 100 * (y - x^2)^2"},
             "start": {"x": -1.2, "y": 1}, "optimizer": {"type": "adam"}, "learningRates": [0.002, 0.01, 0.03],
             "maxIterations": 2000, "tolerance": 0, "gradientTolerance": 0, "trajectory": {"maxPoints": 5000}}}""";

    /** The JDBC URL of a new empty database. */
    abstract String newDatabaseUrl();

    /** The user to connect as. */
    abstract String user();

    @Autowired
    OptimizationMapper optimizations;
    @Autowired
    ComparisonMapper comparisons;
    @Autowired
    JsonMapper json;
    @Autowired
    JobProperties properties;
    @Autowired
    ApplicationContext context;

    private HikariDataSource dataSource;
    private final List<StoredJobRunner> runners = new ArrayList<>();

    @BeforeAll
    void migrate() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(newDatabaseUrl());
        config.setUsername(user());
        config.setMaximumPoolSize(8);
        dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).load().migrate();
    }

    @AfterAll
    void close() throws InterruptedException {
        for (StoredJobRunner runner : runners) {
            runner.close();
        }
        dataSource.close();
    }

    /** A runner with fresh objects (its own store object too), as a new process would have. */
    private StoredJobRunner runner(String worker, Duration lease, Duration checkpointInterval) {
        return runner(worker, lease, checkpointInterval, properties.maxDuration());
    }

    /** A runner with fresh objects and the time budget {@code maxDuration}. */
    private StoredJobRunner runner(String worker, Duration lease, Duration checkpointInterval, Duration maxDuration) {
        StoredJobRunner runner = new StoredJobRunner(new JdbcJobStore(dataSource), optimizations, comparisons,
                JobPlan.limits(optimizations, properties), maxDuration, json, worker, lease, checkpointInterval,
                StoredJobRunner.renewIntervalFor(lease), properties.eventInterval());
        runners.add(runner);
        return runner;
    }

    private String insert(JdbcJobStore store, String request) {
        String id = UUID.randomUUID().toString();
        store.insert(new NewJob(id, request.contains("\"comparison\"") ? JobKind.COMPARISON : JobKind.OPTIMIZATION, request,
                null));
        return id;
    }

    /** The plans of the request and the uninterrupted runs of them, straight from the engine. */
    private List<Result> uninterrupted(JobPlan plan) {
        return plan.plans().stream().map(p -> p.analyze(Descent.run(p.problem()))).toList();
    }

    private JobPlan plan(String request) {
        return JobPlan.of(json.readValue(request, JobRequest.class), optimizations, comparisons,
                JobPlan.limits(optimizations, properties));
    }

    /**
     * The stored result equals the uninterrupted runs bit for bit: every trajectory row (all of them: maxPoints
     * exceeds the iterations), the last iterate, the epoch losses, the counts, the verdict and the explained updates.
     */
    private void assertBitIdentical(byte[] stored, JobPlan plan, List<Result> reference) {
        StoredResult result = StoredResult.fromBytes(stored);
        assertThat(result.kind()).isEqualTo(plan.kind().value());
        assertThat(result.runs()).hasSize(reference.size());
        for (int i = 0; i < reference.size(); i++) {
            StoredRun run = result.runs().get(i);
            Result expected = reference.get(i);
            assertThat(run.label()).isEqualTo(plan.labels().get(i));
            assertThat(run.status()).isEqualTo(expected.stopReason().status().name());
            assertThat(run.reason()).isEqualTo(expected.stopReason().description());
            assertThat(run.iterations()).isEqualTo(expected.iterations());
            assertThat(run.functionEvaluations()).isEqualTo(expected.functionEvaluations());
            assertThat(run.gradientEvaluations()).isEqualTo(expected.gradientEvaluations());
            Trajectory trajectory = expected.trajectory();
            int width = Trajectory.rowWidth(expected.last().point().length);
            assertThat(trajectory.size()).isEqualTo(expected.iterations() + 1);
            assertThat(run.trajectory()).hasSize(trajectory.size() * width);
            double[] row = new double[width];
            for (int r = 0; r < trajectory.size(); r++) {
                trajectory.copyRow(r, row, 0);
                for (int c = 0; c < width; c++) {
                    assertThat(run.trajectory()[r * width + c]).as("run %d row %d column %d", i, r, c)
                            .isEqualTo(Double.doubleToRawLongBits(row[c]));
                }
            }
            double[] point = expected.last().point();
            for (int c = 0; c < point.length; c++) {
                assertThat(run.last()[4 + c]).isEqualTo(Double.doubleToRawLongBits(point[c]));
            }
            assertThat(run.last()[1]).isEqualTo(Double.doubleToRawLongBits(expected.last().value()));
            assertThat(run.explanation()).isEqualTo(expected.explanation());
            double[] losses = expected.epochLosses();
            assertThat(run.epochLosses()).hasSize(losses.length);
            for (int e = 0; e < losses.length; e++) {
                assertThat(run.epochLosses()[e]).isEqualTo(Double.doubleToRawLongBits(losses[e]));
            }
        }
    }

    /**
     * Runs the request with a runner that is suspended when run {@code suspendedRun} reaches half its iterations,
     * then with a new runner; checks the checkpoint, the release, the resume and the result. Answers the checkpoint
     * the first runner saved.
     */
    private Checkpoint restart(String request, int suspendedRun) throws Exception {
        JobPlan plan = plan(request);
        List<Result> reference = uninterrupted(plan);
        int half = reference.get(suspendedRun).iterations() / 2;
        assertThat(half).isGreaterThan(10);
        JdbcJobStore store = new JdbcJobStore(dataSource);
        String id = insert(store, request);

        StoredJobRunner first = runner("first", Duration.ofSeconds(30), Duration.ofHours(1));
        first.onIteration((run, iteration) -> {
            if (run == suspendedRun && iteration == half) {
                first.requestSuspend();
            }
        });
        assertThat(first.runOnce()).isTrue();
        StoredJob released = store.find(id).orElseThrow();
        assertThat(released.state()).isEqualTo(JobState.QUEUED);
        assertThat(released.leaseOwner()).isNull();
        List<StoredCheckpoint> checkpoints = store.checkpoints(id);
        assertThat(checkpoints).extracting(StoredCheckpoint::run).containsExactly(suspendedRun);
        Checkpoint saved = CheckpointCodec.fromBytes(checkpoints.get(0).data());
        assertThat(saved.iteration()).isBetween(half, half + 1);
        // Saved without its rows: those are appended apart, in chunks that cover the rows it resumes with.
        assertThat(saved.recordedRows()).isZero();
        assertThat(store.trajectory(id, suspendedRun).stream().mapToLong(JobStore.TrajectoryChunk::rowCount).sum())
                .isEqualTo(checkpoints.get(0).trajectoryRows()).isPositive();

        StoredJobRunner second = runner("second", Duration.ofSeconds(30), Duration.ofHours(1));
        ConcurrentHashMap<Integer, Integer> firstSeen = new ConcurrentHashMap<>();
        second.onIteration((run, iteration) -> firstSeen.putIfAbsent(run, iteration));
        assertThat(second.runOnce()).isTrue();
        assertThat(firstSeen.get(suspendedRun)).as("the second runner resumed, not restarted, the run")
                .isGreaterThanOrEqualTo(saved.iteration());
        StoredJob done = store.find(id).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.starts()).isEqualTo(2);
        assertBitIdentical(store.result(id).orElseThrow(), plan, reference);
        return saved;
    }

    @Test
    @DisplayName("an Adam run suspended half way finishes after a restart bit-identical to an uninterrupted run")
    void adamRestart() throws Exception {
        restart(ADAM, 0);
    }

    @Test
    @DisplayName("an Adam run explaining updates 1451-1550, suspended inside them (at 1500), finishes with the "
            + "uninterrupted run's explanation, bit for bit")
    void explainedRestartInsideTheRange() throws Exception {
        Checkpoint saved = restart(adamExplained(1451), 0);
        assertThat(saved.explained().updates()).hasSize(saved.iteration() - 1450);
        Result uninterrupted = uninterrupted(plan(adamExplained(1451))).get(0);
        assertThat(uninterrupted.iterations()).isEqualTo(3000);
        assertThat(uninterrupted.explanation().updates()).hasSize(100);
    }

    @Test
    @DisplayName("an Adam run explaining updates 1001-1100, suspended after them (at 1500), finishes with the "
            + "uninterrupted run's explanation, bit for bit: its checkpoint carried them")
    void explainedRestartAfterTheRange() throws Exception {
        Checkpoint saved = restart(adamExplained(1001), 0);
        assertThat(saved.explained().updates()).hasSize(100);
    }

    @Test
    @DisplayName("a shuffled mini-batch SGD regression suspended half way finishes bit-identical (shuffling restored)")
    void regressionRestart() throws Exception {
        JobPlan plan = plan(REGRESSION);
        RunPlan run = plan.plans().get(0);
        assertThat(run.regression()).isNotNull();
        assertThat(103 % 10).isNotZero();
        assertThat(uninterrupted(plan).get(0).epochCount()).isEqualTo(41);
        restart(REGRESSION, 0);
    }

    @Test
    @DisplayName("a comparison suspended half way through its second run finishes bit-identical, every run")
    void comparisonRestart() throws Exception {
        assertThat(plan(COMPARISON).plans()).hasSize(3);
        restart(COMPARISON, 1);
    }

    @Test
    @DisplayName("a comparison suspended in its second run resumes without running its first again, bit-identical")
    void endedRunsAreNotRunAgain() throws Exception {
        JobPlan plan = plan(COMPARISON);
        List<Result> reference = uninterrupted(plan);
        int half = reference.get(1).iterations() / 2;
        JdbcJobStore store = new JdbcJobStore(dataSource);
        String id = insert(store, COMPARISON);

        StoredJobRunner first = runner("ended-first", Duration.ofSeconds(30), Duration.ofHours(1));
        first.onIteration((run, iteration) -> {
            if (run == 1 && iteration == half) {
                first.requestSuspend();
            }
        });
        assertThat(first.runOnce()).isTrue();
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        assertThat(store.runResults(id)).as("the first run ended and is stored so").containsOnlyKeys(0);
        List<StoredCheckpoint> checkpoints = store.checkpoints(id);
        assertThat(checkpoints).extracting(StoredCheckpoint::run).containsExactly(1);
        Checkpoint saved = CheckpointCodec.fromBytes(checkpoints.get(0).data());

        StoredJobRunner second = runner("ended-second", Duration.ofSeconds(30), Duration.ofHours(1));
        ConcurrentHashMap<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
        second.onIteration((run, iteration) -> seen.computeIfAbsent(run, r -> new AtomicInteger()).incrementAndGet());
        assertThat(second.runOnce()).isTrue();
        assertThat(seen).as("the first run is not run again").doesNotContainKey(0);
        assertThat(seen.get(1).get()).as("the second run continues from its checkpoint")
                .isEqualTo(reference.get(1).iterations() - saved.iteration());
        assertThat(seen.get(2).get()).as("the third run from its start")
                .isEqualTo(reference.get(2).iterations() + 1);
        StoredJob done = store.find(id).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.starts()).isEqualTo(2);
        assertBitIdentical(store.result(id).orElseThrow(), plan, reference);
        // What was kept to resume it went with its end.
        assertThat(store.runResults(id)).isEmpty();
        assertThat(store.checkpoints(id)).isEmpty();
        assertThat(store.trajectory(id, 1)).isEmpty();
    }

    @Test
    @DisplayName("a job whose runner crashed (no renewal, no release) is taken after its lease and ends bit-identical")
    void crashRescue() throws Exception {
        crashRescue(ADAM);
    }

    @Test
    @DisplayName("a job explaining updates 951-1050 whose runner checkpointed inside them (at 1000) and crashed later "
            + "is taken after its lease and ends with the uninterrupted run's explanation, bit for bit")
    void explainedCrashRescue() throws Exception {
        Checkpoint saved = crashRescue(adamExplained(951));
        assertThat(saved.explained().updates()).hasSize(saved.iteration() - 950);
    }

    /**
     * Runs the request with a runner that checkpoints a third of the way and crashes two thirds of the way, then
     * with a runner that takes the job once its lease has expired; checks the resume and the result. Answers the
     * checkpoint the first runner saved.
     */
    private Checkpoint crashRescue(String request) throws Exception {
        JobPlan plan = plan(request);
        List<Result> reference = uninterrupted(plan);
        int n = reference.get(0).iterations();
        JdbcJobStore store = new JdbcJobStore(dataSource);
        String id = insert(store, request);
        Duration lease = Duration.ofSeconds(1);

        StoredJobRunner crashing = runner("crashing", lease, Duration.ofHours(1));
        AtomicBoolean crashed = new AtomicBoolean();
        crashing.onIteration((run, iteration) -> {
            if (iteration == n / 3) {
                crashing.requestCheckpoint();
            } else if (iteration == 2 * n / 3 && crashed.compareAndSet(false, true)) {
                crashing.crash();
            }
        });
        assertThat(crashing.runOnce()).isTrue();
        StoredJob abandoned = store.find(id).orElseThrow();
        assertThat(abandoned.state()).isEqualTo(JobState.RUNNING);
        assertThat(abandoned.leaseOwner()).isNotNull();
        Checkpoint saved = CheckpointCodec.fromBytes(store.checkpoints(id).get(0).data());
        assertThat(saved.iteration()).isBetween(n / 3, n / 3 + 1);

        StoredJobRunner rescuer = runner("rescuer", lease, Duration.ofHours(1));
        ConcurrentHashMap<Integer, Integer> firstSeen = new ConcurrentHashMap<>();
        rescuer.onIteration((run, iteration) -> firstSeen.putIfAbsent(run, iteration));
        assertThat(rescuer.runOnce()).as("the lease still holds the job right after the crash").isFalse();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        boolean claimed = false;
        while (!claimed && System.nanoTime() < deadline) {
            claimed = rescuer.runOnce();
            if (!claimed) {
                Thread.sleep(100);
            }
        }
        assertThat(claimed).as("claimed after the lease expired").isTrue();
        assertThat(firstSeen.get(0)).as("the rescuer resumed from the checkpoint").isGreaterThanOrEqualTo(
                saved.iteration());
        StoredJob done = store.find(id).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.starts()).isEqualTo(2);
        assertBitIdentical(store.result(id).orElseThrow(), plan, reference);
        return saved;
    }

    @Test
    @DisplayName("checkpoints taken every checkpoint-interval while a job runs leave its result bit-identical")
    void periodicCheckpoints() throws Exception {
        JobPlan plan = plan(ADAM);
        List<Result> reference = uninterrupted(plan);
        AtomicInteger saves = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<byte[]> saved = new java.util.concurrent.atomic.AtomicReference<>();
        JdbcJobStore jdbc = new JdbcJobStore(dataSource);
        JobStore counting = (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(),
                new Class<?>[] {JobStore.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("saveCheckpoint")) {
                        saves.incrementAndGet();
                        saved.set((byte[]) arguments[3]);
                    }
                    try {
                        return method.invoke(jdbc, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        String id = insert(jdbc, ADAM);
        StoredJobRunner runner = new StoredJobRunner(counting, optimizations, comparisons,
                JobPlan.limits(optimizations, properties), properties.maxDuration(), json, "periodic",
                Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofSeconds(1), properties.eventInterval());
        runners.add(runner);
        // Slowed down to about 0.3 s, so that the 10 ms timer asks for checkpoints many times meanwhile.
        runner.onIteration((run, iteration) -> {
            if (iteration % 100 == 0) {
                sleep(10);
            }
        });
        assertThat(runner.runOnce()).isTrue();
        assertThat(saves.get()).isGreaterThanOrEqualTo(3);
        Checkpoint latest = CheckpointCodec.fromBytes(saved.get());
        assertThat(latest.iteration()).isPositive().isLessThanOrEqualTo(reference.get(0).iterations());
        assertThat(jdbc.find(id).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertBitIdentical(jdbc.result(id).orElseThrow(), plan, reference);
    }

    @Test
    @DisplayName("a running job's progress is in the store, written every event-interval (not per iteration): a reader "
            + "sees it grow, and the last one equals the result")
    void progress() throws Exception {
        JobPlan plan = plan(COMPARISON);
        List<Result> reference = uninterrupted(plan);
        AtomicInteger writes = new AtomicInteger();
        JdbcJobStore jdbc = new JdbcJobStore(dataSource);
        JobStore counting = (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(),
                new Class<?>[] {JobStore.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("recordProgress")) {
                        writes.incrementAndGet();
                    }
                    try {
                        return method.invoke(jdbc, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        String id = insert(jdbc, COMPARISON);
        Duration interval = Duration.ofMillis(20);
        StoredJobRunner runner = new StoredJobRunner(counting, optimizations, comparisons,
                JobPlan.limits(optimizations, properties), properties.maxDuration(), json, "progress",
                Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(1), interval);
        runners.add(runner);
        // Slowed to about 0.5 s for the 6,000 iterations of the three runs.
        runner.onIteration((run, iteration) -> {
            if (iteration % 20 == 0) {
                sleep(1);
            }
        });
        // A reader of the store, as another replica would be, while the job runs.
        List<JobView.JobProgress> seen = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (running.get()) {
                String progress = jdbc.find(id).orElseThrow().progress();
                if (progress != null) {
                    synchronized (seen) {
                        seen.add(json.readValue(progress, JobView.JobProgress.class));
                    }
                }
                sleep(5);
            }
        });
        reader.start();
        long started = System.nanoTime();
        assertThat(runner.runOnce()).isTrue();
        long ranMillis = (System.nanoTime() - started) / 1_000_000;
        running.set(false);
        reader.join();

        List<Long> iterations;
        synchronized (seen) {
            iterations = seen.stream().map(JobView.JobProgress::iteration).distinct().toList();
        }
        long total = reference.stream().mapToLong(Result::iterations).sum();
        assertThat(iterations).as("the reader saw the job progress").hasSizeGreaterThanOrEqualTo(5).isSorted();
        assertThat(iterations.get(0)).isLessThan(total);
        assertThat(writes.get()).as("about one write every %s, not one per iteration", interval)
                .isGreaterThanOrEqualTo(5).isLessThanOrEqualTo((int) (ranMillis / interval.toMillis()) + 3);

        JobView.JobProgress last = json.readValue(jdbc.find(id).orElseThrow().progress(), JobView.JobProgress.class);
        StoredResult result = StoredResult.fromBytes(jdbc.result(id).orElseThrow());
        assertThat(last.iteration()).isEqualTo(total);
        assertThat(last.runsDone()).isEqualTo(3);
        assertThat(last.runsTotal()).isEqualTo(3);
        assertThat(last.runs()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JobView.RunProgress run = last.runs().get(i);
            assertThat(run.iteration()).isEqualTo(result.runs().get(i).iterations())
                    .isEqualTo(reference.get(i).iterations());
            assertThat(run.done()).isTrue();
            assertThat(run.label()).isEqualTo(plan.labels().get(i));
            assertThat(run.value()).isEqualTo(reference.get(i).last().value());
            double lowest = Double.POSITIVE_INFINITY;
            for (int r = 0; r < reference.get(i).trajectory().size(); r++) {
                lowest = Math.min(lowest, reference.get(i).trajectory().value(r));
            }
            assertThat(run.bestValue()).isEqualTo(lowest);
        }
        long runMillis = jdbc.find(id).orElseThrow().runMillis();
        assertThat(last.elapsedMillis()).as("written just before the job finished")
                .isBetween((double) runMillis - 100, (double) runMillis);
    }

    @Test
    @DisplayName("a cancel recorded in the store stops the running job within about a second, CANCELLED")
    void cancel() throws Exception {
        JdbcJobStore store = new JdbcJobStore(dataSource);
        String id = insert(store, ADAM);
        StoredJobRunner runner = runner("cancelled", Duration.ofSeconds(3), Duration.ofHours(1));
        AtomicLong cancelledAt = new AtomicLong();
        AtomicInteger lastIteration = new AtomicInteger();
        runner.onIteration((run, iteration) -> {
            lastIteration.set(iteration);
            if (iteration == 100) {
                assertThat(store.requestCancel(id)).isEqualTo(JobStore.CancelOutcome.REQUESTED);
                cancelledAt.set(System.nanoTime());
            } else if (iteration > 100) {
                sleep(5);
            }
        });
        assertThat(runner.runOnce()).isTrue();
        long stoppedAfter = System.nanoTime() - cancelledAt.get();
        assertThat(Duration.ofNanos(stoppedAfter)).isLessThan(Duration.ofMillis(1800));
        assertThat(lastIteration.get()).isLessThan(3000);
        StoredJob job = store.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
        assertThat(job.leaseOwner()).isNull();
    }

    @Test
    @DisplayName("a suspended runner claims nothing more: the jobs stay queued for other runners")
    void suspendedRunnerClaimsNothing() throws Exception {
        JdbcJobStore store = new JdbcJobStore(dataSource);
        StoredJobRunner runner = runner("idle", Duration.ofSeconds(30), Duration.ofHours(1));
        assertThat(runner.suspend(Duration.ofSeconds(1))).isTrue();
        String id = insert(store, ADAM);
        assertThat(runner.runOnce()).isFalse();
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        StoredJobRunner other = runner("other", Duration.ofSeconds(30), Duration.ofHours(1));
        assertThat(other.runOnce()).isTrue();
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    }

    /** The time budget of the budget tests, and how far past it the stored running time may end. */
    private static final Duration BUDGET = Duration.ofMillis(400);
    private static final long BUDGET_MARGIN_MILLIS = 200;

    /**
     * A comparison that ran into its budget: its first run stopped with TIME_LIMIT part way, its trajectory the first
     * rows of the uninterrupted run's, bit for bit (the same arithmetic, only stopped early); the later runs ended at
     * once, TIME_LIMIT at their start. Answers the first run's iterations.
     */
    private int assertTimeLimited(byte[] stored, JobPlan plan, List<Result> reference) {
        StoredResult result = StoredResult.fromBytes(stored);
        assertThat(result.runs()).hasSize(3);
        assertThat(result.runs()).extracting(StoredRun::status).containsOnly("TIME_LIMIT");
        StoredRun first = result.runs().get(0);
        assertThat(first.iterations()).isPositive().isLessThan(reference.get(0).iterations());
        int width = Trajectory.rowWidth(2);
        assertThat(first.trajectory()).hasSize((first.iterations() + 1) * width);
        double[] row = new double[width];
        for (int r = 0; r <= first.iterations(); r++) {
            reference.get(0).trajectory().copyRow(r, row, 0);
            for (int c = 0; c < width; c++) {
                assertThat(first.trajectory()[r * width + c]).as("row %d column %d", r, c)
                        .isEqualTo(Double.doubleToRawLongBits(row[c]));
            }
        }
        for (int i = 1; i < 3; i++) {
            assertThat(result.runs().get(i).iterations()).as("run %d", i).isZero();
            assertThat(result.runs().get(i).label()).isEqualTo(plan.labels().get(i));
        }
        return first.iterations();
    }

    @Test
    @DisplayName("a job's time budget counts its running time over restarts: suspended after 250 of 400 ms, the "
            + "resumed job stops at 400 ms in all, TIME_LIMIT, SUCCEEDED")
    void timeBudgetOverRestarts() throws Exception {
        JobPlan plan = plan(COMPARISON);
        List<Result> reference = uninterrupted(plan);
        JdbcJobStore store = new JdbcJobStore(dataSource);
        String id = insert(store, COMPARISON);

        // Slowed to about a millisecond an iteration: the 2,000 iterations of the first run would take 2 s.
        StoredJobRunner first = runner("budget-first", Duration.ofSeconds(30), Duration.ofHours(1), BUDGET);
        AtomicLong startedAt = new AtomicLong();
        first.onIteration((run, iteration) -> {
            startedAt.compareAndSet(0, System.nanoTime());
            sleep(1);
            if (System.nanoTime() - startedAt.get() >= Duration.ofMillis(250).toNanos()) {
                first.requestSuspend();
            }
        });
        assertThat(first.runOnce()).isTrue();
        StoredJob released = store.find(id).orElseThrow();
        assertThat(released.state()).isEqualTo(JobState.QUEUED);
        assertThat(released.runMillis()).isBetween(250L, BUDGET.toMillis() - 1);
        Checkpoint saved = CheckpointCodec.fromBytes(store.checkpoints(id).get(0).data());

        StoredJobRunner second = runner("budget-second", Duration.ofSeconds(30), Duration.ofHours(1), BUDGET);
        second.onIteration((run, iteration) -> sleep(1));
        long before = System.nanoTime();
        assertThat(second.runOnce()).isTrue();
        Duration secondRan = Duration.ofNanos(System.nanoTime() - before);
        assertThat(secondRan).as("the second start ran only what was left of the budget")
                .isLessThan(BUDGET);
        StoredJob done = store.find(id).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.starts()).isEqualTo(2);
        assertThat(done.runMillis()).isBetween(BUDGET.toMillis(), BUDGET.toMillis() + BUDGET_MARGIN_MILLIS);
        int iterations = assertTimeLimited(store.result(id).orElseThrow(), plan, reference);
        assertThat(iterations).as("resumed past its checkpoint").isGreaterThan(saved.iteration());
    }

    @Test
    @DisplayName("a job without interruption stops at its time budget: TIME_LIMIT, SUCCEEDED, 400 ms of running")
    void timeBudget() throws Exception {
        JobPlan plan = plan(COMPARISON);
        List<Result> reference = uninterrupted(plan);
        JdbcJobStore store = new JdbcJobStore(dataSource);
        String id = insert(store, COMPARISON);
        StoredJobRunner runner = runner("budget", Duration.ofSeconds(30), Duration.ofHours(1), BUDGET);
        runner.onIteration((run, iteration) -> sleep(1));
        assertThat(runner.runOnce()).isTrue();
        StoredJob done = store.find(id).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.starts()).isEqualTo(1);
        assertThat(done.runMillis()).isBetween(BUDGET.toMillis(), BUDGET.toMillis() + BUDGET_MARGIN_MILLIS);
        assertTimeLimited(store.result(id).orElseThrow(), plan, reference);
    }

    @Test
    @DisplayName("a job claimed with its budget spent ends at once: every run TIME_LIMIT at its start")
    void budgetSpentBeforeTheClaim() throws Exception {
        JobPlan plan = plan(COMPARISON);
        JdbcJobStore store = new JdbcJobStore(dataSource);
        String id = insert(store, COMPARISON);
        // A first start that ran out the budget of a second runner with a shorter one, then was released.
        StoredJobRunner first = runner("spent-first", Duration.ofSeconds(30), Duration.ofHours(1));
        AtomicLong startedAt = new AtomicLong();
        first.onIteration((run, iteration) -> {
            startedAt.compareAndSet(0, System.nanoTime());
            sleep(1);
            if (System.nanoTime() - startedAt.get() >= Duration.ofMillis(60).toNanos()) {
                first.requestSuspend();
            }
        });
        assertThat(first.runOnce()).isTrue();
        long spent = store.find(id).orElseThrow().runMillis();
        assertThat(spent).isGreaterThanOrEqualTo(60);
        StoredJobRunner second = runner("spent-second", Duration.ofSeconds(30), Duration.ofHours(1),
                Duration.ofMillis(50));
        AtomicInteger iterations = new AtomicInteger();
        second.onIteration((run, iteration) -> iterations.incrementAndGet());
        assertThat(second.runOnce()).isTrue();
        assertThat(iterations.get()).as("no run made an update").isLessThanOrEqualTo(2);
        StoredResult result = StoredResult.fromBytes(store.result(id).orElseThrow());
        assertThat(result.runs()).extracting(StoredRun::status).containsOnly("TIME_LIMIT");
        assertThat(result.runs().get(1).iterations()).isZero();
        assertThat(result.runs().get(2).iterations()).isZero();
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(plan.plans()).hasSize(3);
    }

    @Test
    @DisplayName("the runner is no bean unless descent.jobs.store-runner.enabled=true")
    void disabledByDefault() {
        assertThat(context.getBeanProvider(StoredJobRunner.class).getIfAvailable()).isNull();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
