package dev.descent.job;

import dev.descent.system.LogContext;
import dev.descent.system.ProblemException;
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
import java.util.concurrent.locks.ReentrantLock;
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
 * for every signal that came meanwhile. A drain holds the stream's own lock, which the container's callbacks that
 * end the request wait for; signals never wait for it.
 */
final class Subscriber implements WriteListener, AsyncListener {

    private static final Logger log = LoggerFactory.getLogger(Subscriber.class);
    /** The most bytes written at once, so that the container never buffers much for a slow client. */
    static final int CHUNK = 8192;

    final UUID jobId;
    /** The logging context of the request that opened the stream (its id), for the lines logged about it. */
    final LogContext context = LogContext.capture();
    private final AsyncContext async;
    private final ServletOutputStream out;
    /** The job's published progress; null when the job had finished before this subscriber came. */
    private final JobStream stream;
    private final long lastEventId;
    private final long finishedResultEventId;
    private final Supplier<byte[]> resultEvent;
    private final Events events;
    private final Consumer<Subscriber> onClose;
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Held while writing (never while waiting for a client: writes do not block), and by the container's callbacks
     * that end the request: the container recycles a request's objects for the next connection once it has ended,
     * and a write still under way then would land on that connection.
     */
    private final ReentrantLock io = new ReentrantLock();

    // The cursor: read and written only by the thread that drains.
    private int next;
    private final int[] sent;
    private int turn;
    private byte[] pending;
    private int offset;
    private boolean unflushed;
    private boolean ending;

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
     * Starts writing: registers for non-blocking writes, then drains once; from then on the container calls
     * {@link #onWritePossible()} whenever writing is possible again after {@code isReady()} said it was not. The
     * first drain is started here rather than by the container, so that a response without non-blocking output
     * (MockMvc's, which is always ready) is written the same way.
     */
    void open() {
        try {
            out.setWriteListener(this);
        } catch (UnsupportedOperationException mock) {
            // Always ready: every write goes through at once.
        }
        signal();
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
        if (wip.getAndIncrement() == 0) {
            drain();
        }
    }

    private void drain() {
        int missed = 1;
        while (true) {
            io.lock();
            try {
                pump();
            } catch (IOException e) {
                // The client has gone. The container has seen the failed write too and calls onError, which
                // completes the request on its own thread.
                ended();
            } catch (ProblemException refused) {
                // The result event could not be made now (its read refused, busy): the client reconnects for it.
                if (!closed.get()) {
                    context.run(() -> log.info("Event stream of job {} ended without its result: {}", jobId,
                            refused.getMessage()));
                }
                end();
            } catch (RuntimeException e) {
                if (!closed.get()) {
                    context.run(() -> log.warn("Event stream of job {} failed", jobId, e));
                }
                end();
            } finally {
                io.unlock();
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

    /** Ends the stream from this side: forgets it and completes the request, once. Called with the lock held. */
    private void end() {
        if (closed.compareAndSet(false, true)) {
            forget();
            try {
                async.complete();
            } catch (IllegalStateException alreadyOver) {
                // Completed meanwhile.
            }
        }
    }

    /** The request has ended, or is ending, on the container's side: forget the stream, touch nothing more. */
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

    /**
     * The container ends the request: waits for a write under way (so that the container does not recycle the
     * request's objects for the next connection under it), then marks the stream closed, and completes the request
     * where the container expects the application to (after an error or a timeout).
     */
    private void endedByContainer(boolean complete) {
        io.lock();
        try {
            ended();
            if (complete) {
                try {
                    async.complete();
                } catch (IllegalStateException alreadyOver) {
                    // Completed meanwhile.
                }
            }
        } finally {
            io.unlock();
        }
    }

    @Override
    public void onError(Throwable t) {
        endedByContainer(true);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        endedByContainer(false);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        endedByContainer(true);
    }

    @Override
    public void onError(AsyncEvent event) {
        endedByContainer(true);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}
