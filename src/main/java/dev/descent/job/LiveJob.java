package dev.descent.job;

import dev.descent.job.JobView.JobProgress;
import dev.descent.job.JobView.RunProgress;
import dev.descent.job.store.JobKind;
import dev.descent.optimization.RunPlan;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What a replica holds in memory of a job whose progress it shows: one {@link RunTracker} per run and the
 * {@link JobStream} its event streams read. Of a job that runs <em>here</em> ({@code local}), the trackers watch the
 * runs themselves (fresh progress, and the streamed trajectory points); of a job queued or running on another
 * replica (a <em>mirror</em>, made when a client streams it here), they are set from the progress the running
 * replica writes to the store, read every {@code event-interval}, without points. Either ends when the job has
 * finished: the stream publishes its last progress and the {@code result} event, and the replica drops it.
 */
final class LiveJob {

    final UUID id;
    final JobKind kind;
    final List<RunTracker> runs;
    private final List<String> labels;
    /** Whether the job runs here (else its progress is read from the store). */
    final boolean local;
    /** Its running time before it started here (its earlier starts), for the elapsed time of a local job. */
    private final long runMillisBefore;
    private final long startNanos = System.nanoTime();
    /** The elapsed time of a mirror, as the store last said. */
    private volatile double storedElapsedMillis;

    /** Guarded by this: the published progress while the job may still run, then null. */
    private JobStream stream;
    private long resultEventId;
    private final Object resultEventLock = new Object();
    private WeakReference<byte[]> resultEvent = new WeakReference<>(null);

    LiveJob(UUID id, JobPlan plan, boolean local, long runMillisBefore) {
        this.id = id;
        this.kind = plan.kind();
        this.local = local;
        this.runMillisBefore = runMillisBefore;
        List<RunTracker> trackers = new ArrayList<>();
        for (int i = 0; i < plan.plans().size(); i++) {
            RunPlan runPlan = plan.plans().get(i);
            trackers.add(new RunTracker(i, plan.labels().get(i), runPlan, local));
        }
        this.runs = List.copyOf(trackers);
        this.labels = plan.labels();
        this.stream = new JobStream(runs);
    }

    /** The job's running time, summed over its starts: of a local job now, of a mirror as last read. */
    double elapsedMillis() {
        return local ? runMillisBefore + (System.nanoTime() - startNanos) / 1e6 : storedElapsedMillis;
    }

    /** How long since it was made: a mirror is kept a moment before its first stream has subscribed. */
    long ageNanos() {
        return System.nanoTime() - startNanos;
    }

    /** A mirror takes the progress the store holds ({@code null}: none yet). */
    void update(JobProgress stored) {
        if (stored == null || local) {
            return;
        }
        storedElapsedMillis = stored.elapsedMillis();
        if (stored.runs() == null) {
            if (!runs.isEmpty()) {
                set(runs.get(0), stored.iteration() > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) stored.iteration(),
                        stored.value(), stored.bestValue(), stored.runsDone() == runs.size());
            }
            return;
        }
        for (RunProgress run : stored.runs()) {
            if (run.run() >= 0 && run.run() < runs.size()) {
                set(runs.get(run.run()), run.iteration(), run.value(), run.bestValue(), run.done());
            }
        }
    }

    private static void set(RunTracker tracker, int iteration, Double value, Double best, boolean done) {
        tracker.value = value == null ? Double.NaN : value;
        tracker.best = best == null ? tracker.sense * Double.POSITIVE_INFINITY : best;
        tracker.iteration = iteration;
        tracker.done = done;
    }

    /** Publishes the progress to its streams (cheap; no I/O on this thread). */
    void publish() {
        JobStream published;
        synchronized (this) {
            published = stream;
            if (published == null) {
                return;
            }
            published.publish(elapsedMillis());
        }
        published.signalAll();
    }

    /** The job has finished: the last progress is published, then the {@code result} event. */
    void finish() {
        JobStream published;
        synchronized (this) {
            published = stream;
            if (published == null) {
                return;
            }
            stream = null;
            runs.forEach(RunTracker::release);
            resultEventId = published.finish(elapsedMillis());
        }
        published.signalAll();
    }

    /** The progress log to subscribe to, or null once the job has finished. */
    synchronized JobStream stream() {
        return stream;
    }

    /** Whether an event stream reads it. */
    synchronized boolean watched() {
        return stream != null && stream.hasSubscribers();
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

    /** Its progress now, as the job endpoints show it. */
    JobProgress progress() {
        return RunStatus.progress(kind, labels, runs, elapsedMillis());
    }
}
