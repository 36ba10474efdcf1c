package dev.descent.optimization;

import dev.descent.engine.run.Descent;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.RunListener;
import dev.descent.system.ClientAddress;
import dev.descent.system.HeapBudget;
import dev.descent.system.LogContext;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayDeque;
import dev.descent.engine.data.Dataset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the synchronous requests' descents, and their other CPU-bound work (drawing), on a bounded set of threads,
 * one per processor by default: the work is CPU-bound, so running more at once only slows each down.
 *
 * <p>Admission is decided before any work, and is cheap to refuse. A request waits in one FIFO queue that is
 * bounded in time, not in places: each task's run time is estimated from its work units and the time per unit
 * measured on the tasks before it; a request whose estimated wait exceeds {@code max-queue-wait} is refused at once
 * with 503 {@code busy} and a {@code Retry-After} from that estimate, and one that still waits past
 * {@code max-queue-wait} (the estimate was low) is answered 503 then, without running. The heap that admitted
 * requests hold (their data, their records while they run, their answers until written) is bounded by
 * {@code max-held-bytes}. A task is a {@link CompletableFuture}: cancelling it (the web layer does when the client
 * has gone) removes it from the queue, or stops its runs at their next iteration.
 *
 * <p>At shutdown it stops admitting (503 {@code shutting-down}) and answers every queued task so at once, before
 * the web server's graceful phase waits for the requests in flight; the runs already going finish.
 */
