package dev.descent.job;

import dev.descent.optimization.ObjectiveSpec;
import dev.descent.optimization.RegressionSpec;
import dev.descent.optimization.RunPlan;
import dev.descent.system.ClientAddress;
import dev.descent.system.HeapBudget;
import org.springframework.stereotype.Component;

/**
 * The heap that reads of finished jobs hold at once. A trajectory page, a picture, an export, an answer too large to
 * have been stored, or a stream of a job running on another replica reads the job's request and result back and
 * resolves the request again, a regression's data set included (a synthetic one is generated again: 168 MB for
 * 1,000,000 rows of 20 features). Each read reserves what it will hold before it reads each part: the stored
 * result ({@link #resultBytes}), the stored request ({@link #requestBytes}) and, once the request is parsed, the
 * synthetic data set it makes ({@link #dataBytes}). A read that would pass {@code descent.jobs.max-read-bytes}
 * while other reads hold part of it is refused at once with 503 {@code busy} and a Retry-After ({@link HeapBudget}),
 * not queued: so no number of clients reading large jobs at the same moment exhausts the heap, and no reader waits
 * on another; one client's reads beside each other hold at most half of it. A read alone is always admitted: what
 * one job may keep was bounded when it was submitted ({@code descent.jobs.max-retained-bytes}).
 */
@Component
public class JobReads {

    /** The 503 response of the endpoints that read a finished job back, as the OpenAPI document describes it. */
    public static final String BUSY_RESPONSE = "Other reads of finished jobs hold the most memory this service gives "
            + "them, or this client's other reads half of it (type busy); retry after the Retry-After time.";

    /** What a request's characters hold once read and parsed: the string, and inline data as doubles. */
    static final long REQUEST_FACTOR = 6;
    /** What a result's bytes hold once read and decoded: the bytes, their numbers, the results and trajectories. */
    static final long RESULT_FACTOR = 4;

    private final HeapBudget heap;

    JobReads(JobProperties properties) {
        this.heap = new HeapBudget("reads of finished jobs in progress", "descent.jobs.max-read-bytes",
                properties.effectiveMaxReadBytes(), true);
    }

    /** The most bytes the reads in progress may hold together. */
    public long maxBytes() {
        return heap.maxBytes();
    }

    /** The bytes the reads in progress hold. */
    public long heldBytes() {
        return heap.heldBytes();
    }

    /**
     * Reserves {@code bytes} for a read by the current request's client: the 503 problem {@code busy} if other reads
     * hold so much that this one would pass the budget, or the client's own reads its share (half).
     */
    public HeapBudget.Reservation reserve(long bytes) {
        return heap.reserve(ClientAddress.current(), bytes);
    }

    /**
     * Reserves {@code bytes} for a read that is not refused, whatever the others hold: the answer of a DELETE, which
     * has already cancelled its job (and can be made once per job), and which the others' reads then count.
     */
    public HeapBudget.Reservation force(long bytes) {
        return heap.force(ClientAddress.current(), bytes);
    }

    /** What reading a stored request of {@code chars} characters back holds, before its plan makes anything. */
    static long requestBytes(long chars) {
        return REQUEST_FACTOR * chars;
    }

    /** What reading a stored result of {@code bytes} bytes back holds. */
    static long resultBytes(long bytes) {
        return RESULT_FACTOR * bytes;
    }

    /**
     * The bytes of the synthetic data set {@code objective} makes ({@link RunPlan#dataBytes}, and the row order of its
     * objective, 4 bytes a row): 0 for any other objective, whose data came with the request and are counted in its
     * size.
     */
    static long dataBytes(ObjectiveSpec objective) {
        RegressionSpec regression = objective == null ? null : objective.regression();
        RegressionSpec.SyntheticData synthetic = regression == null ? null : regression.synthetic();
        if (synthetic == null || synthetic.samples() == null || synthetic.coefficients() == null) {
            return 0;
        }
        return RunPlan.dataBytes(synthetic.samples(), synthetic.coefficients().size()) + 4L * synthetic.samples();
    }
}
