package dev.descent.job;

import dev.descent.comparison.ComparisonMapper;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.Trajectory;
import dev.descent.job.JobView.JobProgress;
import dev.descent.job.JobView.RunProgress;
import dev.descent.job.store.JobState;
import dev.descent.optimization.OptimizationMapper;
import dev.descent.optimization.RunExecutor;
import dev.descent.optimization.RunPlan;
import dev.descent.optimization.TrajectoryView;
import dev.descent.optimization.WorkBudget;
import dev.descent.system.Echo;
import dev.descent.system.InvalidRequestException;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs optimizations and comparisons in the background and keeps them, in memory, until their retention has
 * passed or newer results need the room. At most {@code maxRunning} jobs run at once, each on
 * {@code max(1, runThreads / maxRunning)} threads of its own that take its runs in turn (so a running job always
 * progresses, whatever the others do, and ends on its own thread the moment its last run does); at most
 * {@code maxQueued} wait; more are refused with 429. A finished run keeps only its compact result; all results
 * together keep at most {@code maxRetainedBytes}, the oldest finished jobs evicted first. A scheduled task
 * publishes progress to the event streams every {@code eventInterval} (the streams write it themselves, without
 * blocking), and evicts finished jobs past their retention every {@code sweepInterval}. Time comes from a
 * {@link Clock} bean if there is one (tests move it), else the system clock.
 */
