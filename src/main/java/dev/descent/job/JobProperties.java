package dev.descent.job;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the background jobs ({@code descent.jobs.*}).
 *
 * @param maxRunning         how many jobs one replica runs at once, each on a thread of its own that runs the job's
 *                           runs in turn; later ones wait in the queue (for whichever replica is free first)
 * @param maxQueued          how many jobs may wait; past that, POST /api/v1/jobs answers 429 with {@code Retry-After}
 * @param retention          how long the job store keeps a finished job (and its result) before it is deleted
 * @param sweepInterval      how often finished jobs past their retention are deleted
 * @param maxWork            the most work one job may take, in work units ({@code maxIterations × (dimension + 3)}
 *                           summed over its runs); 0 (the default): no such cap, the time budget bounds a job
 * @param maxIterations      the largest {@code maxIterations} (or epochs × batches) a job's run may ask for
 * @param maxDimension       the most variables a job's objective may have (a catalog function up to this too)
 * @param maxExpressionLength the longest expression a job may give, in characters
 * @param maxDataCells       the most values (rows × features) of a job's regression data set; its runs hold it as
 *                           doubles, and each run while it goes a buffer as large (its epoch's rows, gathered)
 * @param maxRetainedBytes   the most heap one job's result may keep (its runs' compact results, as
 *                           {@code Result#bytes()} counts them, its data set and a small part): a job whose result
 *                           could keep more is refused at submission (it is held while the job runs, and when it is
 *                           read back). 0 (the default): a quarter of the maximum heap
 * @param maxReadBytes       the most heap the reads of finished jobs in progress hold together (a trajectory page, a
 *                           picture, an export, an answer made at each read, a stream of a job running elsewhere: each
 *                           reads the job's request and result and resolves the request again, a synthetic data set
 *                           generated again); a read that would pass it while others hold part of it is refused 503
 *                           {@code busy} with Retry-After. 0 (the default): a quarter of the maximum heap
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
 * @param lease              how long a replica holds a job it runs without renewing its lease (it renews every second,
 *                           or every third of a shorter lease); a job whose lease ran out (its replica died) is
 *                           taken by another replica from its last checkpoint
 * @param checkpointInterval how often a running job saves a checkpoint to the store (and at shutdown)
 * @param pollInterval       how often an idle runner looks in the store for a job to run (one submitted to another
 *                           replica, or one whose replica died); a job submitted here starts at once
 * @param dataDir            the directory of the embedded job store's database files (H2, when
 *                           {@code spring.datasource.url} is left as it is); a relative one starts with {@code ./}
 */
@ConfigurationProperties("descent.jobs")
public record JobProperties(
        @DefaultValue("2") int maxRunning,
        @DefaultValue("16") int maxQueued,
        @DefaultValue("1h") Duration retention,
        @DefaultValue("10s") Duration sweepInterval,
        @DefaultValue("0") long maxWork,
        @DefaultValue("1000000000") int maxIterations,
        @DefaultValue("10000") int maxDimension,
        @DefaultValue("1000000") int maxExpressionLength,
        @DefaultValue("50000000") int maxDataCells,
        @DefaultValue("0") DataSize maxRetainedBytes,
        @DefaultValue("0") DataSize maxReadBytes,
        @DefaultValue("50ms") Duration eventInterval,
        @DefaultValue("30m") Duration streamTimeout,
        @DefaultValue("30s") Duration streamStallTimeout,
        @DefaultValue("15s") Duration streamHeartbeat,
        @DefaultValue("1h") Duration maxDuration,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("5s") Duration checkpointInterval,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("./data") String dataDir) {

    /** The cap on retained results in bytes, resolving 0 (or no value) to a quarter of the maximum heap. */
    long effectiveMaxRetainedBytes() {
        return orQuarterHeap(maxRetainedBytes);
    }

    /** The cap on the reads of finished jobs in bytes, resolving 0 (or no value) to a quarter of the maximum heap. */
    long effectiveMaxReadBytes() {
        return orQuarterHeap(maxReadBytes);
    }

    private static long orQuarterHeap(DataSize size) {
        long bytes = size == null ? 0 : size.toBytes();
        return bytes > 0 ? bytes : Runtime.getRuntime().maxMemory() / 4;
    }
}
