package dev.descent.job;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the background jobs ({@code descent.jobs.*}).
 *
 * @param maxRunning         how many jobs run at once; later ones wait in the queue
 * @param maxQueued          how many jobs may wait; past that, POST /api/v1/jobs answers 429 with {@code Retry-After}
 * @param retention          how long a finished job (and its result) is kept before it is evicted
 * @param sweepInterval      how often finished jobs past their retention are evicted
 * @param runThreads         the threads the runs of jobs use (0: one per available processor), apart from the
 *                           synchronous endpoints' threads; each running job has {@code max(1, runThreads /
 *                           maxRunning)} of them to itself, so that a running job always progresses
 * @param maxWork            the most work one job may take, in work units ({@code maxIterations × (dimension + 3)}
 *                           summed over its runs); 0 (the default): no such cap, the time budget bounds a job
 * @param maxIterations      the largest {@code maxIterations} (or epochs × batches) a job's run may ask for
 * @param maxDimension       the most variables a job's objective may have (a catalog function up to this too)
 * @param maxExpressionLength the longest expression a job may give, in characters
 * @param maxRetainedBytes   the most heap the results of all jobs may keep together (their compact results, as
 *                           {@code Result#bytes()} counts them, and a small part per job); a job that finishes past
 *                           it evicts the oldest finished jobs first, and a job whose own result could not fit is
 *                           refused at submission. 0 (the default): a quarter of the maximum heap
 * @param eventInterval      how often progress is published to the event streams (new points are batched in
 *                           between)
 * @param streamTimeout      how long an event stream may stay open
 * @param streamStallTimeout how long an event stream may stay unwritable (its client not reading) before it is
 *                           disconnected
 * @param streamHeartbeat    how often an idle event stream gets a comment line, so that a vanished client is
 *                           noticed
 * @param maxDuration        a job's time budget: how long it may run; when it runs out, its unfinished runs end
 *                           where they are with status TIME_LIMIT (their point, value and trajectory kept) and the
 *                           job SUCCEEDS
 * @param dataDir            the directory of the embedded job store's database files (H2, when
 *                           {@code spring.datasource.url} is left as it is); a relative one starts with {@code ./}
 */
@ConfigurationProperties("descent.jobs")
public record JobProperties(
        @DefaultValue("2") int maxRunning,
        @DefaultValue("16") int maxQueued,
        @DefaultValue("1h") Duration retention,
        @DefaultValue("10s") Duration sweepInterval,
        @DefaultValue("0") int runThreads,
        @DefaultValue("0") long maxWork,
        @DefaultValue("1000000000") int maxIterations,
        @DefaultValue("10000") int maxDimension,
        @DefaultValue("1000000") int maxExpressionLength,
        @DefaultValue("0") DataSize maxRetainedBytes,
        @DefaultValue("50ms") Duration eventInterval,
        @DefaultValue("30m") Duration streamTimeout,
        @DefaultValue("30s") Duration streamStallTimeout,
        @DefaultValue("15s") Duration streamHeartbeat,
        @DefaultValue("1h") Duration maxDuration,
        @DefaultValue("./data") String dataDir) {

    /** The number of run threads, resolving 0 to the number of processors. */
    int effectiveRunThreads() {
        return runThreads > 0 ? runThreads : Runtime.getRuntime().availableProcessors();
    }

    /** The run threads each running job has to itself: its share of {@link #effectiveRunThreads()}, at least 1. */
    int threadsPerJob() {
        return Math.max(1, effectiveRunThreads() / Math.max(1, maxRunning));
    }

    /** The cap on retained results in bytes, resolving 0 (or no value) to a quarter of the maximum heap. */
    long effectiveMaxRetainedBytes() {
        long bytes = maxRetainedBytes == null ? 0 : maxRetainedBytes.toBytes();
        return bytes > 0 ? bytes : Runtime.getRuntime().maxMemory() / 4;
    }
}
