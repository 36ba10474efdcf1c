package dev.descent.optimization;

import dev.descent.engine.run.Descent;
import dev.descent.engine.run.Problem;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.RunListener;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
        return runAll(List.of(problem)).get(0);
    }

    /**
     * Runs every problem, in parallel but on at most as many pool threads as the pool has (so one batch takes no
     * more queue places than that, however many problems it holds), and waits for all of them. Results are in the
     * order of {@code problems}. If the pool refuses a part of the batch, the part already started is cancelled
     * and the request is answered 503.
     */
    public List<Result> runAll(List<Problem> problems) {
        Result[] results = new Result[problems.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean cancelled = new AtomicBoolean();
        // A lone problem needs no cancelling; RunListener.NONE spares the run a snapshot per iterate.
        RunListener listener = problems.size() == 1 ? RunListener.NONE : new RunListener() {
            @Override
            public boolean cancelled() {
                return cancelled.get();
            }
        };
        // Each worker takes the next problem until none is left: a batch of any size holds few pool places.
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < results.length && !cancelled.get(); i = next.getAndIncrement()) {
                results[i] = Descent.run(problems.get(i), listener);
            }
        };
        int workers = Math.min(pool.getMaximumPoolSize(), problems.size());
        List<Future<?>> futures = new ArrayList<>(workers);
        try {
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(worker));
            }
        } catch (RejectedExecutionException e) {
            cancelled.set(true);
            throw new ProblemException(ProblemType.BUSY, "All descent threads are busy and the queue is full; "
                    + "try again shortly").header("Retry-After", "1");
        }
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            cancelled.set(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a descent", e);
        } catch (ExecutionException e) {
            cancelled.set(true);
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
        return Arrays.asList(results);
    }

    /**
     * Runs other CPU-bound work of a request (drawing a picture, say) on the same bounded pool and waits for it;
     * 503 when the pool is full, as for descents.
     */
    public <T> T call(Supplier<T> work) {
        Future<T> future;
        try {
            future = pool.submit(work::get);
        } catch (RejectedExecutionException e) {
            throw new ProblemException(ProblemType.BUSY, "All descent threads are busy and the queue is full; "
                    + "try again shortly").header("Retry-After", "1");
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for work", e);
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
