package dev.descent.job;

import dev.descent.engine.run.Result;
import dev.descent.optimization.IterateView;
import dev.descent.optimization.RunPlan;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One job: its runs, its state, its result, and its event stream. The state fields are written by the service and
 * the run threads and read by request threads, hence volatile; the event log and the subscribers are guarded by
 * {@code this}.
 */
final class Job {

    final UUID id;
    /** The order of submission, for the newest-first listing. */
    final long sequence;
    final String kind;
    final Instant createdAt;
    final List<RunPlan> plans;
    final List<RunTracker> runs = new ArrayList<>();
    /** Makes the job's result from its runs' results. */
    final Function<List<Result>, Object> finisher;

    volatile JobState state = JobState.QUEUED;
    volatile Instant startedAt;
    volatile Instant finishedAt;
    volatile long startedNanos;
    volatile long finishedNanos;
    volatile boolean cancelRequested;
    volatile Object result;
    /** The engine's results of the runs, once all have ended, in run order. */
    volatile List<Result> results;
    volatile String error;
    private final CountDownLatch done = new CountDownLatch(1);

    /** An event as sent: its id, its name and its data. */
    record Event(long id, String name, Object data) {
    }

    private final List<Event> log = new ArrayList<>();
    private final List<SseEmitter> subscribers = new ArrayList<>();
    private long nextEventId = 1;

    Job(long sequence, String kind, Instant createdAt, List<String> labels, List<RunPlan> plans,
        Function<List<Result>, Object> finisher) {
        this.id = UUID.randomUUID();
        this.sequence = sequence;
        this.kind = kind;
        this.createdAt = createdAt;
        this.plans = List.copyOf(plans);
        this.finisher = finisher;
        for (int i = 0; i < plans.size(); i++) {
            runs.add(new RunTracker(i, labels.get(i), this, plans.get(i)));
        }
    }

    double elapsedMillis() {
        if (startedAt == null) {
            return 0;
        }
        long end = finishedAt != null ? finishedNanos : System.nanoTime();
        return (end - startedNanos) / 1e6;
    }

    /**
     * Publishes a {@code progress} event per run that moved since its last one, with the points it made since.
     * Events that carry points are logged for late subscribers; the others are only sent.
     */
    synchronized void publishProgress() {
        if (startedAt == null) {
            return;
        }
        for (RunTracker run : runs) {
            List<IterateView> points = run.drain();
            int iteration = run.iteration;
            if (points.isEmpty() && iteration == run.published) {
                continue;
            }
            run.published = iteration;
            Event event = new Event(nextEventId++, "progress", new JobView.ProgressEvent(run.index, iteration,
                    RunTracker.finite(run.value), RunTracker.finite(run.best), elapsedMillis(),
                    points.isEmpty() ? null : points));
            if (!points.isEmpty()) {
                log.add(event);
            }
            broadcast(event);
        }
    }

    /** Ends the job: its last progress, then one {@code result} event with {@code view}, then the streams close. */
    synchronized void finish(JobState finalState, Instant at, Function<Job, JobView> view) {
        publishProgress();
        finishedNanos = System.nanoTime();
        finishedAt = at;
        state = finalState;
        Event event = new Event(nextEventId++, "result", view.apply(this));
        log.add(event);
        broadcast(event);
        subscribers.forEach(SseEmitter::complete);
        subscribers.clear();
        done.countDown();
    }

    /** Sends what the subscriber missed (after {@code lastEventId}), then keeps it for the live events. */
    synchronized void subscribe(SseEmitter emitter, long lastEventId) {
        for (Event event : log) {
            if (event.id() > lastEventId && !send(emitter, event)) {
                return;
            }
        }
        if (state.finished()) {
            emitter.complete();
            return;
        }
        subscribers.add(emitter);
        Runnable remove = () -> unsubscribe(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
    }

    private synchronized void unsubscribe(SseEmitter emitter) {
        subscribers.remove(emitter);
    }

    private void broadcast(Event event) {
        for (Iterator<SseEmitter> it = subscribers.iterator(); it.hasNext(); ) {
            if (!send(it.next(), event)) {
                it.remove();
            }
        }
    }

    private static boolean send(SseEmitter emitter, Event event) {
        try {
            emitter.send(SseEmitter.event().id(Long.toString(event.id())).name(event.name())
                    .data(event.data(), MediaType.APPLICATION_JSON));
            return true;
        } catch (IOException | IllegalStateException e) {
            // The client has gone; the container completes the emitter.
            return false;
        }
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
