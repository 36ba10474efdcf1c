package dev.descent.job;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open event stream, written with non-blocking Servlet I/O: a cursor over its job's {@link JobStream} that
 * writes only while the output stream {@linkplain ServletOutputStream#isReady() is ready}, a chunk at a time, and
 * goes on from {@link #onWritePossible()} when the client has read; no thread ever waits for a client. It holds at
 * most one event in hand; a client that reads slowly lags behind the log and catches up, and gets the latest
 * status of each run instead of every status it missed. The final {@code result} event is always written.
 * <p>
 * Writing is serialized by a work-in-progress counter: whoever raises it from 0 drains (the container in
 * {@code onWritePossible}, or a task started on the container's threads by {@link #signal()}), and drains again
 * for every signal that came meanwhile.
 */
final class Subscriber implements WriteListener, AsyncListener {

    private static final Logger log = LoggerFactory.getLogger(Subscriber.class);
    /** The most bytes written at once, so that the container never buffers much for a slow client. */
    static final int CHUNK = 8192;

    final UUID jobId;
    private final AsyncContext async;
    private final ServletOutputStream out;
    /** The job's published progress; null when the job had finished before this subscriber came. */
    private final JobStream stream;
    private final long lastEventId;
    private final long finishedResultEventId;
    private final Supplier<byte[]> resultEvent;
    private final Events events;
    private final Consumer<Subscriber> onClose;
    /** Starts at 1: the container's first onWritePossible owns the first drain. */
    private final AtomicInteger wip = new AtomicInteger(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    // The cursor: read and written only by the thread that drains.
    private int next;
    private final int[] sent;
    private int turn;
    private byte[] pending;
    private int offset;
    private boolean unflushed;
    private boolean ending;

    private volatile boolean started;
    private volatile long blockedSince;
    private volatile boolean heartbeatDue;
    private volatile boolean shutdown;
    private volatile boolean closing;

    /**
     * @param stream                 the job's progress, or null when it has finished
     * @param lastEventId            what the client has seen (Last-Event-ID), 0 for nothing
     * @param finishedResultEventId  the id of the result event of a job that had finished, else ignored
     * @param resultEvent            makes the result event once the job has finished
     * @param onClose                called once when the stream has ended, for whatever reason
     */
    Subscriber(UUID jobId, AsyncContext async, ServletOutputStream out, JobStream stream, long lastEventId,
               long finishedResultEventId, Supplier<byte[]> resultEvent, Events events,
               Consumer<Subscriber> onClose) {
        this.jobId = jobId;
        this.async = async;
        this.out = out;
        this.stream = stream;
        this.lastEventId = Math.max(0, lastEventId);
        this.finishedResultEventId = finishedResultEventId;
        this.resultEvent = resultEvent;
        this.events = events;
        this.onClose = onClose;
        this.next = (int) Math.min(this.lastEventId, Integer.MAX_VALUE);
        this.sent = new int[stream == null ? 0 : stream.runCount()];
        Arrays.fill(sent, -1);
    }

    /**
     * Starts writing: registers for non-blocking writes (the container calls {@link #onWritePossible()} when it
     * may write). A container without non-blocking output (MockMvc's response) is always ready, so the first
     * drain runs here.
     */
    void open() {
        try {
            out.setWriteListener(this);
        } catch (UnsupportedOperationException mock) {
            drain();
        }
    }

    /** There is something new to write: drains on a container thread unless a drain is already going. */
    void signal() {
        if (closed.get() || wip.getAndIncrement() != 0) {
            return;
        }
        try {
            async.start(this::drain);
        } catch (RuntimeException e) {
            // The request has already completed or failed: nothing more can be written.
            ended();
        }
    }

    /** Marks a heartbeat as due: written when the stream has nothing else to send. */
    void heartbeat() {
        heartbeatDue = true;
        signal();
    }

    /** Ends the stream with a {@code shutdown} event, after the event in hand. */
    void shutdown() {
        shutdown = true;
        signal();
    }

    /** Ends the stream now, without another event; false if that was asked for already. */
    boolean close() {
        if (closing) {
            return false;
        }
        closing = true;
        signal();
        return true;
    }

    /** How long the stream has been unwritable with something to write, in nanoseconds; 0 if it is not. */
    long stalledNanos(long now) {
        long since = blockedSince;
        return since == 0 ? 0 : now - since;
    }

    @Override
    public void onWritePossible() {
        // The container calls this once when writing becomes possible, then each time it is again after
        // isReady() said false; its calls never overlap. The first owns the count of 1 set at construction.
        if (!started) {
            started = true;
            drain();
        } else if (wip.getAndIncrement() == 0) {
            drain();
        }
    }

    private void drain() {
        int missed = 1;
        while (true) {
            try {
                pump();
            } catch (IOException e) {
                // The client has gone.
                end();
                return;
            } catch (RuntimeException e) {
                if (!closed.get()) {
                    log.warn("Event stream of job {} failed", jobId, e);
                }
                end();
                return;
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void pump() throws IOException {
        while (!closed.get()) {
            if (closing) {
                end();
                return;
            }
            if (pending == null) {
                pending = nextEvent();
                offset = 0;
                if (pending == null) {
                    if (unflushed) {
                        if (!ready()) {
                            return;
                        }
                        out.flush();
                        unflushed = false;
                        continue;
                    }
                    if (ending) {
                        end();
                    }
                    return;
                }
            }
            if (!ready()) {
                return;
            }
            int length = Math.min(CHUNK, pending.length - offset);
            out.write(pending, offset, length);
            unflushed = true;
            offset += length;
            if (offset == pending.length) {
                pending = null;
            }
        }
    }

    private boolean ready() {
        boolean ready = out.isReady();
        if (ready) {
            blockedSince = 0;
        } else if (blockedSince == 0) {
            blockedSince = Math.max(1, System.nanoTime());
        }
        return ready;
    }

    /** The next event to write, or null when there is nothing to write now. */
    private byte[] nextEvent() {
        if (ending) {
            return null;
        }
        if (shutdown) {
            ending = true;
            return events.event(null, "shutdown", Events.SHUTDOWN);
        }
        long resultId = finishedResultEventId;
        if (stream != null) {
            // Finished first: once it reads true, the last records are there to read.
            boolean finished = stream.finished();
            JobStream.Progress record = stream.record(next);
            if (record != null) {
                next++;
                sent[record.run()] = record.status().iteration();
                return events.event(record.id(), "progress", stream.event(record));
            }
            for (int k = 0; k < sent.length; k++) {
                int run = (turn + k) % sent.length;
                JobStream.Status status = stream.latest(run);
                if (status != null && status.iteration() != sent[run]) {
                    // A status without points: nothing to replay, so no id (Last-Event-ID stays that of the
                    // last event with points).
                    sent[run] = status.iteration();
                    turn = run + 1;
                    return events.event(null, "progress", stream.event(run, status));
                }
            }
            if (!finished) {
                if (heartbeatDue) {
                    heartbeatDue = false;
                    return Events.KEEP_ALIVE;
                }
                return null;
            }
            resultId = stream.resultEventId();
        }
        ending = true;
        return resultId > lastEventId ? resultEvent.get() : null;
    }

    /** Forgets the stream and completes the request (again, after an error: the container expects it). */
    private void end() {
        if (closed.compareAndSet(false, true)) {
            forget();
        }
        try {
            async.complete();
        } catch (IllegalStateException alreadyOver) {
            // Completed meanwhile.
        }
    }

    /** The request has ended on the container's side. */
    private void ended() {
        if (closed.compareAndSet(false, true)) {
            forget();
        }
    }

    private void forget() {
        if (stream != null) {
            stream.remove(this);
        }
        onClose.accept(this);
    }

    @Override
    public void onError(Throwable t) {
        end();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        ended();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        end();
    }

    @Override
    public void onError(AsyncEvent event) {
        end();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}
