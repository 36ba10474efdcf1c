package dev.descent.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The progress a running job has published for its event streams, shared by all its subscribers: a log of
 * progress records, each naming a range of rows in its run's buffer of streamed points (so a record costs a few
 * numbers, and the points are held once, as primitives), and each run's latest status. Its size is bounded by
 * the streamed points (every k-th iterate, about {@code trajectory.maxPoints} per run), not by time. A subscriber
 * is a cursor over it. The job drops it when it finishes; subscribers still writing keep it until they are done.
 */
final class JobStream {

    /**
     * The most numbers of trajectory points one progress event carries (about 80 KB of JSON): a subscriber holds
     * at most one event while writing it, and a run that published many points at once sends several events.
     */
    static final int EVENT_NUMBERS = 4096;

    /**
     * A progress event with points: rows {@code from} to {@code to} of run {@code run}'s buffer.
     *
     * @param id the event id, from 1, one more than the record before
     */
    record Progress(long id, int run, Status status, int from, int to) {
    }

    /** A run's progress when it was published. */
    record Status(int iteration, double value, double best, double elapsedMillis) {
    }

    private final List<RunTracker> runs;
    private final RunTracker.Buffer[] buffers;
    private final int[] published;
    private final Status[] latest;
    private final List<Progress> log = new ArrayList<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private volatile long resultEventId;
    /** Written after the last records and {@link #resultEventId}: a reader that sees it true sees them too. */
    private volatile boolean finished;

    JobStream(List<RunTracker> runs) {
        this.runs = runs;
        this.buffers = new RunTracker.Buffer[runs.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = runs.get(i).points();
        }
        this.published = new int[runs.size()];
        this.latest = new Status[runs.size()];
    }

    /**
     * Publishes what each run made since the last call: records for its new points, and its status. Cheap (no
     * I/O, nothing serialized); the subscribers are signalled by the caller, outside any lock.
     */
    synchronized void publish(double elapsedMillis) {
        for (int r = 0; r < buffers.length; r++) {
            RunTracker run = runs.get(r);
            RunTracker.Buffer buffer = buffers[r];
            // The size first: the iteration read after it is at least that of the last row counted.
            int size = buffer == null ? 0 : buffer.size();
            int iteration = run.iteration;
            Status before = latest[r];
            if (size == published[r] && before != null && before.iteration() == iteration) {
                continue;
            }
            double value = run.value;
            // The run writes value, then best: read in that order, best may not include this value yet.
            double best = run.best;
            Status status = new Status(iteration, value, run.sense * value < run.sense * best ? value : best,
                    elapsedMillis);
            latest[r] = status;
            if (size > published[r]) {
                int rows = Math.max(1, EVENT_NUMBERS / buffer.width());
                for (int from = published[r]; from < size; from += rows) {
                    log.add(new Progress(log.size() + 1, r, status, from, Math.min(size, from + rows)));
                }
                published[r] = size;
            }
        }
    }

    /** Publishes the last progress and ends the log; answers the id of the {@code result} event that follows. */
    synchronized long finish(double elapsedMillis) {
        publish(elapsedMillis);
        resultEventId = log.size() + 1;
        finished = true;
        return resultEventId;
    }

    boolean finished() {
        return finished;
    }

    long resultEventId() {
        return resultEventId;
    }

    /** The record at {@code index} (its id is index + 1), or null if there is none yet. */
    synchronized Progress record(int index) {
        return index < log.size() ? log.get(index) : null;
    }

    /** Run {@code run}'s latest published status, or null before its first. */
    synchronized Status latest(int run) {
        return latest[run];
    }

    int runCount() {
        return buffers.length;
    }

    /** The data of {@code record}'s event, its points read from its run's buffer. */
    JobView.ProgressEvent event(Progress record) {
        RunTracker.Buffer buffer = buffers[record.run()];
        // The rows array read after the record was published holds every row the record names.
        RunTracker run = runs.get(record.run());
        Points points = new Points(run.variables, buffer.rows(), record.from(), record.to(), run.momentum);
        return event(record.run(), record.status(), points);
    }

    /** The data of a progress event without points. */
    JobView.ProgressEvent event(int run, Status status) {
        return event(run, status, null);
    }

    private static JobView.ProgressEvent event(int run, Status status, Points points) {
        return new JobView.ProgressEvent(run, status.iteration(), RunStatus.finite(status.value()),
                RunStatus.finite(status.best()), status.elapsedMillis(), points);
    }

    void add(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    void remove(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    /** Whether a stream reads it. */
    boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    /** Tells every subscriber there is something new; none writes on this thread. */
    void signalAll() {
        subscribers.forEach(Subscriber::signal);
    }
}