@Component
public class RunExecutor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

    /** What a task does, each kind with its own measured time per work unit. */
    public enum Kind {
        /** Descents: work units as {@link RunPlan#work()}. */
        DESCENT(10),
        /** Pictures: work units as the plot's drawing estimate. */
        DRAWING(10);

        /** A first guess of the nanoseconds per work unit, before anything was measured. */
        private final double initialNanosPerUnit;

        Kind(double initialNanosPerUnit) {
            this.initialNanosPerUnit = initialNanosPerUnit;
        }
    }

    /** What a task's work measured: how long each unit of work took, an exponential moving average. */
    private static final double SMOOTHING = 0.2;

    /** How often waiting tasks are checked against {@code max-queue-wait}. */
    static final Duration EXPIRY_INTERVAL = Duration.ofMillis(20);

    /** How often the watched requests' checks run (see {@link #watch}). */
    public static final Duration WATCH_INTERVAL = Duration.ofMillis(100);

    /** Units that took less than this do not teach the time per work unit. */
    private static final long MIN_MEASURED_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final int threads;
    private final long maxQueueWaitNanos;
    private final Object lock = new Object();
    private final Deque<Task<?>> queue = new ArrayDeque<>();
    private final double[] nanosPerUnit = new double[Kind.values().length];
    /** The work units of the queued units not started yet, by kind (a task's finish counts as drawing). */
    private final long[] queuedWork = new long[Kind.values().length];
    /** How many units of each kind have been measured. */
    private final long[] measured = new long[Kind.values().length];
    /** Per worker: when its unit started and how long it was expected to take; 0 when idle. */
    private final long[] unitStarted;
    private final long[] unitWork;
    private final Kind[] unitKind;
    private final long[] unitFinishWork;
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private final Set<BooleanSupplier> watched = ConcurrentHashMap.newKeySet();
    private final ExecutorListener listener;
    /** The heap the admitted tasks hold, one reservation each, one client's beside each other at most half. */
    private final HeapBudget held;
    private int idle;
    private boolean accepting = true;
    /** Set once, when the bean is destroyed: the workers end. */
    private boolean terminated;
    private volatile boolean running;

    @Autowired
    RunExecutor(OptimizationProperties properties, ObjectProvider<ExecutorListener> listener) {
        this(properties, listener.getIfAvailable(() -> ExecutorListener.NONE));
    }

    RunExecutor(OptimizationProperties properties, ExecutorListener listener) {
        this.threads = properties.effectiveRunThreads();
        this.maxQueueWaitNanos = properties.maxQueueWait().toNanos();
        this.held = new HeapBudget("synchronous requests in progress", "descent.optimization.max-held-bytes",
                properties.effectiveMaxHeldBytes(), false);
        this.listener = listener;
        for (Kind kind : Kind.values()) {
            nanosPerUnit[kind.ordinal()] = kind.initialNanosPerUnit;
        }
        this.unitStarted = new long[threads];
        this.unitWork = new long[threads];
        this.unitKind = new Kind[threads];
        this.unitFinishWork = new long[threads];
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "descent-queue-timer"));
        timer.scheduleWithFixedDelay(this::expireWaiting, EXPIRY_INTERVAL.toNanos(), EXPIRY_INTERVAL.toNanos(),
                TimeUnit.NANOSECONDS);
        timer.scheduleWithFixedDelay(this::sweepWatched, WATCH_INTERVAL.toNanos(), WATCH_INTERVAL.toNanos(),
                TimeUnit.NANOSECONDS);
        for (int w = 0; w < threads; w++) {
            int slot = w;
            Thread thread = daemon(() -> work(slot), "descent-" + (w + 1));
            workers.add(thread);
        }
        this.idle = threads;
        workers.forEach(Thread::start);
    }

    /**
     * Admits the runs of {@code plans}, in parallel on at most as many threads as there are, and answers their
     * results in the order of {@code plans}, each in its compact form ({@link Result#compact}) as soon as it ends.
     * Throws the 503 problem {@code busy} (or {@code shutting-down}) when it is not admitted, and the 422 problem
     * {@code work-too-large} when it alone would hold more heap than the service lets requests hold together.
     */
    public CompletableFuture<List<Result>> runAll(List<RunPlan> plans) {
        return runAll(plans, 0, 0, results -> results);
    }

    /**
     * As {@link #runAll(List)}, each result with its curvature ({@link RunPlan#analyze}, on the worker that ran it,
     * from its whole record): for answers that show it (optimizations, comparisons), not for those that use only the
     * trajectory (pictures, range tests, exports).
     */
    public CompletableFuture<List<Result>> runAnalyzed(List<RunPlan> plans) {
        DescentTask<List<Result>> task = new DescentTask<>(plans, true, 0, 0, results -> results);
        admit(task);
        return task;
    }

    /**
     * As {@link #runAll(List)}, and then makes the answer of the results with {@code finish} on the worker that ran
     * the last run (drawing them, say): {@code finishWork} more work units of {@link Kind#DRAWING}, holding
     * {@code finishBytes} more heap, counted at admission with the runs.
     */
    public <T> CompletableFuture<T> runAll(List<RunPlan> plans, long finishWork, long finishBytes,
                                           Function<List<Result>, T> finish) {
        DescentTask<T> task = new DescentTask<>(plans, false, finishWork, finishBytes, finish);
        admit(task);
        return task;
    }

    /** Admits other CPU-bound work of a request (drawing a picture, say) of {@code work} units, as for descents. */
    public <T> CompletableFuture<T> call(long work, long bytes, Supplier<T> supplier) {
        CallTask<T> task = new CallTask<>(work, bytes, supplier);
        admit(task);
        return task;
    }

    /**
     * Runs {@code check} every {@link #WATCH_INTERVAL} on the executor's timer until it answers false: for watching
     * the clients of the requests in progress. One sweep every interval checks every watched request, so watching
     * costs a request no timer of its own.
     */
    public void watch(BooleanSupplier check) {
        watched.add(check);
    }

    /** Runs the checks of {@link #watch}, dropping those that are done. */
    private void sweepWatched() {
        watched.removeIf(check -> {
            try {
                return !check.getAsBoolean();
            } catch (RuntimeException e) {
                log.debug("A client probe failed; the request is not watched any more", e);
                return true;
            }
        });
    }

    /** Cancels {@code work}, whose client has gone: out of the queue, or its runs stopped. */
    public void clientGone(CompletableFuture<?> work) {
        if (work.cancel(true)) {
            listener.rejected("client-gone");
        }
    }

    /** What a unit of work of {@code kind} is expected to take, in nanoseconds, as measured so far. */
    double nanosPerUnit(Kind kind) {
        synchronized (lock) {
            return nanosPerUnit[kind.ordinal()];
        }
    }

    /** The estimated wait of a request admitted now, in nanoseconds: 0 while a thread is free. */
    public long estimatedWaitNanos() {
        synchronized (lock) {
            return waitNanos(System.nanoTime());
        }
    }

    // Called with the lock held.
    private long waitNanos(long now) {
        if (queue.isEmpty() && idle > 0) {
            return 0;
        }
        double backlog = 0;
        for (Kind kind : Kind.values()) {
            backlog += queuedWork[kind.ordinal()] * nanosPerUnit[kind.ordinal()];
        }
        for (int w = 0; w < threads; w++) {
            if (unitStarted[w] != 0) {
                double expected = unitWork[w] * nanosPerUnit[unitKind[w].ordinal()]
                        + unitFinishWork[w] * nanosPerUnit[Kind.DRAWING.ordinal()];
                backlog += Math.max(0, expected - (now - unitStarted[w]));
            }
        }
        return (long) (backlog / threads);
    }

    /**
     * The refusal any new synchronous request would get now, whatever its own cost (a 503 {@code busy} while the
     * work already queued would make it wait longer than {@code max-queue-wait}, {@code shutting-down} while
     * stopping), or null. Asked before a request's body is even read, so that refusing under overload costs next
     * to nothing; {@link #runAll} and {@link #call} decide again with the request's own cost.
     */
    public ProblemException refusal() {
        synchronized (lock) {
            if (!accepting) {
                listener.rejected("shutting-down");
                return shuttingDown();
            }
            long wait = waitNanos(System.nanoTime());
            if (wait <= maxQueueWaitNanos) {
                return null;
            }
            listener.rejected("queue-full");
            return busy("Every descent thread is busy and the queued work would wait about " + millis(wait)
                    + " ms, more than the " + millis(maxQueueWaitNanos) + " ms this service lets a request wait; try "
                    + "again shortly", wait);
        }
    }

    private void admit(Task<?> task) {
        long maxHeldBytes = held.maxBytes();
        if (task.bytes > maxHeldBytes) {
            throw new ProblemException(ProblemType.WORK_TOO_LARGE, "This request would hold about "
                    + task.bytes / (1 << 20) + " MB while it runs and is answered; requests may hold at most "
                    + maxHeldBytes / (1 << 20) + " MB together on this service. Ask for fewer points or runs, or "
                    + "POST it to " + WorkBudget.JOBS + ".").with("bytes", task.bytes).with("maxBytes", maxHeldBytes);
        }
        long wait;
        synchronized (lock) {
            if (!accepting) {
                listener.rejected("shutting-down");
                throw shuttingDown();
            }
            long now = System.nanoTime();
            wait = waitNanos(now);
            if (wait > maxQueueWaitNanos) {
                listener.rejected("queue-full");
                throw busy("Every descent thread is busy and the queued work would wait about "
                        + millis(wait) + " ms, more than the " + millis(maxQueueWaitNanos) + " ms this service lets a "
                        + "request wait; try again shortly", wait);
            }
            try {
                task.memory = held.reserve(task.client, task.bytes);
            } catch (ProblemException full) {
                listener.rejected("memory");
                throw busy(full.getMessage(), Math.max(wait, maxQueueWaitNanos));
            }
            task.enqueued = now;
            task.account(1);
            queue.addLast(task);
            lock.notify();
        }
    }

    /**
     * Answers 503 the tasks still waiting when their time in the queue is up: the oldest are at the head of the
     * queue, so one sweep every {@link #EXPIRY_INTERVAL} looks at no more than those.
     */
    private void expireWaiting() {
        List<Task<?>> expired = new ArrayList<>();
        long wait;
        synchronized (lock) {
            long now = System.nanoTime();
            for (Task<?> task = queue.peekFirst(); task != null && !task.started
                    && now - task.enqueued >= maxQueueWaitNanos; task = queue.peekFirst()) {
                queue.pollFirst();
                task.account(-1);
                expired.add(task);
            }
            wait = expired.isEmpty() ? 0 : waitNanos(now);
        }
        for (Task<?> task : expired) {
            release(task);
            listener.rejected("waited-too-long");
            task.completeExceptionally(busy("The request waited " + millis(maxQueueWaitNanos) + " ms for a "
                    + "descent thread, the longest this service lets it wait; try again shortly", wait));
        }
    }

    /** One worker: takes the next unit of the task at the head of the queue, runs it, repeats. */
    private void work(int slot) {
        while (true) {
            Task<?> task;
            int unit;
            long now;
            synchronized (lock) {
                while (queue.isEmpty()) {
                    if (terminated) {
                        return;
                    }
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                task = queue.peekFirst();
                unit = task.next++;
                if (task.next == task.units) {
                    queue.pollFirst();
                }
                now = System.nanoTime();
                if (!task.started) {
                    task.started = true;
                    listener.queueWait(Duration.ofNanos(now - task.enqueued));
                }
                boolean last = unit == task.units - 1;
                queuedWork[task.kind.ordinal()] -= task.unitWork(unit);
                if (last) {
                    queuedWork[Kind.DRAWING.ordinal()] -= task.finishWork();
                }
                unitStarted[slot] = now;
                unitWork[slot] = task.unitWork(unit);
                unitKind[slot] = task.kind;
                unitFinishWork[slot] = last ? task.finishWork() : 0;
                idle--;
            }
            // In the logging context of the request the task is for (its id), cleared afterwards.
            task.context.run(() -> runUnit(slot, task, unit, now));
        }
    }

    /** Runs unit {@code unit} of {@code task} on worker {@code slot}, which took it at {@code now}. */
    private void runUnit(int slot, Task<?> task, int unit, long now) {
        boolean measured = false;
        try {
            if (!task.isDone()) {
                task.runUnit(unit);
                measured = true;
            }
        } catch (RuntimeException | Error e) {
            task.fail(e);
        } finally {
            long elapsed = System.nanoTime() - now;
            synchronized (lock) {
                unitStarted[slot] = 0;
                idle++;
                if (measured) {
                    observe(task.kind, task.unitWork(unit), elapsed);
                }
            }
            task.unitDone();
        }
    }

    /** Learns the time per work unit of {@code kind} from a unit of {@code work} units that took {@code nanos}. */
    // Takes the lock, which its callers in here hold already; package-private for the tests.
    void observe(Kind kind, long work, long nanos) {
        int k = kind.ordinal();
        synchronized (lock) {
            // Short units say little about the time per unit: their fixed costs (a first, interpreted evaluation,
            // a cold cache) dominate, and they hardly weigh in a wait anyway. Nor does a unit of little work that
            // took long: its thread was descheduled (under load, a request of 5 units measured 6 ms, 1.2 ms a unit,
            // and the next requests were refused busy for their thousands of units), so a unit teaches only when
            // its work, at the time per unit known so far, is long enough too.
            if (work > 0 && nanos >= MIN_MEASURED_NANOS && work * nanosPerUnit[k] >= MIN_MEASURED_NANOS) {
                // The plain mean of the first measurements (the first one replaces the initial guess), then an
                // exponential moving average that follows changes.
                double weight = Math.max(SMOOTHING, 1.0 / ++measured[k]);
                nanosPerUnit[k] = (1 - weight) * nanosPerUnit[k] + weight * ((double) nanos / work);
            }
        }
    }

    /** Gives back the heap a task held; once per task. */
    private void release(Task<?> task) {
        synchronized (lock) {
            if (task.memory != null) {
                task.memory.close();
            }
        }
    }

    /** How many threads are running work now. */
    public int busyThreads() {
        synchronized (lock) {
            return threads - idle;
        }
    }

    /** The most heap the admitted requests may hold together ({@code descent.optimization.max-held-bytes}). */
    public long maxHeldBytes() {
        return held.maxBytes();
    }

    /** The heap the admitted requests hold now, in bytes (as estimated before they ran). */
    public long heldBytes() {
        return held.heldBytes();
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static ProblemException busy(String detail, long waitNanos) {
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        return new ProblemException(ProblemType.BUSY, detail).header("Retry-After", Long.toString(seconds));
    }

    private static ProblemException shuttingDown() {
        return new ProblemException(ProblemType.SHUTTING_DOWN, "The service is shutting down and takes no more "
                + "work; try another instance, or again once it is back").header("Retry-After", "5");
    }

    /**
     * Work admitted as one request: {@code units} parts that workers take in order (up to one worker each), done
     * when every part is. Cancelling it takes it out of the queue, or makes its running parts stop.
     */
    private abstract class Task<T> extends CompletableFuture<T> {
        final Kind kind;
        final int units;
        final long work;
        final long bytes;
        final AtomicInteger done = new AtomicInteger();
        /** The logging context of the request that admitted the task, for the lines logged while it runs. */
        final LogContext context = LogContext.capture();
        /** Guarded by the executor's lock. */
        int next;
        boolean started;
        /** The heap the task holds from its admission until released; null until admitted. */
        HeapBudget.Reservation memory;
        /** The address of the client of the request that asked for it (null off a request's thread). */
        final String client = ClientAddress.current();
        long enqueued;
        volatile boolean cancelled;

        Task(Kind kind, int units, long work, long bytes) {
            this.kind = kind;
            this.units = units;
            this.work = work;
            this.bytes = bytes;
        }

        abstract long unitWork(int unit);

        abstract void runUnit(int unit);

        abstract T result();

        void unitDone() {
            if (done.incrementAndGet() == units && !isDone()) {
                try {
                    complete(result());
                } catch (RuntimeException | Error e) {
                    completeExceptionally(e);
                }
                if (log.isDebugEnabled()) {
                    long elapsed = System.nanoTime() - enqueued;
                    log.debug("Work done: {} of {} work units in {} {}, {} ms after its admission",
                            kind.name().toLowerCase(Locale.ROOT), work, units, units == 1 ? "part" : "parts",
                            millis(elapsed));
                }
            }
        }

        /**
         * Adds ({@code sign} 1) or takes away (-1) the work of the units not taken yet, and the finish, to or from
         * the queued work; with the executor's lock held.
         */
        void account(int sign) {
            long remaining = 0;
            for (int unit = next; unit < units; unit++) {
                remaining += unitWork(unit);
            }
            queuedWork[kind.ordinal()] += sign * remaining;
            queuedWork[Kind.DRAWING.ordinal()] += sign * finishWork();
        }

        /** Work units of what runs once every unit is done (drawing), in {@link Kind#DRAWING} units. */
        long finishWork() {
            return 0;
        }

        /** Takes the units not started yet out of the queue; true if none had started. */
        boolean withdraw() {
            cancelled = true;
            boolean neverStarted;
            synchronized (lock) {
                if (queue.remove(this)) {
                    account(-1);
                }
                neverStarted = !started;
            }
            if (neverStarted) {
                release(this);
            }
            return neverStarted;
        }

        void fail(Throwable failure) {
            withdraw();
            completeExceptionally(failure);
        }

        /** Cancels the work: out of the queue if waiting; its running parts stop at their next iteration. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            withdraw();
            return super.cancel(mayInterruptIfRunning);
        }
    }

    /**
     * The runs of a request, each a unit, each result compacted as soon as its run ends; once all have ended, the
     * worker that ran the last one makes the answer of their results ({@code finish}, e.g. a picture).
     */
    private final class DescentTask<T> extends Task<T> {
        private final List<RunPlan> plans;
        /** Whether each result gets its curvature ({@link RunPlan#analyze}). */
        private final boolean analyze;
        private final Result[] results;
        private final Function<List<Result>, T> finish;
        private final long finishWork;
        private final RunListener stop = RunListener.cancelledWhen(() -> DescentTask.this.cancelled);

        DescentTask(List<RunPlan> plans, boolean analyze, long finishWork, long finishBytes,
                    Function<List<Result>, T> finish) {
            super(Kind.DESCENT, plans.size(), plans.stream().mapToLong(RunPlan::work).sum(),
                    heldBytes(plans) + finishBytes);
            if (plans.isEmpty()) {
                throw new IllegalArgumentException("No runs");
            }
            this.plans = List.copyOf(plans);
            this.analyze = analyze;
            this.results = new Result[plans.size()];
            this.finish = finish;
            this.finishWork = finishWork;
        }

        /** What the runs hold, each data set counted once however many runs share it. */
        private static long heldBytes(List<RunPlan> plans) {
            long bytes = 0;
            Set<Dataset> data = Collections.newSetFromMap(new IdentityHashMap<>());
            for (RunPlan plan : plans) {
                bytes += plan.heldBytes();
                if (plan.dataset() != null && data.add(plan.dataset())) {
                    bytes += RunPlan.bytes(plan.dataset());
                }
            }
            return bytes;
        }

        @Override
        long unitWork(int unit) {
            return plans.get(unit).work();
        }

        @Override
        long finishWork() {
            return finishWork;
        }

        @Override
        void runUnit(int unit) {
            RunPlan plan = plans.get(unit);
            Result result = Descent.run(plan.problem(), stop);
            if (analyze) {
                result = plan.analyze(result);
            }
            results[unit] = result.compact(plan.trajectory().effectiveMaxPoints());
            listener.ran(plan.optimizer().kind().name(), result);
        }

        @Override
        T result() {
            List<Result> all = Arrays.asList(results.clone());
            if (finishWork == 0) {
                return finish.apply(all);
            }
            long started = System.nanoTime();
            T value = finish.apply(all);
            synchronized (lock) {
                observe(Kind.DRAWING, finishWork, System.nanoTime() - started);
            }
            return value;
        }
    }

    /** Other work of a request, one unit. */
    private final class CallTask<T> extends Task<T> {
        private final Supplier<T> supplier;
        private T value;

        CallTask(long work, long bytes, Supplier<T> supplier) {
            super(Kind.DRAWING, 1, work, bytes);
            this.supplier = supplier;
        }

        @Override
        long unitWork(int unit) {
            return work;
        }

        @Override
        void runUnit(int unit) {
            value = supplier.get();
        }

        @Override
        T result() {
            return value;
        }
    }

    /**
     * Gives back the heap {@code future} (a task of this executor) held: to be called once its answer has been
     * written, or given up. Harmless for other futures.
     */
    public void released(CompletableFuture<?> future) {
        if (future instanceof Task<?> task) {
            release(task);
        }
    }

    /** Admits work (again, after a stop: a test context may be stopped while cached and started when reused). */
    @Override
    public void start() {
        synchronized (lock) {
            accepting = true;
        }
        running = true;
    }

    /**
     * Stops admitting and answers every queued task 503 {@code shutting-down}; the running ones finish. Runs before
     * the web server's graceful shutdown (a higher phase stops first), which then waits for their answers.
     */
    @Override
    public void stop() {
        List<Task<?>> dropped = new ArrayList<>();
        synchronized (lock) {
            accepting = false;
            for (Task<?> task : queue) {
                if (!task.started) {
                    dropped.add(task);
                }
            }
            lock.notifyAll();
        }
        for (Task<?> task : dropped) {
            task.withdraw();
            listener.rejected("shutting-down");
            task.completeExceptionally(shuttingDown());
        }
        if (!dropped.isEmpty()) {
            log.info("Shutting down: answered {} queued requests 503 shutting-down", dropped.size());
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server's graceful shutdown ({@code SmartLifecycle.DEFAULT_PHASE - 1024}). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }

    /**
     * A daemon thread of this executor's, whose context class loader is the application's rather than the one of the
     * thread that made the bean: beans made while Tomcat starts its web application get that application's loader
     * as context, and Tomcat reports every thread holding it when it stops as left running, "very likely to create a
     * memory leak" (these end just after it, with this bean).
     */
    private static Thread daemon(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.setContextClassLoader(RunExecutor.class.getClassLoader());
        return thread;
    }

    @PreDestroy
    void shutdown() {
        synchronized (lock) {
            accepting = false;
            terminated = true;
            running = false;
            lock.notifyAll();
        }
        workers.forEach(Thread::interrupt);
        timer.shutdownNow();
    }

    /** What the executor tells the metrics; the default does nothing. */
    public interface ExecutorListener {
        ExecutorListener NONE = new ExecutorListener() {
        };

        /** A request waited this long in the queue before its work started. */
        default void queueWait(Duration wait) {
        }

        /** A request was refused: {@code queue-full}, {@code waited-too-long}, {@code memory} or
         * {@code shutting-down}. */
        default void rejected(String reason) {
        }

        /** A run of {@code optimizer} ended with {@code result}. */
        default void ran(String optimizer, Result result) {
        }
    }
}
