package dev.descent.job;

import dev.descent.engine.objective.RegressionObjective;
import dev.descent.engine.run.Descent;
import dev.descent.engine.run.Result;
import dev.descent.job.store.JobState;
import dev.descent.optimization.RunPlan;
import dev.descent.system.LogContext;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job: its runs, its state and its transitions (queued, running, then succeeded, cancelled or failed), the
 * compact results of its runs, and the progress it publishes to its event streams. The job makes its own
 * transitions and logs each at INFO; the service decides when (it schedules), and runs the job's runs on the
 * job's own threads.
 * <p>
 * A finished run is kept at once in its compact form ({@link Result#compact(int)}: the trajectory thinned to
 * {@code trajectory.maxPoints}), and nothing else of it; the job's answer is made from the plans and these results
 * when it is asked for, not kept.
 */
final class Job {

    private static final Logger log = LoggerFactory.getLogger(Job.class);

    /** The heap a finished job keeps besides its runs' results: ids, times, trackers, bookkeeping. */
    static final long OVERHEAD_BYTES = 1024;
    /** The same for each run. */
    static final long RUN_OVERHEAD_BYTES = 256;

    final UUID id;
    /** The Idempotency-Key it was submitted with, or null; set once, under the service's lock. */
    volatile String idempotencyKey;
    /** The order of submission, for the newest-first listing. */
    final long sequence;
    final String kind;
    final Instant createdAt;
    final List<RunPlan> plans;
    final List<RunTracker> runs;
    /**
     * The logging context of the request that submitted the job (its request id): every line logged for the job,
     * its state changes on whatever thread and its runs on the job's threads, carries it.
     */
    final LogContext context = LogContext.capture();
    /** Makes the job's answer (an OptimizationResponse or a ComparisonResponse) from its runs' results. */
    private final Function<List<Result>, Object> answer;
    private final AtomicReferenceArray<Result> results;
    private final AtomicInteger nextRun = new AtomicInteger();
    private final AtomicInteger workers = new AtomicInteger();
    private final CountDownLatch done = new CountDownLatch(1);

    private volatile JobState state = JobState.QUEUED;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile long startedNanos;
    private volatile long finishedNanos;
    private volatile boolean cancelRequested;
    /** The time budget ran out: the runs stop with status TIME_LIMIT, and the job still SUCCEEDS. */
    private volatile boolean timeUp;
    /** The timer of the time budget while the job runs. */
    private ScheduledFuture<?> deadline;
    private volatile boolean failed;
    private volatile String error;
    /** What the service counts against the cap for this job; written under the service's lock. */
    private volatile long retainedBytes;

    /** Guarded by this: the published progress while the job may still run, then null. */
    private JobStream stream;
    private long resultEventId;
    private final Object resultEventLock = new Object();
    private WeakReference<byte[]> resultEvent = new WeakReference<>(null);

    Job(long sequence, String kind, Instant createdAt, List<String> labels, List<RunPlan> plans,
        Function<List<Result>, Object> answer) {
        this.id = UUID.randomUUID();
        this.sequence = sequence;
        this.kind = kind;
        this.createdAt = createdAt;
        this.plans = List.copyOf(plans);
        this.answer = answer;
        List<RunTracker> trackers = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            trackers.add(new RunTracker(i, labels.get(i), this, plans.get(i)));
        }
        this.runs = List.copyOf(trackers);
        this.results = new AtomicReferenceArray<>(plans.size());
        this.stream = new JobStream(runs);
    }

    /**
     * The most heap the job keeps once finished: its runs' compact results at their largest
     * ({@link RunPlan#retainedBytes()}) and its overhead, known before it runs.
     */
    long plannedBytes() {
        return fixedBytes() + plans.stream().mapToLong(plan -> plan.retainedBytes() + RUN_OVERHEAD_BYTES).sum();
    }

    /**
     * What the job keeps whatever its results: its overhead and, for a regression, its data set (which its runs
     * share, and which the answer's metrics and the pictures read again).
     */
    long fixedBytes() {
        RegressionObjective regression = plans.get(0).regression();
        long data = regression == null ? 0 : 8 * regression.cellsPerBatch() * regression.batchesPerEpoch();
        return OVERHEAD_BYTES + data;
    }

    // Transitions.

    /** Logs the acceptance: the job is QUEUED from its creation on. */
    void accepted() {
        context.run(() -> log.info("Job {} ({}) {}", id, kind, state));
    }

    /** QUEUED to RUNNING, its runs to be taken by {@code threads} workers; false if it is no longer queued. */
    boolean start(Instant at, int threads) {
        synchronized (this) {
            if (state != JobState.QUEUED) {
                return false;
            }
            workers.set(threads);
            startedNanos = System.nanoTime();
            startedAt = at;
            state = JobState.RUNNING;
        }
        context.run(() -> log.info("Job {} ({}) {}", id, kind, JobState.RUNNING));
        return true;
    }

    /** QUEUED to CANCELLED, never having run; false if it is no longer queued. */
    boolean cancelQueued(Instant at) {
        synchronized (this) {
            if (state != JobState.QUEUED) {
                return false;
            }
            cancelRequested = true;
        }
        finish(JobState.CANCELLED, at, "cancelled while queued");
        return true;
    }

    /** Asks a running job to stop: its runs end at their next iteration, keeping their partial trajectories. */
    void requestCancel() {
        cancelRequested = true;
    }

    /** RUNNING to SUCCEEDED, CANCELLED or FAILED, once every run has ended; answers the state it ended in. */
    JobState end(Instant at) {
        JobState end = failed ? JobState.FAILED : cancelRequested ? JobState.CANCELLED : JobState.SUCCEEDED;
        finish(end, at, failed ? error : outcome());
        return end;
    }

    private void finish(JobState end, Instant at, String outcome) {
        JobStream published;
        synchronized (this) {
            finishedNanos = System.nanoTime();
            finishedAt = at;
            state = end;
            published = stream;
            stream = null;
            runs.forEach(RunTracker::release);
            resultEventId = published.finish(elapsedMillis());
        }
        // The subscribers write the last progress and the result on their own; nothing is built here.
        published.signalAll();
        done.countDown();
        context.run(() -> log.info("Job {} ({}) {}: {}", id, kind, end, outcome));
    }

    /** How the runs ended, for the log: their statuses counted, iterations and time. */
    private String outcome() {
        Map<String, Integer> statuses = new TreeMap<>();
        long iterations = 0;
        for (int i = 0; i < results.length(); i++) {
            Result result = results.get(i);
            if (result != null) {
                statuses.merge(result.stopReason().status().toString(), 1, Integer::sum);
                iterations += result.iterations();
            }
        }
        StringBuilder text = new StringBuilder().append(results.length())
                .append(results.length() == 1 ? " run (" : " runs (");
        statuses.forEach((status, count) -> text.append(results.length() == 1 ? "" : count + " ").append(status)
                .append(", "));
        if (!statuses.isEmpty()) {
            text.setLength(text.length() - 2);
        }
        return text.append("), ").append(iterations).append(" iterations in ").append(Math.round(elapsedMillis()))
                .append(" ms").toString();
    }

    // Running.

    /** The compact result of run {@code i}, or null while it has not ended (or failed). */
    Result result(int i) {
        return results.get(i);
    }

    /** The index of the next run to start, or -1 when every run has been taken. */
    int nextRun() {
        int i = nextRun.getAndIncrement();
        return i < runs.size() ? i : -1;
    }

    /**
     * Runs run {@code i} on the calling thread and keeps its compact result; answers the bytes it keeps (0 if the
     * run failed, which fails the job and stops its other runs).
     */
    long run(int i) {
        RunPlan plan = plans.get(i);
        RunTracker tracker = runs.get(i);
        try {
            Result full = Descent.run(plan.problem(), tracker);
            tracker.finish(full);
            Result compact = full.compact(plan.trajectory().effectiveMaxPoints());
            results.set(i, compact);
            return compact.bytes() + RUN_OVERHEAD_BYTES;
        } catch (RuntimeException e) {
            log.error("Job {} ({}): run {} failed", id, kind, i, e);
            error = "The job failed; the failure has been logged.";
            failed = true;
            tracker.done = true;
            return 0;
        }
    }

    /** A worker has no more runs to take: true for the last one, which ends the job. */
    boolean workerDone() {
        return workers.decrementAndGet() == 0;
    }

    /** Whether the runs should stop: cancelled, another run failed, or the time budget ran out. */
    boolean stopping() {
        return cancelRequested || failed || timeUp;
    }

    /** The time budget has run out: the runs stop at their next iteration, with status TIME_LIMIT. */
    void timeIsUp() {
        timeUp = true;
    }

    /** Whether the runs stop because the time budget ran out (and not because of a cancel or a failure). */
    boolean timeUp() {
        return timeUp && !cancelRequested && !failed;
    }

    /** Sets the timer of the time budget; null (when the job ends) cancels the one set. */
    synchronized void deadline(ScheduledFuture<?> timer) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        deadline = timer;
    }

    /** Publishes the progress of a running job to its streams (cheap; no I/O on this thread). */
    void publishProgress() {
        JobStream published;
        synchronized (this) {
            published = stream;
            if (published == null || state != JobState.RUNNING) {
                return;
            }
            published.publish(elapsedMillis());
        }
        published.signalAll();
    }

    /** The progress log to subscribe to, or null once the job has finished (a late subscriber gets the result). */
    synchronized JobStream stream() {
        return stream;
    }

    /** The id of the {@code result} event; valid once the job has finished. */
    synchronized long resultEventId() {
        return resultEventId;
    }

    /**
     * The bytes of the {@code result} event, made by {@code make} when no subscriber still holds the last ones
     * made: subscribers that come together share one copy, and none is kept once they are done.
     */
    byte[] resultEvent(Supplier<byte[]> make) {
        synchronized (resultEventLock) {
            byte[] bytes = resultEvent.get();
            if (bytes == null) {
                bytes = make.get();
                resultEvent = new WeakReference<>(bytes);
            }
            return bytes;
        }
    }

    // Reading.

    JobState state() {
        return state;
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant finishedAt() {
        return finishedAt;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    String error() {
        return error;
    }

    long retainedBytes() {
        return retainedBytes;
    }

    void retained(long bytes) {
        retainedBytes += bytes;
    }

    double elapsedMillis() {
        if (startedAt == null) {
            return 0;
        }
        long end = finishedAt != null ? finishedNanos : System.nanoTime();
        return (end - startedNanos) / 1e6;
    }

    /**
     * The compact results of the runs, in run order, once the job has finished with every run's result
     * (SUCCEEDED, or CANCELLED after it started); else null.
     */
    List<Result> results() {
        if (!state.finished() || state == JobState.FAILED) {
            return null;
        }
        List<Result> all = new ArrayList<>(results.length());
        for (int i = 0; i < results.length(); i++) {
            Result result = results.get(i);
            if (result == null) {
                return null;
            }
            all.add(result);
        }
        return all;
    }

    /** The job's answer, made now from its plans and results; null until it has one. */
    Object answer() {
        List<Result> all = results();
        return all == null ? null : answer.apply(all);
    }

    /** Waits up to {@code millis} for the job to finish; true if it has. */
    boolean awaitFinished(long millis) {
        try {
            return done.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return state.finished();
        }
    }
}