@Service
public class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    /** How long to wait, at most, for a cancelled job to stop before answering the DELETE. */
    private static final long CANCEL_WAIT_MILLIS = 1000;
    /** The Retry-After of a 429: jobs take seconds to minutes, so a few seconds is a fair first wait. */
    private static final String RETRY_AFTER_SECONDS = "5";
    /** How many evicted ids are remembered, to say that they were evicted rather than unknown. */
    static final int TOMBSTONES = 10_000;

    private final JobProperties properties;
    private final OptimizationMapper optimizations;
    /** What a job's runs may ask for: far more than a synchronous request, since the time budget bounds a job. */
    private final OptimizationMapper.Limits limits;
    private final ComparisonMapper comparisons;
    private final WorkBudget budget;
    private final Events events;
    private final Clock clock;
    private final long maxRetainedBytes;
    private final Map<UUID, Job> jobs = new ConcurrentHashMap<>();
    /** The job of each Idempotency-Key, with the request it was given for; kept as long as its job is kept. */
    private final Map<String, Keyed> keys = new ConcurrentHashMap<>();
    private final JsonMapper json;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger threads = new AtomicInteger();
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;
    private volatile boolean closingStreams;

    // Guarded by this.
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private int running;
    /** The finished jobs still held, oldest first: the order of eviction. */
    private final ArrayDeque<Job> finished = new ArrayDeque<>();
    /** The bytes all jobs' results keep, finished or not (see {@link Job#retainedBytes()}). */
    private long retained;
    /** Told of every run that ends, for the run meters the synchronous runs feed too. */
    private final RunExecutor.ExecutorListener runs;
    private final Map<UUID, Boolean> evicted = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > TOMBSTONES;
        }
    };

    JobService(JobProperties properties, OptimizationMapper optimizations, ComparisonMapper comparisons,
               WorkBudget budget, JsonMapper json, ObjectProvider<Clock> clock,
               ObjectProvider<RunExecutor.ExecutorListener> runs) {
        this.properties = properties;
        this.runs = runs.getIfAvailable(() -> RunExecutor.ExecutorListener.NONE);
        this.optimizations = optimizations;
        this.limits = JobPlan.limits(optimizations, properties);
        this.comparisons = comparisons;
        this.budget = budget;
        this.events = new Events(json);
        this.json = json;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.maxRetainedBytes = properties.effectiveMaxRetainedBytes();
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "descent-job-events");
            thread.setDaemon(true);
            return thread;
        });
        // A job's time-budget timer is cancelled when the job ends: gone from the queue at once, not in an hour.
        timers.setRemoveOnCancelPolicy(true);
        this.scheduler = timers;
        long interval = Math.max(1, properties.eventInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
        long sweep = Math.max(1, properties.sweepInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::evictExpired, sweep, sweep, TimeUnit.MILLISECONDS);
        long heartbeat = Math.max(1, properties.streamHeartbeat().toMillis());
        scheduler.scheduleWithFixedDelay(() -> subscribers.forEach(Subscriber::heartbeat), heartbeat, heartbeat,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Accepts a job: starts it, or queues it, or refuses it with 429 when the queue is full. Refused before any
     * work too: more work than a job may take (422 work-too-large), an answer larger than an answer may be, or a
     * result larger than all results together may keep (422 answer-too-large).
     */
    public JobView submit(JobRequest request) {
        return submit(request, null).job();
    }

    /** A job accepted for an {@code Idempotency-Key}, and the request it was accepted for. */
    private record Keyed(UUID job, JsonNode request) {
    }

    /**
     * The answer to a submission: the job, and whether it was made by this request ({@code false}: an earlier request
     * with the same {@code Idempotency-Key} made it, and this one is answered with that job).
     */
    public record Submitted(JobView job, boolean created) {
    }

    /**
     * As {@link #submit(JobRequest)}, with an {@code Idempotency-Key} (null: none). The same key with the same request
     * answers the job the first request made, for as long as that job is kept, and starts nothing; the same key with
     * another request is a 422 {@code idempotency-key-reused}.
     */
    public Submitted submit(JobRequest request, String idempotencyKey) {
        JsonNode given = idempotencyKey == null ? null : json.valueToTree(request);
        if (idempotencyKey != null) {
            Submitted earlier = earlier(idempotencyKey, given);
            if (earlier != null) {
                return earlier;
            }
        }
        JobPlan plan = JobPlan.of(request, optimizations, comparisons, limits);
        Job job = new Job(sequence.incrementAndGet(), plan.kind(), clock.instant(), plan.labels(), plan.plans(),
                plan.answer());
        check(job);
        synchronized (this) {
            if (idempotencyKey != null) {
                // Checked again under the lock: of two requests with one key at once, one makes the job.
                Submitted earlier = earlier(idempotencyKey, given);
                if (earlier != null) {
                    return earlier;
                }
            }
            if (running < properties.maxRunning()) {
                accept(job);
                start(job);
            } else if (queue.size() < properties.maxQueued()) {
                accept(job);
                queue.add(job);
            } else {
                throw new ProblemException(ProblemType.TOO_MANY_JOBS, properties.maxRunning() + " jobs are running "
                        + "and " + properties.maxQueued() + " are waiting, the most this service takes; try again "
                        + "later").header("Retry-After", RETRY_AFTER_SECONDS);
            }
            if (idempotencyKey != null) {
                keys.put(idempotencyKey, new Keyed(job.id, given));
                job.idempotencyKey = idempotencyKey;
            }
        }
        return new Submitted(view(job, true), true);
    }

    /** The job an earlier request with {@code key} made, if it is still kept; a 422 if it was for another request. */
    private Submitted earlier(String key, JsonNode request) {
        Keyed keyed = keys.get(key);
        Job job = keyed == null ? null : jobs.get(keyed.job());
        if (job == null || expired(job, clock.instant())) {
            return null;
        }
        if (!keyed.request().equals(request)) {
            throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED, "The Idempotency-Key was given before "
                    + "with another request, for job " + job.id + "; a key stands for one request: use a new key for "
                    + "a new request");
        }
        return new Submitted(view(job, true), false);
    }

    /** Refuses, before any work, a job that may take too much work, answer too much, or keep too much. */
    private void check(Job job) {
        long work = job.plans.stream().mapToLong(RunPlan::work).sum();
        if (properties.maxWork() > 0 && work > properties.maxWork()) {
            throw new ProblemException(ProblemType.WORK_TOO_LARGE, "This job may take " + work + " work units "
                    + "(maxIterations × (dimension + 3), summed over its runs); a job may take at most "
                    + properties.maxWork() + ".").with("work", work).with("maxWork", properties.maxWork());
        }
        long numbers = job.plans.stream().mapToLong(RunPlan::answerNumbers).sum();
        if (numbers > budget.maxAnswerNumbers()) {
            throw budget.answerTooLarge(numbers, "Ask for fewer points (trajectory.maxPoints), or leave the "
                    + "trajectory out of the job's answer (trajectory.include: false) and read it in pages from "
                    + "GET /api/v1/jobs/{id}/trajectory.");
        }
        long bytes = job.plannedBytes();
        if (bytes > maxRetainedBytes) {
            throw new ProblemException(ProblemType.ANSWER_TOO_LARGE, "The result of this job would keep up to "
                    + bytes + " bytes (its trajectories thinned to trajectory.maxPoints, summed over its runs, kept "
                    + "whether included in the answer or not); the results of all jobs together may keep at most "
                    + maxRetainedBytes + ". Ask for fewer points (trajectory.maxPoints) or fewer runs.")
                    .with("numbers", numbers)
                    .with("maxNumbers", budget.maxAnswerNumbers())
                    .with("retainedBytes", bytes)
                    .with("maxRetainedBytes", maxRetainedBytes);
        }
    }

    /** The job, as long as it is known and not evicted. */
    public JobView find(String id) {
        return view(job(id), true);
    }

    /**
     * One run of a finished job, for drawing and paging.
     *
     * @param label  the run's label ({@code optimization} for a single descent)
     * @param plan   what ran
     * @param result how it ended, in its compact form: the trajectory thinned to {@code trajectory.maxPoints}
     */
    public record FinishedRun(String label, RunPlan plan, Result result) {
    }

    /**
     * The runs of a finished job (SUCCEEDED, or CANCELLED after it started), for pictures; a 404 problem for an
     * unknown or evicted job, a 409 problem while it is queued or running or when it failed.
     */
    public List<FinishedRun> finishedRuns(String id) {
        Job job = job(id);
        List<Result> results = job.results();
        if (results == null) {
            JobState state = job.state();
            throw new ProblemException(ProblemType.JOB_NOT_FINISHED, "Job " + id + " is " + state
                    + ": it has no finished runs" + (state == JobState.QUEUED || state == JobState.RUNNING
                    ? " yet; GET /api/v1/jobs/" + id + " tells when it has finished" : "")).with("state", state);
        }
        List<FinishedRun> runs = new ArrayList<>();
        for (RunTracker run : job.runs) {
            runs.add(new FinishedRun(run.label, job.plans.get(run.index), results.get(run.index)));
        }
        return runs;
    }

    /**
     * Points {@code offset} to {@code offset + limit - 1} of the trajectory kept of run {@code run} of a finished
     * job; fewer when a page of {@code limit} points would hold more numbers than an answer may.
     */
    public JobView.TrajectoryPage trajectory(String id, int run, int offset, int limit) {
        List<FinishedRun> runs = finishedRuns(id);
        if (run < 0 || run >= runs.size()) {
            throw new InvalidRequestException("run", "must be between 0 and " + (runs.size() - 1) + ": job " + id
                    + " has " + runs.size() + (runs.size() == 1 ? " run" : " runs"));
        }
        FinishedRun finishedRun = runs.get(run);
        Trajectory trajectory = finishedRun.result().trajectory();
        List<String> variables = finishedRun.plan().variables();
        int pageLimit = (int) Math.max(1, Math.min(limit,
                budget.maxAnswerNumbers() / Trajectory.rowWidth(variables.size())));
        int from = Math.min(Math.max(0, offset), trajectory.size());
        int to = (int) Math.min(trajectory.size(), (long) from + pageLimit);
        return new JobView.TrajectoryPage(run, finishedRun.label(), from, pageLimit, trajectory.size(),
                new TrajectoryView(variables, trajectory, from, to));
    }

    /** A page of the jobs, newest first, without their results; only those in {@code state} unless it is null. */
    public JobView.JobPage list(int page, int size, JobState state) {
        Instant now = clock.instant();
        List<Job> all = jobs.values().stream().filter(job -> !expired(job, now))
                .filter(job -> state == null || job.state() == state)
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
            if (queue.remove(job) && job.cancelQueued(clock.instant())) {
                finished(job);
                return view(job, true);
            }
        }
        if (job.state().finished()) {
            throw new ProblemException(ProblemType.JOB_FINISHED, "Job " + id + " has already finished ("
                    + job.state() + "); its result stays until it is evicted").with("state", job.state());
        }
        job.requestCancel();
        job.awaitFinished(CANCEL_WAIT_MILLIS);
        return view(job, true);
    }

    /**
     * Opens the event stream of job {@code id} on {@code request}: first what the client missed after
     * {@code lastEventId} (while the job runs: the progress with points published so far; once it has finished:
     * the result only), then the live events, written without blocking. An unknown job is the 404 problem, before
     * anything starts.
     */
    void subscribe(String id, long lastEventId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Job job = job(id);
        if (closingStreams) {
            throw new ProblemException(ProblemType.SHUTTING_DOWN, "The service is shutting down; it opens no more "
                    + "event streams");
        }
        // The container's own response: Spring MVC wraps it for the asynchronous requests it manages itself, a
        // wrapper that takes a lock around every write; this stream manages its own.
        ServletResponse raw = response;
        while (raw instanceof ServletResponseWrapper wrapper) {
            raw = wrapper.getResponse();
        }
        AsyncContext async = request.startAsync(request, raw);
        HttpServletResponse stream = (HttpServletResponse) raw;
        async.setTimeout(properties.streamTimeout().toMillis());
        stream.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        stream.setCharacterEncoding(StandardCharsets.UTF_8.name());
        stream.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        try {
            // The headers go now (a blocking write of a few bytes to a fresh connection), so that the client sees
            // the stream open before the first event; from here on nothing is written but without blocking.
            stream.flushBuffer();
        } catch (IOException gone) {
            async.complete();
            return;
        }
        JobStream published = job.stream();
        Subscriber subscriber = new Subscriber(job.id, async, stream.getOutputStream(), published, lastEventId,
                job.resultEventId(), () -> job.resultEvent(() -> events.event(job.resultEventId(), "result",
                view(job, true))), events, subscribers::remove);
        subscribers.add(subscriber);
        if (published != null) {
            published.add(subscriber);
        }
        async.addListener(subscriber);
        subscriber.open();
    }

    // For gauges.

    /** The jobs held, by state (every state, 0 for none). */
    public Map<JobState, Long> countByState() {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            counts.put(state, 0L);
        }
        Instant now = clock.instant();
        jobs.values().stream().filter(job -> !expired(job, now)).forEach(job -> counts.merge(job.state(), 1L,
                Long::sum));
        return counts;
    }

    /** The bytes the results of all jobs keep, as counted against {@code descent.jobs.max-retained-bytes}. */
    public synchronized long retainedBytes() {
        return retained;
    }

    /** The cap on {@link #retainedBytes()}. */
    public long maxRetainedBytes() {
        return maxRetainedBytes;
    }

    /** The event streams open now. */
    public int subscribers() {
        return subscribers.size();
    }

    /** The jobs of the event streams that have something to write but cannot, their clients not reading. */
    List<UUID> stalledStreams() {
        long now = System.nanoTime();
        return subscribers.stream().filter(subscriber -> subscriber.stalledNanos(now) > 0)
                .map(subscriber -> subscriber.jobId).toList();
    }

    /** Evicts the finished jobs past their retention. */
    synchronized void evictExpired() {
        Instant now = clock.instant();
        for (Iterator<Job> it = finished.iterator(); it.hasNext(); ) {
            Job job = it.next();
            if (expired(job, now)) {
                it.remove();
                remove(job);
            }
        }
    }

    /** The ids of the jobs held, expired or not: what the sweep has not evicted yet. */
    List<UUID> held() {
        return List.copyOf(jobs.keySet());
    }

    private boolean expired(Job job, Instant now) {
        Instant at = job.finishedAt();
        return at != null && !at.plus(properties.retention()).isAfter(now);
    }

    private Job job(String id) {
        UUID uuid = null;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            // Not a UUID: no such job either.
        }
        Job job = uuid == null ? null : jobs.get(uuid);
        if (job == null || expired(job, clock.instant())) {
            boolean wasEvicted;
            synchronized (this) {
                wasEvicted = uuid != null && evicted.containsKey(uuid);
            }
            throw new ProblemException(ProblemType.NOT_FOUND, wasEvicted
                    ? "Job " + id + " was evicted to make room for newer results: the results of all jobs together "
                    + "may keep at most " + maxRetainedBytes + " bytes (descent.jobs.max-retained-bytes), and it "
                    + "was the oldest finished job"
                    : "There is no job " + Echo.of(id) + ": it never existed, or it finished more than "
                    + properties.retention() + " ago and was evicted");
        }
        return job;
    }

    // Called with the lock held.
    private void accept(Job job) {
        jobs.put(job.id, job);
        job.accepted();
    }

    // Called with the lock held.
    private void start(Job job) {
        int workers = Math.min(properties.threadsPerJob(), job.runs.size());
        if (!job.start(clock.instant(), workers)) {
            return;
        }
        running++;
        // The time budget: when it runs out, the runs stop where they are, with status TIME_LIMIT.
        job.deadline(scheduler.schedule(job::timeIsUp, properties.maxDuration().toNanos(), TimeUnit.NANOSECONDS));
        for (int i = 0; i < workers; i++) {
            Thread thread = new Thread(job.context.wrap(() -> work(job)),
                    "descent-job-" + threads.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** A worker of {@code job}: takes its runs in turn; the last worker to run out ends the job. */
    private void work(Job job) {
        try {
            for (int i = job.nextRun(); i >= 0; i = job.nextRun()) {
                long bytes = job.run(i);
                if (bytes > 0) {
                    retain(job, bytes, null);
                    runs.ran(job.plans.get(i).optimizer().kind().name(), job.result(i));
                }
            }
        } finally {
            if (job.workerDone()) {
                job.end(clock.instant());
                job.deadline(null);
                synchronized (this) {
                    running--;
                    finished(job);
                    while (running < properties.maxRunning() && !queue.isEmpty()) {
                        start(queue.poll());
                    }
                }
            }
        }
    }

    // Called with the lock held.
    private void finished(Job job) {
        finished.add(job);
        retain(job, job.fixedBytes(), job);
    }

    /**
     * Counts {@code bytes} more for {@code job}, then evicts the oldest finished jobs while the total is over the
     * cap, never {@code keep} (a job that has just finished: evicting it would lose a result before anyone read
     * it, to keep older ones).
     */
    private synchronized void retain(Job job, long bytes, Job keep) {
        job.retained(bytes);
        retained += bytes;
        for (Iterator<Job> it = finished.iterator(); retained > maxRetainedBytes && it.hasNext(); ) {
            Job oldest = it.next();
            if (oldest != keep) {
                it.remove();
                remove(oldest);
                evicted.put(oldest.id, Boolean.TRUE);
                log.info("Job {} ({}) evicted to make room for newer results: {} bytes kept, at most {}", oldest.id,
                        oldest.kind, retained, maxRetainedBytes);
            }
        }
    }

    // Called with the lock held.
    private void remove(Job job) {
        if (jobs.remove(job.id, job)) {
            retained -= job.retainedBytes();
            if (job.idempotencyKey != null) {
                keys.computeIfPresent(job.idempotencyKey, (key, keyed) -> keyed.job().equals(job.id) ? null : keyed);
            }
        }
    }

    /** Publishes progress to the streams, and disconnects the streams whose clients have stopped reading. */
    private void tick() {
        try {
            for (Job job : jobs.values()) {
                if (job.state() == JobState.RUNNING) {
                    job.publishProgress();
                }
            }
            long now = System.nanoTime();
            long stall = properties.streamStallTimeout().toNanos();
            for (Subscriber subscriber : subscribers) {
                if (subscriber.stalledNanos(now) > stall && subscriber.close()) {
                    subscriber.context.run(() -> log.info("Event stream of job {} disconnected: its client read "
                            + "nothing for {}", subscriber.jobId, properties.streamStallTimeout()));
                }
            }
        } catch (RuntimeException e) {
            // A failure here must not end the scheduled task.
            log.warn("Publishing job progress failed", e);
        }
    }

    /** Accepts event streams (again). */
    void openStreams() {
        closingStreams = false;
    }

    /**
     * Ends every open event stream with a {@code shutdown} event, and refuses new ones; waits up to {@code wait}
     * for the streams to write it, then closes those that have not.
     */
    void closeStreams(Duration wait) {
        closingStreams = true;
        subscribers.forEach(Subscriber::shutdown);
        long deadline = System.nanoTime() + wait.toNanos();
        while (!subscribers.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        subscribers.forEach(Subscriber::close);
    }

    private JobView view(Job job, boolean withResult) {
        return new JobView(job.id.toString(), job.state(), job.kind, job.createdAt, job.startedAt(),
                job.finishedAt(), job.cancelRequested(), progress(job), withResult ? job.answer() : null,
                job.error());
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
            // The run writes value, then best: read in that order, best may not include the current value yet.
            double lowest = current < run.best ? current : run.best;
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
        jobs.values().forEach(Job::requestCancel);
    }
}
