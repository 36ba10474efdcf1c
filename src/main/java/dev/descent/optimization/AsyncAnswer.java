package dev.descent.optimization;

import dev.descent.system.ClientProbe;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Answers a request asynchronously from the work {@link RunExecutor} admitted for it: the request thread is free
 * while the work waits and runs; while it does, the client's connection is probed every
 * {@link RunExecutor#WATCH_INTERVAL} ({@link ClientProbe}) and the work is cancelled, queued or running, once the
 * client has gone; the heap the work held is given back once the answer has been written.
 */
public final class AsyncAnswer {

    /**
     * How long an answer may take before it is given up: far longer than any work within the synchronous budget
     * takes (seconds), so this only ends the pathological.
     */
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private AsyncAnswer() {
    }

    /** The answer {@code answer} makes of {@code work}'s result, or the problem the work ended with. */
    public static <T, R> DeferredResult<R> of(RunExecutor executor, CompletableFuture<T> work,
                                              Function<? super T, ? extends R> answer) {
        DeferredResult<R> deferred = new DeferredResult<>(TIMEOUT.toMillis());
        deferred.onTimeout(() -> {
            work.cancel(true);
            deferred.setErrorResult(new ProblemException(ProblemType.BUSY, "The answer took longer than "
                    + TIMEOUT.toMinutes() + " minutes and was given up; try again later")
                    .header("Retry-After", "60"));
        });
        // An error of the async request is the connection's: the client has gone, and the container saw it before
        // the probe did (a race the probe lost now and then: the work was cancelled but not counted as a client gone).
        deferred.onError(failure -> executor.clientGone(work));
        deferred.onCompletion(() -> {
            work.cancel(true);
            executor.released(work);
        });
        // The probe and the hand-over of the answer exclude each other: once the answer is handed over, the
        // container writes it, and the connection is not probed any more.
        Object handOver = new Object();
        ClientProbe probe = probe();
        if (probe != null) {
            executor.watch(() -> {
                synchronized (handOver) {
                    if (work.isDone()) {
                        return false;
                    }
                    if (probe.gone()) {
                        executor.clientGone(work);
                        return false;
                    }
                    return true;
                }
            });
        }
        work.whenComplete((result, failure) -> {
            synchronized (handOver) {
                if (failure == null) {
                    try {
                        deferred.setResult(answer.apply(result));
                    } catch (RuntimeException e) {
                        deferred.setErrorResult(e);
                    }
                } else if (!(failure instanceof CancellationException)) {
                    deferred.setErrorResult(failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure);
                }
            }
        });
        return deferred;
    }

    private static ClientProbe probe() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes instanceof ServletRequestAttributes servlet ? ClientProbe.of(servlet.getRequest()) : null;
    }
}
