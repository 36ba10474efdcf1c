package dev.descent.job;

import dev.descent.comparison.ComparisonMapper;
import dev.descent.engine.objective.RegressionObjective;
import dev.descent.engine.optim.Quantity;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.Trajectory;
import dev.descent.engine.stop.Status;
import dev.descent.job.JobView.JobProgress;
import dev.descent.job.JobView.RunProgress;
import dev.descent.job.store.JobKind;
import dev.descent.job.store.JobState;
import dev.descent.job.store.JobStore;
import dev.descent.job.store.StoredJob;
import dev.descent.optimization.OptimizationMapper;
import dev.descent.optimization.OptimizationRequest;
import dev.descent.optimization.RunExecutor;
import dev.descent.optimization.RunPlan;
import dev.descent.optimization.TrajectoryLayout;
import dev.descent.optimization.TrajectoryView;
import dev.descent.optimization.WorkBudget;
import dev.descent.system.ClientAddress;
import dev.descent.system.Echo;
import dev.descent.system.HeapBudget;
import dev.descent.system.InvalidRequestException;
import dev.descent.system.LogContext;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import dev.descent.system.RawJson;
import dev.descent.system.RequestIds;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The jobs, as the endpoints see them: kept in the {@link JobStore} (their requests, states, progress and results),
 * so that every replica on the same database serves every job, and a job outlives the replica that accepted it.
 * A submission is checked and inserted QUEUED (at most {@code maxQueued} wait, else 429); this replica's runners
 * ({@link JobWorkers}) claim it at once if one is idle, or any replica's when one is. GET, list, DELETE, the
 * trajectory pages and the pictures read the store, whichever replica runs the job.
 *
 * <p>Of the jobs that run here, the runners tell this service ({@link StoredJobRunner.Observer}): their progress is
 * then read live, and their event streams carry the trajectory points as they are made. A client that streams a job
 * running on another replica gets its progress as that replica writes it to the store (every
 * {@code eventInterval}), read here as often, without points. A scheduled task publishes progress to the streams
 * every {@code eventInterval} (the streams write it themselves, without blocking), and deletes the jobs finished
 * longer than {@code retention} ago every {@code sweepInterval}.
 */
@Service
public class JobService implements StoredJobRunner.Observer {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    /** How long to wait, at most, for a cancelled job to stop before answering the DELETE. */
    private static final long CANCEL_WAIT_MILLIS = 1000;
    /** How long a mirror is followed before its first stream has subscribed (it subscribes right after making it). */
    private static final long MIRROR_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The Retry-After of a 429: jobs take seconds to minutes, so a few seconds is a fair first wait. */
    private static final String RETRY_AFTER_SECONDS = "5";
    /** The heap a job keeps while it runs besides its runs' results: ids, times, trackers, bookkeeping. */
    static final long OVERHEAD_BYTES = 1024;
    /** The same for each run. */
    static final long RUN_OVERHEAD_BYTES = 256;
    /** How many finished jobs' result hashes are kept (about 100 bytes a run). */
    static final int RESULT_HASHES = 4096;

