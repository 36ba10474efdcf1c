package dev.descent.job;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the background jobs ({@code descent.jobs.*}).
 *
 * @param maxRunning    how many jobs run at once; later ones wait in the queue
 * @param maxQueued     how many jobs may wait; past that, POST /api/v1/jobs answers 429 with {@code Retry-After}
 * @param retention     how long a finished job (and its result) is kept before it is evicted
 * @param sweepInterval how often finished jobs past their retention are evicted
 * @param runThreads    the threads the runs of jobs share (0: one per available processor); separate from the
 *                      synchronous endpoints' threads, so that neither starves the other
 * @param maxWork       the most work one job may take, in work units ({@code maxIterations × (dimension + 3)}
 *                      summed over its runs: the doubles its trajectories may hold, about 8 bytes each)
 * @param eventInterval how often progress is published to the event streams (new points are batched in between)
 * @param streamTimeout how long an event stream may stay open
 */
@ConfigurationProperties("descent.jobs")
public record JobProperties(
        @DefaultValue("2") int maxRunning,
        @DefaultValue("16") int maxQueued,
        @DefaultValue("1h") Duration retention,
        @DefaultValue("10s") Duration sweepInterval,
        @DefaultValue("0") int runThreads,
        @DefaultValue("50000000") long maxWork,
        @DefaultValue("50ms") Duration eventInterval,
        @DefaultValue("30m") Duration streamTimeout) {

    /** The number of run threads, resolving 0 to the number of processors. */
    int effectiveRunThreads() {
        return runThreads > 0 ? runThreads : Runtime.getRuntime().availableProcessors();
    }
}
