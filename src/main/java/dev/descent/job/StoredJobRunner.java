package dev.descent.job;

import dev.descent.comparison.ComparisonMapper;
import dev.descent.engine.run.Checkpoint;
import dev.descent.engine.run.CheckpointCodec;
import dev.descent.engine.run.CheckpointFormatException;
import dev.descent.engine.run.Descent;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.RunListener;
import dev.descent.engine.run.Trajectory;
import dev.descent.job.JobView.JobProgress;
import dev.descent.job.StoredResult.StoredRun;
import dev.descent.job.store.JobState;
import dev.descent.job.store.JobStore;
import dev.descent.job.store.JobStore.Claim;
import dev.descent.job.store.JobStore.Lease;
import dev.descent.job.store.JobStore.StoredCheckpoint;
import dev.descent.job.store.StoredJob;
import dev.descent.optimization.OptimizationMapper;
import dev.descent.optimization.RunPlan;
import dev.descent.system.LogContext;
import dev.descent.system.ProblemException;
import dev.descent.system.RequestIds;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs jobs of a {@link JobStore}, one at a time, on the calling thread ({@link #runOnce()}): claims a job under a
 * lease, maps its stored request onto the engine as the job endpoint does ({@link JobPlan}), and runs its runs in
 * turn, each from its stored checkpoint when it has one ({@link Descent#resume}), else from the start.
 *
 * <p>While a job runs, a timer renews its lease every {@code renewInterval} (a lost lease or a recorded cancel stops
 * the runs within that time) and another asks the running run for a checkpoint every {@code checkpointInterval}
 * (a volatile flag the run polls: nothing costly per iteration); the run saves it in the store on its own thread.
 * {@link #suspend()} (graceful shutdown) makes the running run checkpoint and stop, saves that checkpoint and
 * releases the job, so that any runner claims it at once and continues it bit-identically. A finished job is stored
 * SUCCEEDED with its {@link StoredResult} ({@link StoredResult#toBytes()}), or CANCELLED, or FAILED with the reason.
 *
 * <p>A run that ends is stored with its result ({@link JobStore#saveRunResult}): after a restart the job takes that
 * result and does not run it again. A job's running time is summed over its starts (the store keeps it): when it
 * reaches the time budget ({@code descent.jobs.max-duration}), a timer stops the running run with status TIME_LIMIT,
 * every later run ends at once with it, and the job SUCCEEDS. Every {@code descent.jobs.event-interval} the timer
 * writes the job's progress to the store ({@link JobStore#recordProgress}, a {@link JobProgress} as JSON, as the job
 * endpoints show it), and the job writes its last one when it ends, is suspended or cancelled. A cancelled job
 * ends CANCELLED with its runs' partial results: the run that was going keeps its trajectory so far, the later ones
 * end at their start. {@link JobWorkers} runs a replica's runners; an {@link Observer} (the job service) is told of
 * the jobs this runner runs, for their live progress and event streams. Each job's log lines (RUNNING, and how it
 * ended) carry the id of the request that submitted it.
 */
public class StoredJobRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoredJobRunner.class);

    /**
     * The most numbers a job's answer may hold to be made once, when the job finishes, and stored (see
     * {@code saveAnswer}): 262,144, some 5 MB of JSON, held while it is made (the answer of a regression on millions
     * of rows with the default 1,000 trajectory points has some 25,000).
     */
    static final long STORED_ANSWER_NUMBERS = 1 << 18;

    /** About the bytes a number of an answer takes as JSON, for sizing its buffer. */
    private static final int JSON_BYTES_PER_NUMBER = 20;

    /**
     * {@code run} of {@code plan} with what its pages and its convergence picture need (variables, cycled momenta,
     * legend, title), so that they are made from the stored result alone.
     */
    static StoredRun withViews(StoredRun run, RunPlan plan) {
        return run.withViews(plan.variables(), OptimizationMapper.momenta(plan), plan.legend(), plan.titleFormula());
    }

    private final JobStore store;
    private final OptimizationMapper optimizations;
    private final ComparisonMapper comparisons;
    /** What a job\'s runs may ask for (a job\'s limits, not the synchronous ones). */
    private final OptimizationMapper.Limits limits;
    /** A job's time budget: its running time summed over its starts ({@code descent.jobs.max-duration}). */
    private final Duration maxDuration;
    private final JsonMapper json;
    private final String worker;
    private final Duration lease;
    private final Duration checkpointInterval;
    private final Duration renewInterval;
    private final Duration progressInterval;
    private final ScheduledExecutorService timers;

    /** The job being run, null between jobs. Guarded by this for the waits of {@link #suspend()}. */
    private volatile Running current;
    private volatile boolean suspending;
    /** Set by {@link #crash()}: every timer stopped, every run stopped, nothing more written. */
    private volatile boolean crashed;
    /** Told of every iterate of every run, on the run's thread; for tests that stop a run at a chosen point. */
    private volatile IterationHook hook;
    /** Told of the jobs this runner runs. */
    private volatile Observer observer = Observer.NONE;

    /** Told of the jobs a runner runs, for their live progress: what watches each run here, and how the job ended. */
    interface Observer {

        /** Watches nothing. */
        Observer NONE = (job, plan) -> Local.NONE;

        /** The claimed {@code job} starts (or resumes) here with {@code plan}; answers what watches its runs. */
        Local started(StoredJob job, JobPlan plan);
    }

    /** What watches one job while it runs here. */
    interface Local {

        /** Watches nothing. */
        Local NONE = new Local() {
        };

        /**
         * Where run {@code index}'s progress is kept, told of its iterates on the run's thread (a fresh status unless
         * the observer keeps its own: the job service's trackers, which also keep the streamed points).
         */
        default RunStatus status(int index) {
            return new RunStatus();
        }

        /** Run {@code index} ended here with {@code result} (its whole trajectory). */
        default void runEnded(int index, Result result) {
        }

        /**
         * The job stopped running here: it ended in {@code state} (written to the store), or, for null, it was
         * suspended, or its lease was lost, or this runner crashed.
         */
        default void stopped(JobState state) {
        }
    }

    /**
     * @param maxDuration        a job's time budget, its running time summed over every start: when it runs out, the
     *                           running run stops with status TIME_LIMIT, the later ones end at once with it, and
     *                           the job SUCCEEDS
     * @param worker             who claims (a replica's name, unique among the runners sharing the store)
     * @param lease              how long a claim or renewal holds the job
     * @param checkpointInterval how often the running run saves a checkpoint
     * @param renewInterval      how often the lease is renewed: well within {@code lease}, and the longest a
     *                           recorded cancel or a lost lease goes unnoticed
     * @param progressInterval   how often the running job's progress is written to the store
     *                           ({@code descent.jobs.event-interval})
     */
    public StoredJobRunner(JobStore store, OptimizationMapper optimizations, ComparisonMapper comparisons,
                           OptimizationMapper.Limits limits, Duration maxDuration, JsonMapper json, String worker,
                           Duration lease, Duration checkpointInterval, Duration renewInterval,
                           Duration progressInterval) {
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("A runner needs a positive time budget, not " + maxDuration);
        }
        if (lease.isNegative() || lease.isZero() || checkpointInterval.isNegative() || checkpointInterval.isZero()
                || renewInterval.isNegative() || renewInterval.isZero() || progressInterval.isNegative()
                || progressInterval.isZero()) {
            throw new IllegalArgumentException("A runner needs a positive lease (" + lease + "), checkpoint interval ("
                    + checkpointInterval + "), renewal interval (" + renewInterval + ") and progress interval ("
                    + progressInterval + ")");
        }
        this.store = store;
        this.optimizations = optimizations;
        this.comparisons = comparisons;
        this.limits = limits;
        this.maxDuration = maxDuration;
        this.json = json;
        this.worker = worker;
        this.lease = lease;
        this.checkpointInterval = checkpointInterval;
        this.renewInterval = renewInterval;
        this.progressInterval = progressInterval;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "descent-store-runner-" + worker);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timers = executor;
    }

    /** Tells {@code observer} of the jobs this runner runs from now on. */
    public void observe(Observer observer) {
        this.observer = observer == null ? Observer.NONE : observer;
    }

    /** The renewal interval for a lease: a second, or a third of a shorter lease. */
    public static Duration renewIntervalFor(Duration lease) {
        Duration third = lease.dividedBy(3);
        return third.compareTo(Duration.ofSeconds(1)) < 0 ? third : Duration.ofSeconds(1);
    }

    /**
     * Claims one job and runs it until it finishes, is suspended, cancelled, or its lease is lost. Answers whether it
     * claimed a job (false: nothing to run, or this runner is suspended).
     */
    public boolean runOnce() {
        Optional<Claim> claim = claim();
        claim.ifPresent(this::run);
        return claim.isPresent();
    }

    /** Claims one job for this runner to {@link #run}: empty when there is nothing to run, or this one is suspended. */
    public Optional<Claim> claim() {
        if (suspending || crashed) {
            return Optional.empty();
        }
        return store.claim(worker, lease);
    }

    /**
     * Runs the job of {@code claim} (made by {@link #claim()}) until it finishes, is suspended, cancelled, or its
     * lease is lost.
     */
    public void run(Claim claim) {
        Running job = new Running(claim);
        current = job;
        try {
            job.context.run(job::run);
        } finally {
            job.stopTimers();
            synchronized (this) {
                current = null;
                notifyAll();
            }
        }
    }

    /**
     * Graceful shutdown: the running run (if any) takes a checkpoint and stops, the checkpoint is saved and the job
     * released; waits up to {@code timeout} for that. Claims nothing afterwards. Answers whether no job is running.
     */
    public boolean suspend(Duration timeout) throws InterruptedException {
        requestSuspend();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (current != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return true;
    }

    /**
     * Stops the job {@code jobId} at once if this runner runs it, as a recorded cancel would at the next renewal:
     * for the replica where the cancel came in. Answers whether this runner runs it.
     */
    public boolean cancel(String jobId) {
        Running job = current;
        if (job != null && job.held.jobId().equals(jobId)) {
            job.cancelRequested = true;
            return true;
        }
        return false;
    }

    /** The id of the job this runner runs now, or null. */
    public String runningJob() {
        Running job = current;
        return job == null ? null : job.held.jobId();
    }

    /** Claims again after a suspension (a lifecycle started again). */
    void reopen() {
        suspending = false;
    }

    /** Suspends without waiting (see {@link #suspend(Duration)}); safe to call from a run's own thread. */
    public void requestSuspend() {
        suspending = true;
    }

    /** Suspends (waiting up to a lease) and stops the timers. */
    @Override
    public void close() throws InterruptedException {
        try {
            suspend(lease);
        } finally {
            timers.shutdownNow();
        }
    }

    /**
     * As a killed process: stops renewing and stops the runs, writing nothing more (no checkpoint, no release), so
     * that the job is claimed again only when its lease has expired. For tests.
     */
    void crash() {
        crashed = true;
        timers.shutdownNow();
    }

    /** Asks the running run for a checkpoint at its next iteration, as the checkpoint timer does. For tests. */
    void requestCheckpoint() {
        Running job = current;
        RunWatch watch = job == null ? null : job.watch;
        if (watch != null) {
            watch.checkpointDue = true;
        }
    }

    /** Sets what is told of every iterate of every run (null: nothing). For tests. */
    void onIteration(IterationHook hook) {
        this.hook = hook;
    }

    /** Told of each iterate, on the run's thread. */
    interface IterationHook {
        void at(int run, int iteration);
    }

    /** One claimed job while this runner runs it. */
    private final class Running {

        private final Claim claim;
        private final Lease held;
        /** The logging context of the job: the id of the request that submitted it. */
        final LogContext context;
        private Local local = Local.NONE;
        private final long startNanos = System.nanoTime();
        private final List<ScheduledFuture<?>> timerTasks = new ArrayList<>();
        private volatile boolean lost;
        private volatile boolean cancelRequested;
        /** The time budget has run out: the running run stops with TIME_LIMIT, and so does every later one at once. */
        private volatile boolean timeUp;
        private volatile RunWatch watch;
        /** What the job\'s progress is made of, once its plan is known: its kind, labels and each run\'s progress. */
        private volatile JobPlan plan;
        private volatile RunStatus[] statuses;
        /** Set when the last progress has been written: the timer writes no more. Guarded by itself. */
        private final boolean[] progressClosed = {false};

        Running(Claim claim) {
            this.claim = claim;
            this.held = claim.lease();
            this.context = LogContext.of(RequestIds.MDC_KEY, claim.job().requestId());
        }

        void run() {
            JobPlan plan;
            try {
                plan = JobPlan.of(json.readValue(claim.request(), JobRequest.class), optimizations, comparisons,
                        limits);
            } catch (RuntimeException e) {
                log.warn("Job {} has a request that no longer maps onto the engine", held.jobId(), e);
                // A problem of ours says what is wrong in the request's terms; a stored request that no longer reads
                // is said so, without the reader's own words (class names), which are in the log.
                String why = e instanceof ProblemException problem ? problem.getMessage()
                        : "the stored request could not be read";
                store.finish(held, JobState.FAILED, null, "The request could not be run: " + why, runMillis());
                return;
            }
            Map<Integer, StoredCheckpoint> checkpoints = new HashMap<>();
            for (StoredCheckpoint checkpoint : store.checkpoints(held.jobId())) {
                checkpoints.put(checkpoint.run(), checkpoint);
            }
            Map<Integer, byte[]> ended = store.runResults(held.jobId());
            log.info("Job {} ({}) {}", held.jobId(), plan.kind(), JobState.RUNNING);
            try {
                local = observer.started(claim.job(), plan);
            } catch (RuntimeException e) {
                log.warn("Job {}: its observer failed", held.jobId(), e);
            }
            RunStatus[] runStatuses = new RunStatus[plan.plans().size()];
            JobProgress stored = storedProgress();
            for (int i = 0; i < runStatuses.length; i++) {
                runStatuses[i] = local.status(i).sense(plan.plans().get(i).problem().sense());
                // The lowest value seen before this claim, as its last progress says.
                Double best = stored == null ? null : stored.runs() != null && i < stored.runs().size()
                        ? stored.runs().get(i).bestValue() : runStatuses.length == 1 ? stored.bestValue() : null;
                if (best != null) {
                    runStatuses[i].best = best;
                }
            }
            this.statuses = runStatuses;
            this.plan = plan;
            startTimers();
            List<StoredRun> runs = new ArrayList<>();
            for (int i = 0; i < plan.plans().size(); i++) {
                EndedRun before = ended(i, ended.get(i));
                if (before != null) {
                    // Ended before a restart: its result is kept, the run is not done again.
                    runs.add(withViews(before.run(), plan.plans().get(i)));
                    runStatuses[i].ended(before.run(), Double.longBitsToDouble(before.bestBits()));
                    continue;
                }
                RunPlan runPlan = plan.plans().get(i);
                RunWatch runWatch = new RunWatch(this, i, runStatuses[i]);
                watch = runWatch;
                Result result;
                try {
                    Checkpoint checkpoint = checkpoint(checkpoints.get(i));
                    if (checkpoint != null) {
                        runWatch.resumeFrom(checkpoint);
                    }
                    result = checkpoint == null ? Descent.run(runPlan.problem(), runWatch)
                            : Descent.resume(runPlan.problem(), checkpoint, runWatch);
                } catch (RuntimeException e) {
                    if (!crashed && !lost) {
                        log.error("Run {} of job {} failed", i, held.jobId(), e);
                        lastProgress();
                        store.finish(held, JobState.FAILED, null, "The job failed; the failure has been logged.",
                                runMillis());
                        ended(JobState.FAILED, "run " + i + " failed");
                    } else {
                        stoppedHere();
                    }
                    return;
                }
                if (crashed || lost) {
                    stoppedHere();
                    return;
                }
                if (runWatch.suspended) {
                    lastProgress();
                    store.release(held, runMillis());
                    log.info("Job {} ({}) suspended at iteration {} of run {}: released, to be resumed from its "
                            + "checkpoint", held.jobId(), plan.kind(), result.iterations(), i);
                    stoppedHere();
                    return;
                }
                result = runPlan.analyze(result);
                try {
                    local.runEnded(i, result);
                } catch (RuntimeException e) {
                    log.warn("Job {}: its observer failed", held.jobId(), e);
                }
                StoredRun run = withViews(StoredRun.of(plan.labels().get(i),
                        result.compact(runPlan.trajectory().effectiveMaxPoints())), runPlan);
                RunStatus status = runStatuses[i];
                // The last run's result goes into the job's at once (megabytes written once, not twice): a restart
                // before that resumes the run from its checkpoint instead, to the same result.
                boolean last = i == plan.plans().size() - 1;
                if (!last && !saveEnded(i, new EndedRun(run, Double.doubleToRawLongBits(status.best)))) {
                    return;
                }
                status.ended(run, status.best);
                runs.add(run);
            }
            lastProgress();
            StoredResult kept = new StoredResult(plan.kind().value(), runs);
            JobState end = cancelRequested ? JobState.CANCELLED : JobState.SUCCEEDED;
            if (store.finish(held, end, kept.toBytes(), null, runMillis())) {
                // The job has ended for everyone at once (a cancellation takes effect without waiting for this);
                // its answer, tens of megabytes for a long trajectory, follows, before the streams are told.
                saveAnswer(plan, kept);
                ended(end, outcome(runs));
            } else {
                stoppedHere();
            }
        }

        /**
         * Makes the finished job's answer, once, from its result as stored ({@code stored}: what a read of the job
         * makes it of), while the plan and its data set are at hand, and stores it: reads of the job write it as
         * it is. Only an answer of at most {@link #STORED_ANSWER_NUMBERS} numbers: the whole JSON is held while it is
         * made and stored, where a read streams it, and a job's answer may hold millions of numbers (a quarter of the
         * heap as primitives, 2.5 times that as JSON). A larger answer, or one that could not be made, is made at each
         * read, as for a job finished before answers were stored.
         */
        private void saveAnswer(JobPlan plan, StoredResult stored) {
            long numbers = plan.answerNumbers();
            if (numbers > STORED_ANSWER_NUMBERS) {
                return;
            }
            try {
                Object answer = plan.answer().apply(stored.results(), null);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) (numbers * JSON_BYTES_PER_NUMBER));
                json.writeValue(bytes, answer);
                store.saveAnswer(held.jobId(), bytes.toByteArray());
            } catch (RuntimeException e) {
                log.warn("Job {}: its answer could not be stored; it is made when read", held.jobId(), e);
            }
        }

        /** The job ended here in {@code state}: logged, and its observer told. */
        private void ended(JobState state, String outcome) {
            log.info("Job {} ({}) {}: {}", held.jobId(), plan.kind(), state, outcome);
            try {
                local.stopped(state);
            } catch (RuntimeException e) {
                log.warn("Job {}: its observer failed", held.jobId(), e);
            }
        }

        /** The job stopped running here without ending (suspended, lost, crashed): its observer is told. */
        private void stoppedHere() {
            try {
                local.stopped(null);
            } catch (RuntimeException e) {
                log.warn("Job {}: its observer failed", held.jobId(), e);
            }
        }

        /** How the runs ended, for the log: their statuses counted, iterations and time. */
        private String outcome(List<StoredRun> runs) {
            Map<String, Integer> counted = new TreeMap<>();
            long iterations = 0;
            for (StoredRun run : runs) {
                counted.merge(run.status(), 1, Integer::sum);
                iterations += run.iterations();
            }
            StringBuilder text = new StringBuilder().append(runs.size()).append(runs.size() == 1 ? " run (" : " runs (");
            for (Entry<String, Integer> status : counted.entrySet()) {
                text.append(runs.size() == 1 ? "" : status.getValue() + " ").append(status.getKey()).append(", ");
            }
            if (!counted.isEmpty()) {
                text.setLength(text.length() - 2);
            }
            return text.append("), ").append(iterations).append(" iterations in ").append(runMillis()).append(" ms")
                    .toString();
        }

        /** The progress the job's runner wrote last, before this claim; null when none, or unreadable. */
        private JobProgress storedProgress() {
            String progress = claim.job().progress();
            if (progress == null) {
                return null;
            }
            try {
                return json.readValue(progress, JobProgress.class);
            } catch (RuntimeException e) {
                log.warn("Job {} has an unreadable progress", held.jobId(), e);
                return null;
            }
        }

        /** The job's progress now, as the job endpoints show it. */
        private JobProgress progress() {
            return RunStatus.progress(plan.kind(), plan.labels(), List.of(statuses), runMillis());
        }

        /** Writes the progress now, from the timer; nothing once the last one is written. */
        private void recordProgress() {
            synchronized (progressClosed) {
                if (progressClosed[0] || crashed || lost || statuses == null) {
                    return;
                }
                writeProgress();
            }
        }

        /** Writes the job's last progress (it ended, or is suspended or cancelled): the timer writes no more. */
        private void lastProgress() {
            synchronized (progressClosed) {
                progressClosed[0] = true;
                if (!crashed && !lost) {
                    writeProgress();
                }
            }
        }

        private void writeProgress() {
            try {
                if (!store.recordProgress(held, json.writeValueAsString(progress()), runMillis())) {
                    lost = true;
                }
            } catch (RuntimeException e) {
                log.warn("Could not record the progress of job {}", held.jobId(), e);
            }
        }

        /** The stored result of run {@code index} decoded; null when it has none, or an unreadable one (it runs). */
        private EndedRun ended(int index, byte[] stored) {
            if (stored == null) {
                return null;
            }
            try {
                return EndedRun.fromBytes(stored);
            } catch (RuntimeException e) {
                log.warn("Run {} of job {} has an unreadable result: it runs again", index, held.jobId(), e);
                return null;
            }
        }

        /**
         * Stores that run {@code index} ended, and its result, so that a restart does not run it again. False when
         * the lease was lost (the job is someone else's now); a database error is logged and the job goes on.
         */
        private boolean saveEnded(int index, EndedRun run) {
            if (crashed) {
                return false;
            }
            try {
                if (!store.saveRunResult(held, index, run.toBytes())) {
                    lost = true;
                    return false;
                }
            } catch (RuntimeException e) {
                log.warn("Could not save the result of run {} of job {}", index, held.jobId(), e);
            }
            return true;
        }

        /**
         * The stored checkpoint decoded; null when there is none, or one of a format that does not resume to the
         * very result (the run starts over). A checkpoint of format 2, saved by a build before explained updates were
         * kept, resumes: its job explained nothing then.
         */
        private Checkpoint checkpoint(StoredCheckpoint stored) {
            if (stored == null) {
                return null;
            }
            if (stored.formatVersion() < CheckpointCodec.EXACT_SINCE
                    || stored.formatVersion() > CheckpointCodec.VERSION) {
                log.warn("Run {} of job {} has a checkpoint of format {}, not {} to {}: it starts over", stored.run(),
                        held.jobId(), stored.formatVersion(), CheckpointCodec.EXACT_SINCE, CheckpointCodec.VERSION);
                return null;
            }
            try {
                Checkpoint checkpoint = CheckpointCodec.fromBytes(stored.data());
                if (checkpoint.recordedRows() == 0 && stored.trajectoryRows() > 0) {
                    // Saved without its rows: they are in the trajectory chunks.
                    double[] rows = TrajectoryChunks.rows(store.trajectory(held.jobId(), stored.run()),
                            Trajectory.rowWidth(checkpoint.dimension()), stored.trajectoryRows());
                    if (rows == null) {
                        log.warn("Run {} of job {} has a checkpoint whose trajectory is incomplete: it starts over",
                                stored.run(), held.jobId());
                        return null;
                    }
                    checkpoint = checkpoint.withTrajectoryRows(rows);
                }
                return checkpoint;
            } catch (CheckpointFormatException | IllegalArgumentException e) {
                log.warn("Run {} of job {} has an unreadable checkpoint: it starts over", stored.run(), held.jobId(),
                        e);
                return null;
            }
        }

        private void startTimers() {
            long renew = Math.max(1, renewInterval.toMillis());
            long every = Math.max(1, checkpointInterval.toMillis());
            long progressEvery = Math.max(1, progressInterval.toMillis());
            // The budget left: the budget less the running time before this claim and since it.
            long left = maxDuration.toNanos() - claim.job().runMillis() * 1_000_000 - (System.nanoTime() - startNanos);
            if (left <= 0) {
                timeUp = true;
            }
            try {
                if (left > 0) {
                    timerTasks.add(timers.schedule(() -> {
                        timeUp = true;
                    }, left, TimeUnit.NANOSECONDS));
                }
                timerTasks.add(timers.scheduleWithFixedDelay(this::renew, renew, renew, TimeUnit.MILLISECONDS));
                timerTasks.add(timers.scheduleWithFixedDelay(this::recordProgress, progressEvery, progressEvery,
                        TimeUnit.MILLISECONDS));
                timerTasks.add(timers.scheduleWithFixedDelay(() -> {
                    RunWatch running = watch;
                    if (running != null) {
                        running.checkpointDue = true;
                    }
                }, every, every, TimeUnit.MILLISECONDS));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Crashed or closed meanwhile: the runs stop at once anyway.
            }
        }

        private void renew() {
            if (crashed) {
                return;
            }
            try {
                switch (store.renew(held, lease)) {
                    case HELD -> { }
                    case CANCEL_REQUESTED -> cancelRequested = true;
                    case LOST -> lost = true;
                }
            } catch (RuntimeException e) {
                // The database is unreachable for now: the next renewal tries again; past the lease, another runner
                // may take the job, and this one learns it from that renewal or from a refused write.
                log.warn("Could not renew the lease of job {}", held.jobId(), e);
            }
        }

        void stopTimers() {
            timerTasks.forEach(task -> task.cancel(false));
        }

        long runMillis() {
            return claim.job().runMillis() + (System.nanoTime() - startNanos) / 1_000_000;
        }
    }

    /**
     * What the store keeps of a run that ended ({@link JobStore#saveRunResult}), as JSON: its result and the lowest
     * value it saw (as raw bits).
     */
    record EndedRun(StoredRun run, long bestBits) {

        /** As a stored result of one run, its label the lowest value's bits. */
        byte[] toBytes() {
            return new StoredResult(run.label(), List.of(run.labelled(Long.toString(bestBits)))).toBytes();
        }

        static EndedRun fromBytes(byte[] data) {
            StoredResult stored = StoredResult.fromBytes(data);
            StoredRun labelled = stored.runs().get(0);
            return new EndedRun(labelled.labelled(stored.kind()), Long.parseLong(labelled.label()));
        }
    }

    /** Watches one run: asks it for checkpoints, saves them, and stops it, and keeps its progress. */
    private final class RunWatch implements RunListener {

        private final Running job;
        private final int index;
        /** Set by the checkpoint timer (or a test); cleared when the checkpoint is taken. */
        volatile boolean checkpointDue;
        /** The trajectory rows in the store, and the stride they were recorded with; on the run's thread. */
        private long savedRows;
        private int savedStride = -1;
        /** Whether the run has taken its suspension checkpoint; written and read on the run's thread. */
        boolean suspended;
        /** The run's progress. */
        private final RunStatus status;
        RunWatch(Running job, int index, RunStatus status) {
            this.job = job;
            this.index = index;
            this.status = status;
        }

        /**
         * Resumed from {@code checkpoint}: the lowest value so far is the lowest of its recorded rows and its
         * iterate's (the iterates between recorded rows are not kept).
         */
        void resumeFrom(Checkpoint checkpoint) {
            savedRows = checkpoint.recordedRows();
            savedStride = checkpoint.trajectoryStride();
            double lowest = checkpoint.value() < status.best ? checkpoint.value() : status.best;
            double[] rows = checkpoint.trajectoryRows();
            int width = Trajectory.rowWidth(checkpoint.dimension());
            for (int at = 1; at < rows.length; at += width) {
                if (rows[at] < lowest) {
                    lowest = rows[at];
                }
            }
            status.best = lowest;
            status.value = checkpoint.value();
            status.iteration = checkpoint.iteration();
        }

        @Override
        public void onIterate(int iteration, double[] point, double value, double gradientNorm, double learningRate) {
            status.onIterate(iteration, point, value, gradientNorm, learningRate);
            IterationHook observer = hook;
            if (observer != null) {
                observer.at(index, iteration);
            }
        }

        @Override
        public boolean checkpointWanted() {
            return checkpointDue || suspending;
        }

        @Override
        public void onCheckpoint(Checkpoint checkpoint) {
            checkpointDue = false;
            if (crashed) {
                return;
            }
            boolean suspension = suspending;
            // The checkpoint without its rows, and the rows recorded since the last one appended as a chunk: a
            // checkpoint costs what changed, not the whole record. When the record has thinned (every other row
            // dropped, its stride doubled), the rows are written again from the first.
            double[] rows = checkpoint.trajectoryRows();
            int width = Trajectory.rowWidth(checkpoint.dimension());
            int count = rows.length / width;
            long first = checkpoint.trajectoryStride() == savedStride && count >= savedRows ? savedRows : 0;
            JobStore.TrajectoryChunk chunk = count > first
                    ? new JobStore.TrajectoryChunk(first, (int) (count - first),
                    TrajectoryChunks.encode(rows, (int) first * width, count * width))
                    : null;
            byte[] data = CheckpointCodec.toBytes(checkpoint.withTrajectoryRows(new double[0]));
            try {
                if (!store.saveCheckpoint(job.held, index, CheckpointCodec.VERSION, data, count, chunk)) {
                    job.lost = true;
                    return;
                }
                savedRows = count;
                savedStride = checkpoint.trajectoryStride();
            } catch (RuntimeException e) {
                log.warn("Could not save a checkpoint of run {} of job {}", index, job.held.jobId(), e);
                return;
            }
            if (suspension) {
                suspended = true;
            }
        }

        @Override
        public boolean cancelled() {
            return crashed || job.lost || job.cancelRequested || suspended || job.timeUp;
        }

        @Override
        public boolean timeUp() {
            return job.timeUp && !job.cancelRequested;
        }
    }
}
