package dev.descent.job;

import dev.descent.comparison.ComparisonMapper;
import dev.descent.comparison.ComparisonPlan;
import dev.descent.engine.run.Descent;
import dev.descent.engine.run.Result;
import dev.descent.job.JobView.JobProgress;
import dev.descent.job.JobView.RunProgress;
import dev.descent.optimization.OptimizationMapper;
import dev.descent.optimization.RunPlan;
import dev.descent.system.InvalidRequestException;
import dev.descent.system.Echo;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Runs optimizations and comparisons in the background and keeps them, in memory, until their retention has
 * passed. At most {@code maxRunning} jobs run at once, their runs sharing a pool of {@code runThreads} threads of
 * their own (so jobs and synchronous requests cannot starve each other); at most {@code maxQueued} wait; more are
 * refused with 429. A scheduled task publishes progress to the event streams every {@code eventInterval} and
 * evicts finished jobs past their retention every {@code sweepInterval}. Time comes from a {@link Clock} bean if
 * there is one (tests move it), else the system clock.
 */
@Service
public class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    /** How long to wait, at most, for a cancelled job to stop before answering the DELETE. */
    private static final long CANCEL_WAIT_MILLIS = 1000;
    /** The Retry-After of a 429: jobs take seconds to minutes, so a few seconds is a fair first wait. */
    private static final String RETRY_AFTER_SECONDS = "5";

    private final JobProperties properties;
    private final OptimizationMapper optimizations;
    private final ComparisonMapper comparisons;
    private final Clock clock;
    private final Map<UUID, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private int running;
    private final ExecutorService runPool;
    private final ScheduledExecutorService scheduler;

    JobService(JobProperties properties, OptimizationMapper optimizations, ComparisonMapper comparisons,
               ObjectProvider<Clock> clock) {
        this.properties = properties;
        this.optimizations = optimizations;
        this.comparisons = comparisons;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        AtomicInteger count = new AtomicInteger();
        // Unbounded queue, bounded in effect: at most maxRunning jobs' runs are ever submitted.
        this.runPool = Executors.newFixedThreadPool(properties.effectiveRunThreads(), runnable -> {
            Thread thread = new Thread(runnable, "descent-job-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "descent-job-events");
            thread.setDaemon(true);
            return thread;
        });
        long events = Math.max(1, properties.eventInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::publishProgress, events, events, TimeUnit.MILLISECONDS);
        long sweep = Math.max(1, properties.sweepInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::evictExpired, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /** Accepts a job: starts it, or queues it, or refuses it with 429 when the queue is full. */
    public JobView submit(JobRequest request) {
        boolean hasOptimization = request.optimization() != null;
        if (hasOptimization == (request.comparison() != null)) {
            throw new InvalidRequestException("body", "give exactly one of 'optimization' and 'comparison'");
        }
        Job job;
        long at = sequence.incrementAndGet();
        if (hasOptimization) {
            RunPlan plan = ProblemException.within("optimization", () -> optimizations.toPlan(request.optimization()));
            job = new Job(at, "optimization", clock.instant(), List.of("optimization"), List.of(plan),
                    results -> optimizations.toResponse(plan, results.get(0)));
        } else {
            ComparisonPlan plan = ProblemException.within("comparison", () -> comparisons.toPlan(request.comparison()));
            job = new Job(at, "comparison", clock.instant(),
                    plan.runs().stream().map(ComparisonPlan.PlannedRun::label).toList(),
                    plan.runs().stream().map(ComparisonPlan.PlannedRun::plan).toList(),
                    results -> comparisons.toResponse(plan, results));
        }
        long work = job.plans.stream().mapToLong(RunPlan::work).sum();
        if (work > properties.maxWork()) {
            throw new ProblemException(ProblemType.WORK_TOO_LARGE, "This job may take " + work + " work units "
                    + "(maxIterations × (dimension + 3), summed over its runs); a job may take at most "
                    + properties.maxWork() + ".").with("work", work).with("maxWork", properties.maxWork());
        }
        synchronized (this) {
            if (running < properties.maxRunning()) {
                jobs.put(job.id, job);
                start(job);
            } else if (queue.size() < properties.maxQueued()) {
                jobs.put(job.id, job);
                queue.add(job);
            } else {
                throw new ProblemException(ProblemType.TOO_MANY_JOBS, properties.maxRunning() + " jobs are running "
                        + "and " + properties.maxQueued() + " are waiting, the most this service takes; try again "
                        + "later").header("Retry-After", RETRY_AFTER_SECONDS);
            }
        }
        return view(job, true);
    }

    /** The job, as long as it is known and not past its retention. */
    public JobView find(String id) {
        return view(job(id), true);
    }

    /**
     * One run of a finished job as the engine gave it, for drawing.
     *
     * @param label  the run's label ({@code optimization} for a single descent)
     * @param plan   what ran
     * @param result how it ended, with its whole trajectory
     */
    public record FinishedRun(String label, RunPlan plan, Result result) {
    }

    /**
     * The runs of a finished job (SUCCEEDED, or CANCELLED after it started), for pictures; a 404 problem for an
     * unknown job, a 409 problem while it is queued or running or when it failed.
     */
    public List<FinishedRun> finishedRuns(String id) {
        Job job = job(id);
        List<Result> results = job.results;
        if (results == null) {
            throw new ProblemException(ProblemType.JOB_NOT_FINISHED, "Job " + id + " is " + job.state
                    + ": it has no runs to draw" + (job.state == JobState.QUEUED || job.state == JobState.RUNNING
                    ? " yet; GET /api/v1/jobs/" + id + " tells when it has finished" : "")).with("state", job.state);
        }
        List<FinishedRun> runs = new ArrayList<>();
        for (RunTracker run : job.runs) {
            runs.add(new FinishedRun(run.label, job.plans.get(run.index), results.get(run.index)));
        }
        return runs;
    }

    /** A page of the jobs, newest first, without their results. */
    public JobView.JobPage list(int page, int size) {
        Instant now = clock.instant();
        List<Job> all = jobs.values().stream().filter(job -> !expired(job, now))
                .sorted(Comparator.comparingLong((Job job) -> job.sequence).reversed()).toList();
        long from = (long) page * size;
        List<JobView> items = from >= all.size() ? List.of()
                : all.subList((int) from, (int) Math.min(all.size(), from + size)).stream()
                        .map(job -> view(job, false)).toList();
        return new JobView.JobPage(items, page, size, all.size(), (all.size() + size - 1) / size);
    }

    /**
     * Cancels a queued or running job. A queued job ends at once; a running one stops at its runs' next iteration,
     * keeping their partial trajectories; this waits up to a second for that. A finished job cannot be cancelled.
     */
    public JobView cancel(String id) {
        Job job = job(id);
        synchronized (this) {
            if (queue.remove(job)) {
                job.cancelRequested = true;
                job.finish(JobState.CANCELLED, clock.instant(), j -> view(j, true));
                return view(job, true);
            }
        }
        if (job.state.finished()) {
            throw new ProblemException(ProblemType.JOB_FINISHED, "Job " + id + " has already finished ("
                    + job.state + "); its result stays until it is evicted").with("state", job.state);
        }
        job.cancelRequested = true;
        job.awaitFinished(CANCEL_WAIT_MILLIS);
        return view(job, true);
    }

    /** Subscribes {@code emitter} to the job's events: first those after {@code lastEventId}, then live ones. */
    void subscribe(String id, SseEmitter emitter, long lastEventId) {
        job(id).subscribe(emitter, lastEventId);
    }

    /** Evicts the finished jobs past their retention. */
    void evictExpired() {
        Instant now = clock.instant();
        jobs.values().removeIf(job -> expired(job, now));
    }

    /** The ids of the jobs held, expired or not: what the sweep has not evicted yet. */
    List<UUID> held() {
        return List.copyOf(jobs.keySet());
    }

    private boolean expired(Job job, Instant now) {
        Instant finished = job.finishedAt;
        return finished != null && !finished.plus(properties.retention()).isAfter(now);
    }

    private Job job(String id) {
        Job job = null;
        try {
            job = jobs.get(UUID.fromString(id));
        } catch (IllegalArgumentException notAnId) {
            // Not a UUID: no such job either.
        }
        if (job == null || expired(job, clock.instant())) {
            throw new ProblemException(ProblemType.NOT_FOUND, "There is no job " + Echo.of(id) + ": it never "
                    + "existed, or it finished more than " + properties.retention() + " ago and was evicted");
        }
        return job;
    }

    // Called with the lock held.
    private void start(Job job) {
        running++;
        job.startedNanos = System.nanoTime();
        job.startedAt = clock.instant();
        job.state = JobState.RUNNING;
        List<CompletableFuture<Result>> futures = new ArrayList<>();
        for (RunTracker run : job.runs) {
            RunPlan plan = job.plans.get(run.index);
            futures.add(CompletableFuture.supplyAsync(() -> {
                Result result = Descent.run(plan.problem(), run);
                run.finish(result);
                return result;
            }, runPool));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .whenCompleteAsync((ignored, failure) -> finish(job, futures, failure), runPool);
    }

    private void finish(Job job, List<CompletableFuture<Result>> futures, Throwable failure) {
        JobState state;
        try {
            if (failure != null) {
                throw failure instanceof RuntimeException e ? e : new IllegalStateException(failure);
            }
            List<Result> results = futures.stream().map(CompletableFuture::join).toList();
            job.results = results;
            job.result = job.finisher.apply(results);
            state = job.cancelRequested ? JobState.CANCELLED : JobState.SUCCEEDED;
        } catch (RuntimeException e) {
            log.error("Job {} failed", job.id, e);
            job.error = "The job failed; the failure has been logged.";
            state = JobState.FAILED;
        }
        job.finish(state, clock.instant(), j -> view(j, true));
        synchronized (this) {
            running--;
            while (running < properties.maxRunning() && !queue.isEmpty()) {
                start(queue.poll());
            }
        }
    }

    private void publishProgress() {
        try {
            for (Job job : jobs.values()) {
                if (job.state == JobState.RUNNING) {
                    job.publishProgress();
                }
            }
        } catch (RuntimeException e) {
            // A failure here must not end the scheduled task.
            log.warn("Publishing job progress failed", e);
        }
    }

    private JobView view(Job job, boolean withResult) {
        return new JobView(job.id.toString(), job.state, job.kind, job.createdAt, job.startedAt, job.finishedAt,
                job.cancelRequested, progress(job), withResult ? job.result : null, job.error);
    }

    private static JobProgress progress(Job job) {
        long iterations = 0;
        double value = Double.NaN;
        double best = Double.POSITIVE_INFINITY;
        int done = 0;
        List<RunProgress> runs = new ArrayList<>();
        for (RunTracker run : job.runs) {
            int iteration = run.iteration;
            double current = run.value;
            double lowest = run.best;
            iterations += iteration;
            if (current < value || Double.isNaN(value)) {
                value = current;
            }
            best = Math.min(best, lowest);
            done += run.done ? 1 : 0;
            runs.add(new RunProgress(run.index, run.label, iteration, RunTracker.finite(current),
                    RunTracker.finite(lowest), run.done));
        }
        return new JobProgress(iterations, RunTracker.finite(value), RunTracker.finite(best), job.elapsedMillis(),
                done, job.runs.size(), job.kind.equals("comparison") ? runs : null);
    }

    @PreDestroy
    void shutdown() {
        scheduler.shutdownNow();
        jobs.values().forEach(job -> job.cancelRequested = true);
        runPool.shutdownNow();
    }
}
