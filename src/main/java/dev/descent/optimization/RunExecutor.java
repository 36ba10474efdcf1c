package dev.descent.optimization;

import dev.descent.engine.run.Descent;
import dev.descent.engine.run.Problem;
import dev.descent.engine.run.Result;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Runs descents on a bounded pool, one thread per processor by default: descents are CPU-bound, so running more
 * at once than there are cores only slows each of them down, and request threads must not each run one without
 * limit. A full queue answers 503 with {@code Retry-After} rather than piling up work.
 */
@Component
public class RunExecutor {

    private final ThreadPoolExecutor pool;

    RunExecutor(OptimizationProperties properties) {
        int threads = properties.effectiveRunThreads();
        AtomicInteger count = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, properties.queueCapacity())), runnable -> {
                    Thread thread = new Thread(runnable, "descent-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Runs {@code problem} and waits for its result. */
    public Result run(Problem problem) {
        Future<Result> future;
        try {
            future = pool.submit(() -> Descent.run(problem));
        } catch (RejectedExecutionException e) {
            throw new ProblemException(ProblemType.BUSY, "All descent threads are busy and the queue is full; "
                    + "try again shortly").header("Retry-After", "1");
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a descent", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
    }
}
