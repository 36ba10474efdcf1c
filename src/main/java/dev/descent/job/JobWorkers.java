package dev.descent.job;

import dev.descent.job.store.JobStore.Claim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * A replica's runners of stored jobs: {@code descent.jobs.max-running} {@link StoredJobRunner}s, each on a thread of
 * its own ({@code descent-job-N}) that claims a job, runs it, and claims the next. An idle runner looks in the store
 * every {@code descent.jobs.poll-interval} (for jobs submitted to other replicas, and for the jobs of a replica that
 * died, once their lease has run out), and a job submitted here is claimed at once on the submitting thread
 * ({@link #claimNow()}) and handed to an idle runner, so that it is RUNNING when its submission is answered.
 *
 * <p>A lifecycle: at shutdown, after the web server has stopped taking requests, every runner suspends its job (a
 * checkpoint, then the job released, QUEUED again for any replica), waiting up to the lease; started again (a paused
 * test context), the runners claim again.
 */
public class JobWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorkers.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String replica;
    private final List<Slot> slots = new ArrayList<>();
    private final Duration pollInterval;
    private final Duration lease;
    private volatile boolean running;

    /**
     * @param replica      this replica's name: runner {@code i} claims as {@code replica-i}
     * @param runners      the runners, one per job this replica runs at once
     * @param pollInterval how often an idle runner looks for a job
     * @param lease        how long a job's lease lasts: the longest a suspension is waited for
     */
    public JobWorkers(String replica, List<StoredJobRunner> runners, Duration pollInterval, Duration lease) {
        this.replica = replica;
        for (StoredJobRunner runner : runners) {
            slots.add(new Slot(runner));
        }
        this.pollInterval = pollInterval;
        this.lease = lease;
    }

    /** The name of runner {@code index} of replica {@code replica}: what its lease tokens start with. */
    public static String workerName(String replica, int index) {
        return replica + "-" + index;
    }

    /** The replica a lease token was given to (see {@link #workerName}). */
    public static String replicaOf(String token) {
        int slash = token.indexOf('/');
        String worker = slash < 0 ? token : token.substring(0, slash);
        int dash = worker.lastIndexOf('-');
        return dash < 0 ? worker : worker.substring(0, dash);
    }

    /** This replica's name. */
    public String replica() {
        return replica;
    }

    /** Tells {@code observer} of every job these runners run. */
    public void observe(StoredJobRunner.Observer observer) {
        slots.forEach(slot -> slot.runner.observe(observer));
    }

    /**
     * Claims a job for an idle runner now, on the calling thread, and hands it over: the job just submitted, unless
     * older ones wait. Answers whether a runner was idle and a job claimed.
     */
    public boolean claimNow() {
        if (!running) {
            return false;
        }
        for (Slot slot : slots) {
            if (slot.offer()) {
                return true;
            }
        }
        return false;
    }

    /** Stops job {@code id} at once if a runner of this replica runs it; answers whether one does. */
    public boolean cancel(String id) {
        for (Slot slot : slots) {
            if (slot.runner.cancel(id)) {
                return true;
            }
        }
        return false;
    }

    /** As a killed process: every runner stops where it is, writing nothing more. For tests. */
    void crash() {
        running = false;
        for (Slot slot : slots) {
            slot.runner.crash();
            slot.wake();
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (Slot slot : slots) {
            slot.runner.reopen();
            Thread thread = new Thread(slot, "descent-job-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            slot.thread = thread;
            thread.start();
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        slots.forEach(slot -> slot.runner.requestSuspend());
        slots.forEach(Slot::wake);
        for (Slot slot : slots) {
            try {
                if (!slot.runner.suspend(lease)) {
                    log.warn("A job did not suspend within {}: its lease runs out and another replica takes it",
                            lease);
                }
                Thread thread = slot.thread;
                if (thread != null) {
                    thread.join(lease.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server has stopped taking requests (lifecycles stop from the highest phase down). */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE - 1;
    }

    /** One runner and its thread. */
    private final class Slot implements Runnable {

        final StoredJobRunner runner;
        volatile Thread thread;
        // Guarded by this: waiting for a job, and the job handed over meanwhile.
        private boolean idle;
        private Claim handed;

        Slot(StoredJobRunner runner) {
            this.runner = runner;
        }

        @Override
        public void run() {
            while (running) {
                try {
                    Optional<Claim> own = runner.claim();
                    if (own.isPresent()) {
                        runner.run(own.get());
                        continue;
                    }
                    Claim claim;
                    synchronized (this) {
                        if (handed == null && running) {
                            idle = true;
                            wait(Math.max(1, pollInterval.toMillis()));
                            idle = false;
                        }
                        claim = handed;
                        handed = null;
                    }
                    if (claim != null) {
                        runner.run(claim);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    // The store unreachable, say: try again after a pause, never end the thread.
                    log.warn("A job runner could not claim or run a job", e);
                    pause();
                }
            }
        }

        /** If this runner is idle, claims a job for it and hands it over; answers whether it did. */
        synchronized boolean offer() {
            if (!idle || handed != null) {
                return false;
            }
            Optional<Claim> claim = runner.claim();
            if (claim.isEmpty()) {
                return false;
            }
            handed = claim.get();
            idle = false;
            notifyAll();
            return true;
        }

        synchronized void wake() {
            notifyAll();
        }

        private void pause() {
            try {
                Thread.sleep(Math.max(1, pollInterval.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
