package dev.descent.optimization;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits and defaults of the synchronous optimization API ({@code descent.optimization.*}).
 *
 * @param maxIterations        the largest {@code maxIterations} a request may ask for
 * @param maxExpressionLength  the longest expression accepted, in characters
 * @param maxDimension         the most variables an objective may have
 * @param maxTrajectoryPoints  the largest {@code trajectory.maxPoints} a request may ask for
 * @param runThreads           how many descents run at once (0: one per available processor)
 * @param maxQueueWait         the longest a request may wait for a thread: one whose estimated wait is longer is
 *                             refused at once with 503 busy, and one still waiting after it is answered 503 then
 * @param maxHeldBytes         the most heap the admitted synchronous requests may hold together (their data sets,
 *                             their records while they run, their answers until written); more waits its turn as
 *                             503 busy, and a request that alone needs more is 422. 0: a quarter of the max heap
 * @param maxDataCells         the most values (rows × features) a regression's data set may have
 * @param maxSyncWork          the most work a synchronous request may ask for, in work units (see
 *                             {@link RunPlan#work()}, summed over the runs of a comparison); more is refused with
 *                             a problem pointing to {@code /api/v1/jobs}
 * @param maxAnswerNumbers     the most numbers one answer may hold (see {@link RunPlan#answerNumbers()}, summed
 *                             over the runs of a comparison): about 8 bytes each in memory, 20 as JSON
 * @param maxCsvBytes          the largest {@code text/csv} body; larger is refused with 413 {@code too-large}
 */
@ConfigurationProperties("descent.optimization")
public record OptimizationProperties(
        @DefaultValue("1000000") int maxIterations,
        @DefaultValue("10000") int maxExpressionLength,
        @DefaultValue("100") int maxDimension,
        @DefaultValue("100000") int maxTrajectoryPoints,
        @DefaultValue("0") int runThreads,
        @DefaultValue("1s") Duration maxQueueWait,
        @DefaultValue("0B") DataSize maxHeldBytes,
        @DefaultValue("1000000") int maxDataCells,
        @DefaultValue("20000000") long maxSyncWork,
        @DefaultValue("1000000") long maxAnswerNumbers,
        @DefaultValue("10MB") DataSize maxCsvBytes) {

    /** The heap the admitted requests may hold together, resolving 0 to a quarter of the max heap. */
    public long effectiveMaxHeldBytes() {
        return maxHeldBytes.toBytes() > 0 ? maxHeldBytes.toBytes() : Runtime.getRuntime().maxMemory() / 4;
    }

    /** The number of runner threads, resolving 0 to the number of processors. */
    public int effectiveRunThreads() {
        return runThreads > 0 ? runThreads : Runtime.getRuntime().availableProcessors();
    }
}