    private final JobProperties properties;
    private final OptimizationMapper optimizations;
    /** What a job's runs may ask for: far more than a synchronous request, since the time budget bounds a job. */
    private final OptimizationMapper.Limits limits;
    private final ComparisonMapper comparisons;
    private final WorkBudget budget;
    /** The budget of the reads of finished jobs (and of the mirrors' plans). */
    private final JobReads reads;
    private final Events events;
    private final JobStore store;
    private final JobWorkers workers;
    private final JsonMapper json;
    private final long maxRetainedBytes;
    /** Told of every run that ends here, for the run meters the synchronous runs feed too. */
    private final RunExecutor.ExecutorListener runMeters;
    /** The jobs running on this replica. */
    private final Map<String, LiveJob> local = new ConcurrentHashMap<>();
    /** The jobs running elsewhere (or queued) that a client streams from this replica. */
    private final Map<String, LiveJob> mirrors = new ConcurrentHashMap<>();
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    /**
     * The result hashes of finished jobs' runs, by job id, taken from the first answer of each here: a finished job's
     * results do not change, and hashing them again would serialize the whole result a second time on every GET. The
     * most recently answered {@link #RESULT_HASHES} jobs; a deleted job is answered 404 before its entry is read.
     */
    private final Map<String, List<String>> resultHashes = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
                    return size() > RESULT_HASHES;
                }
            });
    private final ScheduledExecutorService scheduler;
    private volatile boolean closingStreams;

    JobService(JobProperties properties, OptimizationMapper optimizations, ComparisonMapper comparisons,
               WorkBudget budget, JobReads reads, JsonMapper json, JobStore store, JobWorkers workers,
               ObjectProvider<RunExecutor.ExecutorListener> runs) {
        this.reads = reads;
        this.properties = properties;
        this.runMeters = runs.getIfAvailable(() -> RunExecutor.ExecutorListener.NONE);
        this.optimizations = optimizations;
        this.limits = JobPlan.limits(optimizations, properties);
        this.comparisons = comparisons;
        this.budget = budget;
        this.events = new Events(json);
        this.json = json;
        this.store = store;
        this.workers = workers;
        this.maxRetainedBytes = properties.effectiveMaxRetainedBytes();
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "descent-job-events");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
        this.scheduler = timers;
        long interval = Math.max(1, properties.eventInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
        long sweep = Math.max(1, properties.sweepInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::deleteExpired, sweep, sweep, TimeUnit.MILLISECONDS);
        long heartbeat = Math.max(1, properties.streamHeartbeat().toMillis());
        scheduler.scheduleWithFixedDelay(() -> subscribers.forEach(Subscriber::heartbeat), heartbeat, heartbeat,
                TimeUnit.MILLISECONDS);
        workers.observe(this);
    }

    /**
     * Accepts a job: inserts it QUEUED, and starts it here at once if a runner is idle; refuses it with 429 when
     * {@code maxQueued} jobs wait already. Refused before any work too: more work than a job may take (422
     * work-too-large), an answer larger than an answer may be, or a result larger than a job may keep (422
     * answer-too-large).
     */
    public JobView submit(JobRequest request) {
        return submit(request, null).job();
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
     * another request is a 422 {@code idempotency-key-reused}. The store's unique key decides between requests that
     * race with one key, on any replicas.
     */
    public Submitted submit(JobRequest request, String idempotencyKey) {
        JsonNode given = json.valueToTree(request);
        if (idempotencyKey != null) {
            Optional<StoredJob> earlier = store.findByIdempotencyKey(idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), given);
            }
        }
        JobPlan plan = JobPlan.of(request, optimizations, comparisons, limits);
        check(plan);
        long queued = store.countByState().get(JobState.QUEUED);
        if (queued >= properties.maxQueued()) {
            throw new ProblemException(ProblemType.TOO_MANY_JOBS, queued + " jobs are waiting to run, the most this "
                    + "service queues (" + properties.maxQueued() + "); try again later")
                    .header("Retry-After", RETRY_AFTER_SECONDS);
        }
        // One client's jobs waiting are at most half the queue, so that one client alone never fills it.
        String client = ClientAddress.current();
        long share = Math.max(1, properties.maxQueued() / 2);
        long waiting = client == null ? 0 : store.countQueued(client);
        if (waiting >= share) {
            throw new ProblemException(ProblemType.TOO_MANY_JOBS, "Your jobs waiting to run are " + waiting + ", the "
                    + "most this service queues for one client (half of descent.jobs.max-queued); try again when one "
                    + "has started").header("Retry-After", RETRY_AFTER_SECONDS);
        }
        String id = UUID.randomUUID().toString();
        JobStore.Insertion insertion = store.insert(new JobStore.NewJob(id, plan.kind(), json.writeValueAsString(given),
                idempotencyKey, json.writeValueAsString(initialProgress(plan)), RequestIds.current(), client));
        if (!insertion.created()) {
            return replay(insertion.job(), given);
        }
        log.info("Job {} ({}) {}", id, plan.kind(), JobState.QUEUED);
        workers.claimNow();
        return new Submitted(view(store.find(id).orElseThrow(), true), true);
    }

    /** The job an earlier request with the same key made, or a 422 if it was for another request. */
    private Submitted replay(StoredJob job, JsonNode given) {
        JsonNode earlier = store.request(job.id()).map(json::readTree).orElse(null);
        if (!given.equals(earlier)) {
            throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED, "The Idempotency-Key was given before "
                    + "with another request, for job " + job.id() + "; a key stands for one request: use a new key "
                    + "for a new request");
        }
        return new Submitted(view(job, true), false);
    }

    /** The progress of a job before it runs: nothing done, its runs counted. */
    private static JobProgress initialProgress(JobPlan plan) {
        List<RunProgress> runs = new ArrayList<>();
        for (int i = 0; i < plan.plans().size(); i++) {
            runs.add(new RunProgress(i, plan.labels().get(i), 0, null, null, false));
        }
        return new JobProgress(0, null, null, 0, 0, runs.size(), plan.kind() == JobKind.COMPARISON ? runs : null);
    }

    /** Refuses, before any work, a job that may take too much work, answer too much, or keep too much. */
    private void check(JobPlan plan) {
        long work = plan.plans().stream().mapToLong(RunPlan::work).sum();
        if (properties.maxWork() > 0 && work > properties.maxWork()) {
            throw new ProblemException(ProblemType.WORK_TOO_LARGE, "This job may take " + work + " work units "
                    + "(maxIterations × (dimension + 3), summed over its runs); a job may take at most "
                    + properties.maxWork() + ".").with("work", work).with("maxWork", properties.maxWork());
        }
        long numbers = plan.answerNumbers();
        if (numbers > budget.maxAnswerNumbers()) {
            boolean explains = plan.plans().stream().anyMatch(run -> run.explanationNumbers() > 0);
            throw budget.answerTooLarge(numbers, "Ask for fewer points (trajectory.maxPoints), or leave the "
                    + "trajectory out of the job's answer (trajectory.include: false) and read it in pages from "
                    + "GET /api/v1/jobs/{id}/trajectory" + (explains ? "; explain fewer updates "
                    + "(optimization.explain.steps), each of which holds up to " + Quantity.values().length
                    + " numbers per variable." : "."));
        }
        long bytes = plannedBytes(plan);
        if (bytes > maxRetainedBytes) {
            throw new ProblemException(ProblemType.ANSWER_TOO_LARGE, "The result of this job would keep up to "
                    + bytes + " bytes (its trajectories thinned to trajectory.maxPoints, summed over its runs, kept "
                    + "whether included in the answer or not); a job may keep at most " + maxRetainedBytes
                    + " (descent.jobs.max-retained-bytes). Ask for fewer points (trajectory.maxPoints) or fewer runs.")
                    .with("numbers", numbers)
                    .with("maxNumbers", budget.maxAnswerNumbers())
                    .with("retainedBytes", bytes)
                    .with("maxRetainedBytes", maxRetainedBytes);
        }
    }

    /**
     * The most heap the job's result keeps (while it runs, and when it is read back): its runs' compact results at
     * their largest ({@link RunPlan#retainedBytes()}), its data set for a regression, and its overhead.
     */
    static long plannedBytes(JobPlan plan) {
        RegressionObjective regression = plan.plans().get(0).regression();
        long data = regression == null ? 0 : 8 * regression.cellsPerBatch() * regression.batchesPerEpoch();
        return OVERHEAD_BYTES + data + plan.plans().stream()
                .mapToLong(run -> run.retainedBytes() + RUN_OVERHEAD_BYTES).sum();
    }

    /** The job, as long as it is kept. */
    public JobView find(String id) {
        return view(stored(id), true);
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
     * unknown or deleted job, a 409 problem while it is queued or running or when it failed, a 503 problem when other
     * reads hold too much. The runs hold the read's memory (a regression's data set among it) until they are closed:
     * close them once done with them (a picture, once drawn).
     */
    public FinishedRuns finishedRuns(String id) {
        StoredJob job = stored(id);
        Finished finished = finished(job, false);
        if (finished == null) {
            throw notFinished(job);
        }
        return finished.runs();
    }

    /**
     * The runs of a finished job, read within the budget of reads ({@link JobReads}), which they hold until
     * {@link #close}d.
     *
     * @param runs    the runs, in the job's order
     * @param reading the read's reservation
     */
    public record FinishedRuns(List<FinishedRun> runs, HeapBudget.Reservation reading) implements AutoCloseable {

        /** Gives the read's bytes back (again: a no-op). */
        @Override
        public void close() {
            reading.close();
        }
    }

    /**
     * The optimization a finished job ran, as it was submitted, and its run: for exports that rerun it elsewhere.
     * Holds its read's memory until closed, as {@link FinishedRuns}.
     *
     * @param request the job's optimization request
     * @param run     its run, as {@link #finishedRuns} gives it
     * @param reading the read's reservation
     */
    public record FinishedOptimization(OptimizationRequest request, FinishedRun run, HeapBudget.Reservation reading)
            implements AutoCloseable {

        @Override
        public void close() {
            reading.close();
        }
    }

    /**
     * The optimization job {@code id} ran and its run: a 404 problem for an unknown or deleted job, a 400 naming
     * {@code id} for a comparison job (which has several runs and no single request of one), a 409 problem while it
     * is queued or running or when it failed, a 503 problem when other reads hold too much. The request is read once,
     * within the read's reservation.
     */
    public FinishedOptimization finishedOptimization(String id) {
        StoredJob job = stored(id);
        StoredRead read = new StoredRead(job, false);
        try {
            JobRequest request = read.request();
            if (request.optimization() == null) {
                throw new InvalidRequestException("id", "job " + id + " is a comparison: only an optimization job "
                        + "has one run to export (POST one of its runs, as an optimization request, to the export "
                        + "instead)");
            }
            StoredResult result = hasResults(job) ? read.result() : null;
            if (result == null) {
                throw notFinished(job);
            }
            Finished finished = new Finished(JobPlan.of(request, optimizations, comparisons, limits),
                    result.results(), read.reading);
            return new FinishedOptimization(request.optimization(), finished.runs().runs().get(0), read.reading);
        } catch (RuntimeException | Error e) {
            read.close();
            throw e;
        }
    }

    /**
     * A finished job's runs as its convergence picture draws them, from its stored result alone: no request mapped,
     * no data set made, only the result's bytes counted in the budget of reads (held until closed). Empty when a run
     * of it was stored without its legend and title (before format 6): {@link #finishedRuns} then. A 404 problem for
     * an unknown or deleted job, a 409 problem when it has no finished runs, a 503 problem when other reads hold too
     * much.
     */
    public Optional<StoredFigure> storedFigure(String id) {
        StoredJob job = stored(id);
        if (!hasResults(job)) {
            throw notFinished(job);
        }
        StoredRead read = new StoredRead(job, false);
        try {
            StoredResult result = read.result();
            if (result == null) {
                throw notFinished(job);
            }
            if (!result.runs().stream().allMatch(StoredResult.StoredRun::hasFigure)) {
                read.close();
                return Optional.empty();
            }
            List<FigureRun> runs = new ArrayList<>();
            for (StoredResult.StoredRun run : result.runs()) {
                runs.add(new FigureRun(run.label(), run.legend(), run.keptTrajectory(), Status.valueOf(run.status())));
            }
            StoredResult.StoredRun first = result.runs().get(0);
            return Optional.of(new StoredFigure(first.title(), first.variables(), runs, read.reading));
        } catch (RuntimeException | Error e) {
            read.close();
            throw e;
        }
    }

    /**
     * A finished job's runs for its convergence picture, from its stored result; holds its read until closed.
     *
     * @param title     its objective's formula as a picture's title shows it ({@code RunPlan.titleFormula()})
     * @param variables its variables
     * @param runs      its runs, in order
     * @param reading   the read's reservation
     */
    public record StoredFigure(String title, List<String> variables, List<FigureRun> runs,
                               HeapBudget.Reservation reading) implements AutoCloseable {

        @Override
        public void close() {
            reading.close();
        }
    }

    /**
     * One run of a {@link StoredFigure}.
     *
     * @param label      its label in the job ({@code optimization} for a single descent)
     * @param legend     how a picture names it alone ({@code RunPlan.legend()})
     * @param trajectory its kept trajectory (thinned to its {@code trajectory.maxPoints} when it ended)
     * @param status     how it ended
     */
    public record FigureRun(String label, String legend, Trajectory trajectory, Status status) {
    }

    /** The 409 problem of a job without finished runs: queued, running, failed, or cancelled before it ran. */
    private static ProblemException notFinished(StoredJob job) {
        JobState state = job.state();
        return new ProblemException(ProblemType.JOB_NOT_FINISHED, "Job " + job.id() + " is " + state
                + ": it has no finished runs" + (state == JobState.QUEUED || state == JobState.RUNNING
                ? " yet; GET /api/v1/jobs/" + job.id() + " tells when it has finished" : "")).with("state", state);
    }

    /** A finished job's plan and its runs' results, read within {@code reading}; closing it gives those bytes back. */
    private record Finished(JobPlan plan, List<Result> results, HeapBudget.Reservation reading)
            implements AutoCloseable {

        FinishedRuns runs() {
            List<FinishedRun> runs = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                runs.add(new FinishedRun(plan.labels().get(i), plan.plans().get(i), results.get(i)));
            }
            return new FinishedRuns(runs, reading);
        }

        @Override
        public void close() {
            reading.close();
        }
    }

    /** Whether a job in this state may have results: SUCCEEDED, or CANCELLED (after it ran, if it did). */
    private static boolean hasResults(StoredJob job) {
        return job.state() == JobState.SUCCEEDED || job.state() == JobState.CANCELLED;
    }

    /**
     * The plan and results of a job that finished with results (SUCCEEDED, or CANCELLED after it ran), open: the
     * caller closes it; else null. Read within the budget of reads ({@link JobReads}): a 503 problem when other reads
     * hold too much, unless {@code forced} ({@link JobReads#force}).
     */
    private Finished finished(StoredJob job, boolean forced) {
        if (!hasResults(job)) {
            return null;
        }
        StoredRead read = new StoredRead(job, forced);
        try {
            StoredResult result = read.result();
            if (result == null) {
                read.close();
                return null;
            }
            return new Finished(read.plan(), result.results(), read.reading);
        } catch (RuntimeException | Error e) {
            read.close();
            throw e;
        }
    }

    /**
     * A read of a job's stored parts within one reservation of the budget of reads ({@link JobReads}), which grows
     * with what is read, before it is read: the result's bytes, the request's characters and the synthetic data set
     * its plan makes. A 404 problem for a job gone; a 503 problem, when other reads hold too much, at what would pass
     * the budget (unless {@code forced}: {@link JobReads#force}). Closing it gives everything back.
     */
    private final class StoredRead implements AutoCloseable {

        private final String id;
        private final JobStore.Sizes sizes;
        final HeapBudget.Reservation reading;

        StoredRead(StoredJob job, boolean forced) {
            this.id = job.id();
            this.sizes = store.sizes(id).orElseThrow(() -> notFound(id));
            this.reading = forced ? reads.force(0) : reads.reserve(0);
        }

        /** The stored result; null when the job has none. */
        StoredResult result() {
            reading.extend(JobReads.resultBytes(sizes.resultBytes()));
            return store.result(id).map(StoredResult::fromBytes).orElse(null);
        }

        /** The stored request, the synthetic data set its plan will make counted too. */
        JobRequest request() {
            reading.extend(JobReads.requestBytes(sizes.requestChars()));
            JobRequest request = json.readValue(store.request(id).orElseThrow(() -> notFound(id)),
                    JobRequest.class);
            reading.extend(JobReads.dataBytes(request.optimization() != null ? request.optimization().objective()
                    : request.comparison() != null ? request.comparison().objective() : null));
            return request;
        }

        /** The plan of the stored request. */
        JobPlan plan() {
            return JobPlan.of(request(), optimizations, comparisons, limits);
        }

        @Override
        public void close() {
            reading.close();
        }
    }

    /**
     * Points {@code offset} to {@code offset + limit - 1} of the trajectory kept of run {@code run} of a finished
     * job; fewer when a page of {@code limit} points would hold more numbers than an answer may.
     */
    public JobView.TrajectoryPage trajectory(String id, int run, int offset, int limit, TrajectoryLayout layout) {
        List<PageRun> runs = pageRuns(id);
        if (run < 0 || run >= runs.size()) {
            throw new InvalidRequestException("run", "must be between 0 and " + (runs.size() - 1) + ": job " + id
                    + " has " + runs.size() + (runs.size() == 1 ? " run" : " runs"));
        }
        PageRun pageRun = runs.get(run);
        Trajectory trajectory = pageRun.trajectory();
        List<String> variables = pageRun.variables();
        int pageLimit = (int) Math.max(1, Math.min(limit,
                budget.maxAnswerNumbers() / Trajectory.rowWidth(variables.size())));
        int from = Math.min(Math.max(0, offset), trajectory.size());
        int to = (int) Math.min(trajectory.size(), (long) from + pageLimit);
        return new JobView.TrajectoryPage(run, pageRun.label(), from, pageLimit, trajectory.size(),
                new TrajectoryView(variables, trajectory, from, to, layout, pageRun.momentum()));
    }

    /** What a page of one run's trajectory is made of: its label, variables, kept trajectory and cycled momenta. */
    private record PageRun(String label, List<String> variables, Trajectory trajectory,
                           IntToDoubleFunction momentum) {
    }

    /**
     * The runs of a finished job as its pages need them: from its stored result alone when that keeps their
     * variables (stored since version 5), without mapping the request again (for a regression, reading or
     * generating its data set); else from the same result and its plan. A 409 problem for a job without finished
     * runs, as {@link #finishedRuns}.
     */
    private List<PageRun> pageRuns(String id) {
        StoredJob job = stored(id);
        if (hasResults(job)) {
            try (StoredRead read = new StoredRead(job, false)) {
                StoredResult result = read.result();
                if (result != null) {
                    List<PageRun> runs = new ArrayList<>();
                    if (result.runs().stream().allMatch(StoredResult.StoredRun::hasPage)) {
                        for (StoredResult.StoredRun run : result.runs()) {
                            Trajectory kept = run.keptTrajectory();
                            runs.add(new PageRun(run.label(), run.variables(), kept, run.momentum(kept)));
                        }
                        return runs;
                    }
                    JobPlan plan = read.plan();
                    List<Result> results = result.results();
                    for (int i = 0; i < results.size(); i++) {
                        RunPlan runPlan = plan.plans().get(i);
                        runs.add(new PageRun(plan.labels().get(i), runPlan.variables(),
                                results.get(i).trajectory(), OptimizationMapper.momenta(runPlan)));
                    }
                    return runs;
                }
            }
        }
        throw notFinished(job);
    }

    /** A page of the jobs, newest first, without their results; only those in {@code state} unless it is null. */
    public JobView.JobPage list(int page, int size, JobState state) {
        Map<JobState, Long> counts = store.countByState();
        long total = state == null ? counts.values().stream().mapToLong(Long::longValue).sum() : counts.get(state);
        long from = (long) page * size;
        List<JobView> items = from >= total ? List.of()
                : store.list(state, (int) Math.min(Integer.MAX_VALUE, from), size).stream()
                        .map(job -> view(job, false)).toList();
        int totalItems = (int) Math.min(Integer.MAX_VALUE, total);
        return new JobView.JobPage(items, page, size, totalItems, (int) ((total + size - 1) / size));
    }

    /**
     * Cancels a queued or running job. A queued job ends at once; a running one stops at its runs' next iteration,
     * keeping their partial trajectories: at once when it runs here, within a lease renewal (a second) on another
     * replica; this waits up to a second for that. A finished job cannot be cancelled.
     */
    public JobView cancel(String id) {
        StoredJob job = stored(id);
        switch (store.requestCancel(job.id())) {
            case NOT_FOUND -> throw notFound(id);
            case FINISHED -> throw new ProblemException(ProblemType.JOB_FINISHED, "Job " + id + " has already "
                    + "finished (" + job.state() + "); its result stays until it is deleted, "
                    + properties.retention() + " after it finished").with("state", job.state());
            case CANCELLED -> LogContext.of(RequestIds.MDC_KEY, job.requestId()).run(() ->
                    log.info("Job {} ({}) {}: cancelled while queued", job.id(), job.kind(), JobState.CANCELLED));
            case REQUESTED -> {
                workers.cancel(job.id());
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CANCEL_WAIT_MILLIS);
                while (System.nanoTime() < deadline && !stored(id).state().finished()) {
                    sleep(10);
                }
            }
        }
        // The job is cancelled whatever the answer: its read is not refused (once per job), only counted.
        return view(stored(id), true, true);
    }

    /**
     * Deletes a finished job and everything the store keeps of it (request, result, checkpoints, trajectory) at once,
     * rather than after its retention. A 404 problem for an unknown job, a 409 for one that has not finished.
     */
    public void purge(String id) {
        StoredJob job = stored(id);
        if (!store.purge(job.id())) {
            JobState state = stored(id).state();
            throw new ProblemException(ProblemType.JOB_NOT_FINISHED, "Job " + id + " is " + state + ": only a "
                    + "finished job can be purged; cancel it first (DELETE /api/v1/jobs/" + id + ")")
                    .with("state", state);
        }
        LogContext.of(RequestIds.MDC_KEY, job.requestId()).run(() ->
                log.info("Job {} ({}) purged", job.id(), job.kind()));
    }

    /**
     * Opens the event stream of job {@code id} on {@code request}: first what the client missed after
     * {@code lastEventId} (while the job runs here: the progress with points published so far; once it has finished:
     * the result only), then the live events, written without blocking. An unknown job is the 404 problem, before
     * anything starts.
     */
    void subscribe(String id, long lastEventId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        StoredJob job = stored(id);
        if (closingStreams) {
            throw new ProblemException(ProblemType.SHUTTING_DOWN, "The service is shutting down; it opens no more "
                    + "event streams");
        }
        LiveJob live = local.get(job.id());
        if (live == null && claimedHere(job)) {
            // Claimed by this replica a moment ago, its runner about to start it: its stream carries the points.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (live == null && System.nanoTime() < deadline) {
                sleep(5);
                live = local.get(job.id());
            }
        }
        if ((live == null || live.stream() == null) && !job.state().finished()) {
            live = mirrors.computeIfAbsent(job.id(), key -> mirror(job));
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
        JobStream published = live == null ? null : live.stream();
        LiveJob source = live;
        // A job that finished before this stream: its result comes next after what the client has seen.
        long finishedId = source != null && published == null && source.resultEventId() > 0 ? source.resultEventId()
                : Math.max(1, lastEventId + 1);
        Subscriber subscriber = new Subscriber(UUID.fromString(job.id()), async, stream.getOutputStream(), published,
                lastEventId, finishedId, () -> resultEvent(job.id(), source, finishedId), events,
                subscribers::remove);
        subscribers.add(subscriber);
        if (published != null) {
            published.add(subscriber);
            if (!source.local) {
                // Followed again if the tick dropped it meanwhile, unwatched (this stream was not subscribed yet).
                mirrors.putIfAbsent(job.id(), source);
            }
        }
        async.addListener(subscriber);
        subscriber.open();
    }

    /** Whether the job runs under a lease of one of this replica's runners. */
    private boolean claimedHere(StoredJob job) {
        return job.state() == JobState.RUNNING && job.leaseOwner() != null
                && JobWorkers.replicaOf(job.leaseOwner()).equals(workers.replica());
    }

    /** The bytes of the result event of job {@code id}, shared by the subscribers of {@code live} if it is one. */
    private byte[] resultEvent(String id, LiveJob live, long finishedId) {
        if (live == null) {
            return events.event(finishedId, "result", find(id));
        }
        return live.resultEvent(() -> events.event(live.resultEventId() > 0 ? live.resultEventId() : finishedId,
                "result", find(id)));
    }

    /** A mirror of a job that runs elsewhere, or waits: its progress read from the store. */
    private LiveJob mirror(StoredJob job) {
        LiveJob mirror;
        try (StoredRead read = new StoredRead(job, false)) {
            mirror = new LiveJob(UUID.fromString(job.id()), read.plan(), false, job.runMillis());
        }
        mirror.update(storedProgress(job));
        return mirror;
    }

    // StoredJobRunner.Observer: the jobs this replica's runners run.

    @Override
    public StoredJobRunner.Local started(StoredJob job, JobPlan plan) {
        LiveJob live = new LiveJob(UUID.fromString(job.id()), plan, true, job.runMillis());
        local.put(job.id(), live);
        return new StoredJobRunner.Local() {
            @Override
            public RunStatus status(int index) {
                return live.runs.get(index);
            }

            @Override
            public void runEnded(int index, Result result) {
                live.runs.get(index).finish(result);
                runMeters.ran(plan.plans().get(index).optimizer().kind().name(), result);
            }

            @Override
            public void stopped(JobState state) {
                local.remove(job.id(), live);
                if (state != null) {
                    live.finish();
                } else if (live.watched()) {
                    // Suspended or lost here: it goes on elsewhere, and its streams follow it through the store.
                    mirrors.computeIfAbsent(job.id(), key -> live.stream() == null ? mirror(stored(key)) : live);
                }
            }
        };
    }

    // For gauges.

    /** The jobs in the store, by state (every state, 0 for none): the same on every replica. */
    public Map<JobState, Long> countByState() {
        return store.countByState();
    }

    /** The bytes the jobs' results, checkpoints and trajectories take in the store. */
    public long retainedBytes() {
        return store.storedBytes();
    }

    /** The cap on the heap one job's result may keep. */
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

    /** The jobs running on this replica. */
    Set<String> runningHere() {
        return Set.copyOf(local.keySet());
    }

    /** Deletes the jobs finished longer than the retention ago, with everything they kept. */
    void deleteExpired() {
        try {
            int deleted = store.deleteFinishedBefore(properties.retention());
            if (deleted > 0) {
                log.info("Deleted {} jobs finished more than {} ago", deleted, properties.retention());
            }
        } catch (RuntimeException e) {
            log.warn("Could not delete the expired jobs", e);
        }
    }

    private StoredJob stored(String id) {
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw notFound(id);
        }
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    private ProblemException notFound(String id) {
        return new ProblemException(ProblemType.NOT_FOUND, "There is no job " + Echo.of(id) + ": it never existed, "
                + "or it finished more than " + properties.retention() + " ago and was deleted, or it was purged");
    }

    /**
     * Publishes progress to the streams: of the jobs running here from their runs, of the mirrored ones from the
     * store; and disconnects the streams whose clients have stopped reading.
     */
    private void tick() {
        try {
            local.values().forEach(LiveJob::publish);
            for (Map.Entry<String, LiveJob> entry : mirrors.entrySet()) {
                follow(entry.getKey(), entry.getValue());
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
            // A failure here (the store unreachable, say) must not end the scheduled task.
            log.warn("Publishing job progress failed", e);
        }
    }

    /** A mirrored job's progress from the store, published; its end, once it has ended; dropped when unwatched. */
    private void follow(String id, LiveJob mirror) {
        if (!mirror.watched() && mirror.ageNanos() > MIRROR_GRACE_NANOS) {
            mirrors.remove(id, mirror);
            return;
        }
        Optional<StoredJob> job = store.find(id);
        if (job.isEmpty()) {
            // Purged meanwhile: nothing more to tell.
            mirrors.remove(id, mirror);
            mirror.finish();
            return;
        }
        mirror.update(storedProgress(job.get()));
        if (job.get().state() != JobState.QUEUED) {
            mirror.publish();
        }
        if (job.get().state().finished()) {
            mirrors.remove(id, mirror);
            mirror.finish();
        }
    }

    /** The progress the store holds for a job: the latest its runner wrote, or the one it was inserted with. */
    private JobProgress storedProgress(StoredJob job) {
        if (job.progress() == null) {
            return null;
        }
        try {
            return json.readValue(job.progress(), JobProgress.class);
        } catch (RuntimeException e) {
            log.warn("Job {} has an unreadable progress", job.id(), e);
            return null;
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
            sleep(10);
        }
        subscribers.forEach(Subscriber::close);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The answer a finished job's runner stored ({@link JobStore#saveAnswer}); null when there is none (not finished,
     * failed, finished a moment ago, or before answers were stored: then it is made from the result).
     */
    private byte[] storedAnswer(StoredJob job) {
        if (job.state() != JobState.SUCCEEDED && job.state() != JobState.CANCELLED) {
            return null;
        }
        return store.answer(job.id()).orElse(null);
    }

    /** The job as the API shows it: its progress live if it runs here, else as stored; its answer if asked. */
    private JobView view(StoredJob job, boolean withResult) {
        return view(job, withResult, false);
    }

    /** {@link #view(StoredJob, boolean)}, its read of the job (when it makes the answer) not refused if forced. */
    private JobView view(StoredJob job, boolean withResult, boolean forced) {
        LiveJob live = local.get(job.id());
        JobProgress progress = live != null && job.state() == JobState.RUNNING ? live.progress() : storedProgress(job);
        if (progress == null) {
            progress = new JobProgress(0, null, null, job.runMillis(), 0, 0, null);
        }
        Object answer = null;
        byte[] stored = withResult ? storedAnswer(job) : null;
        if (stored != null) {
            answer = RawJson.of(stored);
        } else if (withResult) {
            try (Finished finished = finished(job, forced)) {
                if (finished != null) {
                    List<String> known = resultHashes.get(job.id());
                    answer = finished.plan().answer().apply(finished.results(), known);
                    if (known == null) {
                        List<String> hashes = JobPlan.resultHashes(answer);
                        if (hashes != null) {
                            resultHashes.put(job.id(), hashes);
                        }
                    }
                }
            }
        }
        return new JobView(job.id(), job.state(), job.kind(), job.createdAt(), job.startedAt(), job.finishedAt(),
                job.cancelRequested(), progress, answer, job.error());
    }

    @PreDestroy
    void shutdown() {
        scheduler.shutdownNow();
    }
}
