package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.descent.engine.run.Descent;
import dev.descent.engine.run.Result;
import dev.descent.engine.stop.Status;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The executor of the synchronous requests on its own: admission by estimated wait, the wait bound, cancellation,
 * the heap bound and shutdown, with one or two threads and long runs (100-D Rosenbrock, about a second each).
 */
class RunExecutorTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** About a second of work: 200,000 gradient steps on 100-D Rosenbrock. */
    private static final String LONG = """
            {"objective": {"function": "rosenbrock", "dimension": 100}, "optimizer": {"type": "gd",
             "learningRate": 1e-7}, "maxIterations": 200000, "tolerance": 0, "trajectory": {"maxPoints": 50}}""";

    /** A few milliseconds: 2,000 Adam steps on a 2-D formula, trajectory thinned to 100 points. */
    private static final String SHORT = """
            {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.2, "y": 1},
             "optimizer": {"type": "adam", "learningRate": 0.01}, "maxIterations": 2000, "tolerance": 0,
             "trajectory": {"maxPoints": 100}}""";

    private final List<String> rejections = new CopyOnWriteArrayList<>();
    private final AtomicInteger runs = new AtomicInteger();
    private final RunExecutor.ExecutorListener listener = new RunExecutor.ExecutorListener() {
        @Override
        public void rejected(String reason) {
            rejections.add(reason);
        }

        @Override
        public void ran(String optimizer, Result result) {
            runs.incrementAndGet();
        }
    };
    private final List<RunExecutor> executors = new ArrayList<>();

    @AfterEach
    void shutDown() {
        executors.forEach(RunExecutor::shutdown);
    }

    private static OptimizationProperties properties(Map<String, String> given) {
        return new Binder(new MapConfigurationPropertySource(given))
                .bindOrCreate("descent.optimization", OptimizationProperties.class);
    }

    private RunExecutor executor(int threads, Duration maxQueueWait, String maxHeld) {
        RunExecutor executor = new RunExecutor(properties(Map.of(
                "descent.optimization.run-threads", Integer.toString(threads),
                "descent.optimization.max-queue-wait", maxQueueWait.toMillis() + "ms",
                "descent.optimization.max-held-bytes", maxHeld)), listener);
        executor.start();
        executors.add(executor);
        return executor;
    }

    private static RunPlan plan(String json) {
        return new OptimizationMapper(properties(Map.of()), new Receipts(JSON, Receipts.UNKNOWN, Receipts.UNKNOWN))
                .toPlan(JSON.readValue(json, OptimizationRequest.class));
    }

    private static ProblemException problem(Throwable thrown) {
        Throwable cause = thrown instanceof CompletionException ? thrown.getCause() : thrown;
        assertThat(cause).isInstanceOf(ProblemException.class);
        return (ProblemException) cause;
    }

    @Test
    @DisplayName("runs every plan of a request and answers each result compacted to its points, in order")
    void runsAndCompacts() throws Exception {
        RunExecutor executor = executor(2, Duration.ofSeconds(5), "64MB");
        RunPlan shortPlan = plan(SHORT);
        List<Result> results = executor.runAll(List.of(shortPlan, plan(SHORT), shortPlan))
                .get(30, TimeUnit.SECONDS);
        Result alone = Descent.run(plan(SHORT).problem());
        assertThat(results).hasSize(3);
        for (Result result : results) {
            assertThat(result.last()).isEqualTo(alone.last());
            assertThat(result.trajectory().size()).isEqualTo(100);
            assertThat(result.trajectory().all()).isEqualTo(alone.trajectory().thin(100));
        }
        assertThat(runs).hasValue(3);
        assertThat(executor.heldBytes()).isPositive();
        executor.released(executor.runAll(List.of(shortPlan)));
    }

    @Test
    @DisplayName("refuses at once, with 503 busy and Retry-After, work whose estimated wait passes max-queue-wait")
    void admissionByTime() throws Exception {
        RunExecutor executor = executor(1, Duration.ofSeconds(2), "1GB");
        // Teach the executor what a long run costs, then occupy its one thread and queue about 2 s of work.
        executor.runAll(List.of(plan(LONG))).get(30, TimeUnit.SECONDS);
        List<CompletableFuture<List<Result>>> admitted = new ArrayList<>();
        ProblemException busy = null;
        long refusalNanos = 0;
        for (int i = 0; i < 20 && busy == null; i++) {
            RunPlan another = plan(LONG);
            long before = System.nanoTime();
            try {
                admitted.add(executor.runAll(List.of(another)));
            } catch (ProblemException e) {
                refusalNanos = System.nanoTime() - before;
                busy = e;
            }
        }
        assertThat(busy).as("refused before 20 runs of a second were queued").isNotNull();
        assertThat(busy.type()).isEqualTo(ProblemType.BUSY);
        assertThat(Long.parseLong(busy.headers().getFirst("Retry-After"))).isBetween(1L, 10L);
        assertThat(Duration.ofNanos(refusalNanos)).as("refused at once, not after waiting 2 s")
                .isLessThan(Duration.ofSeconds(1));
        assertThat(admitted.size()).as("about 2 s of queued runs of about a second").isBetween(1, 6);
        assertThat(rejections).contains("queue-full");
        admitted.forEach(future -> future.cancel(true));
    }

    @Test
    @DisplayName("learns the time per work unit from units long in work and time, not from little work that took long "
            + "(a descheduled thread)")
    void learnsFromLongUnitsOnly() throws Exception {
        RunExecutor executor = executor(1, Duration.ofSeconds(1), "1GB");
        double guess = executor.nanosPerUnit(RunExecutor.Kind.DESCENT);
        // The cheapest request, 5 units (maxIterations 0 on two variables), descheduled for 6 ms: 1.2 ms a unit.
        executor.observe(RunExecutor.Kind.DESCENT, 5, 6_000_000);
        assertThat(executor.nanosPerUnit(RunExecutor.Kind.DESCENT)).isEqualTo(guess);
        // A real measurement replaces the first guess: 20,600,000 units (200,000 steps in 100-D) in 412 ms.
        executor.observe(RunExecutor.Kind.DESCENT, 20_600_000, 412_000_000);
        assertThat(executor.nanosPerUnit(RunExecutor.Kind.DESCENT)).isEqualTo(20.0);
        // And a longer request's units, too few for a teaching measurement, still do not.
        executor.observe(RunExecutor.Kind.DESCENT, 200, 6_000_000);
        assertThat(executor.nanosPerUnit(RunExecutor.Kind.DESCENT)).isEqualTo(20.0);
        // What the work of a request known to be long does teach, as the moving average.
        executor.observe(RunExecutor.Kind.DESCENT, 1_000_000, 40_000_000);
        assertThat(executor.nanosPerUnit(RunExecutor.Kind.DESCENT)).isEqualTo(30.0);
    }

    @Test
    @DisplayName("answers 503 busy, without running it, work that still waits when max-queue-wait is up")
    void waitBound() throws Exception {
        RunExecutor executor = executor(1, Duration.ofMillis(300), "1GB");
        CompletableFuture<List<Result>> running = executor.runAll(List.of(plan(LONG)));
        // Before anything was measured the long run is estimated short, so short work is admitted behind it.
        List<CompletableFuture<List<Result>>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try {
                waiting.add(executor.runAll(List.of(plan(SHORT))));
            } catch (ProblemException e) {
                assertThat(e.type()).isEqualTo(ProblemType.BUSY);
            }
        }
        assertThat(waiting).isNotEmpty();
        for (CompletableFuture<List<Result>> future : waiting) {
            Throwable thrown = catchThrowable(() -> future.get(3, TimeUnit.SECONDS));
            ProblemException busy = problem(thrown.getCause());
            assertThat(busy.type()).isEqualTo(ProblemType.BUSY);
            assertThat(busy.headers().getFirst("Retry-After")).isNotEmpty();
        }
        assertThat(rejections).contains("waited-too-long");
        running.get(30, TimeUnit.SECONDS);
        assertThat(runs).as("only the long run ran").hasValue(1);
    }

    @Test
    @DisplayName("cancelling takes queued work out of the queue and stops running work at its next iteration")
    void cancels() throws Exception {
        RunExecutor executor = executor(1, Duration.ofSeconds(30), "1GB");
        CompletableFuture<List<Result>> running = executor.runAll(List.of(plan(LONG)));
        CompletableFuture<List<Result>> queued = executor.runAll(List.of(plan(LONG)));
        Thread.sleep(100);
        queued.cancel(true);
        long before = System.nanoTime();
        running.cancel(true);
        // The thread is free again at once: the next work starts and ends long before a long run could.
        CompletableFuture<List<Result>> next = executor.runAll(List.of(plan(SHORT)));
        next.get(30, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(500));
        assertThat(runs).as("the cancelled run and the next; never the queued one").hasValue(2);
        executor.released(running);
        executor.released(next);
        assertThat(executor.heldBytes()).as("cancelled queued work held nothing more").isZero();
    }

    @Test
    @DisplayName("bounds the heap admitted work holds: 422 for work that alone holds more, 503 while others hold it")
    void boundsHeldHeap() throws Exception {
        RunPlan longPlan = plan(LONG);
        RunPlan shortPlan = plan(SHORT);
        long cap = longPlan.heldBytes() + shortPlan.heldBytes() / 2;
        RunExecutor executor = executor(2, Duration.ofSeconds(30), cap + "B");
        assertThatThrownBy(() -> executor.runAll(List.of(longPlan, longPlan)))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.WORK_TOO_LARGE));
        CompletableFuture<List<Result>> holding = executor.runAll(List.of(longPlan));
        assertThat(problem(catchThrowable(() -> executor.runAll(List.of(shortPlan)))).type())
                .isEqualTo(ProblemType.BUSY);
        assertThat(rejections).contains("memory");
        holding.cancel(true);
        executor.released(holding);
        executor.runAll(List.of(shortPlan)).get(30, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("one client's admitted work beside its other holds at most half the heap bound; its only work as much "
            + "as fits; another client's is admitted meanwhile")
    void boundsOneClientsHeap() throws Exception {
        RunPlan shortPlan = plan(SHORT);
        RunExecutor executor = executor(2, Duration.ofSeconds(30), 4 * shortPlan.heldBytes() + "B");
        List<CompletableFuture<List<Result>>> held = new ArrayList<>();
        try {
            asClient("10.0.0.1", () -> held.add(executor.runAll(List.of(shortPlan, shortPlan, shortPlan))));
            asClient("10.0.0.2", () -> held.add(executor.runAll(List.of(shortPlan))));
            executor.released(held.remove(0));
            asClient("10.0.0.1", () -> held.add(executor.runAll(List.of(shortPlan, shortPlan))));
            ProblemException busy = problem(catchThrowable(() -> asClient("10.0.0.1",
                    () -> executor.runAll(List.of(shortPlan)))));
            assertThat(busy.type()).isEqualTo(ProblemType.BUSY);
            assertThat(busy.getMessage()).contains("one client", "descent.optimization.max-held-bytes");
            assertThat(busy.headers().getFirst("Retry-After")).isNotNull();
            asClient("10.0.0.3", () -> held.add(executor.runAll(List.of(shortPlan))));
            assertThat(executor.heldBytes()).isEqualTo(4 * shortPlan.heldBytes());
        } finally {
            held.forEach(executor::released);
        }
        assertThat(executor.heldBytes()).isZero();
    }

    /** Runs {@code action} as the thread of a request from {@code address} does. */
    private static void asClient(String address, Runnable action) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(address);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        try {
            action.run();
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
    }

    @Test
    @DisplayName("at shutdown answers queued work 503 shutting-down and takes no more; running work finishes")
    void shutdown() throws Exception {
        RunExecutor executor = executor(1, Duration.ofSeconds(30), "1GB");
        CompletableFuture<List<Result>> running = executor.runAll(List.of(plan(SHORT), plan(LONG)));
        Thread.sleep(50);
        CompletableFuture<List<Result>> queued = executor.runAll(List.of(plan(SHORT)));
        executor.stop();
        assertThat(problem(catchThrowable(() -> queued.get(1, TimeUnit.SECONDS)).getCause()).type())
                .isEqualTo(ProblemType.SHUTTING_DOWN);
        assertThat(problem(catchThrowable(() -> executor.runAll(List.of(plan(SHORT))))).type())
                .isEqualTo(ProblemType.SHUTTING_DOWN);
        List<Result> finished = running.get(30, TimeUnit.SECONDS);
        assertThat(finished).extracting(result -> result.stopReason().status())
                .containsExactly(Status.MAX_ITERATIONS, Status.MAX_ITERATIONS);
        executor.start();
        assertThat(executor.runAll(List.of(plan(SHORT))).get(30, TimeUnit.SECONDS)).hasSize(1);
    }
}
