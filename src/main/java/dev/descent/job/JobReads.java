package dev.descent.job;

import dev.descent.optimization.ObjectiveSpec;
import dev.descent.optimization.RegressionSpec;
import dev.descent.optimization.RunPlan;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import org.springframework.stereotype.Component;

/**
 * The heap that reads of finished jobs hold at once. A trajectory page, a picture, an export, an answer too large to
 * have been stored, or a stream of a job running on another replica reads the job's request and result back and
 * resolves the request again, a regression's data set included (a synthetic one is generated again: 168 MB for
 * 1,000,000 rows of 20 features). Each read reserves what it will hold before it reads each part: the stored
 * result ({@link #resultBytes}), the stored request ({@link #requestBytes}) and, once the request is parsed, the
 * synthetic data set it makes ({@link #dataBytes}). A read that would pass {@code descent.jobs.max-read-bytes} while other reads hold part of it
 * is refused at once with 503 {@code busy} and a Retry-After, not queued: so no number of clients reading large jobs
 * at the same moment exhausts the heap, and no reader waits on another. A read alone is always admitted: what one
 * job may keep was bounded when it was submitted ({@code descent.jobs.max-retained-bytes}).
 */
@Component
public class JobReads {

    /** The 503 response of the endpoints that read a finished job back, as the OpenAPI document describes it. */
    public static final String BUSY_RESPONSE = "Other reads of finished jobs hold the most memory this service gives "
            + "them (type busy); retry after the Retry-After time.";

    /** What a request's characters hold once read and parsed: the string, and inline data as doubles. */
    static final long REQUEST_FACTOR = 6;
    /** What a result's bytes hold once read and decoded: the bytes, their numbers, the results and trajectories. */
    static final long RESULT_FACTOR = 4;
    /** The Retry-After of a refused read: reads take milliseconds to seconds. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final long maxBytes;
    private long held;

    JobReads(JobProperties properties) {
        this.maxBytes = properties.effectiveMaxReadBytes();
    }

    /** The most bytes the reads in progress may hold together. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The bytes the reads in progress hold. */
    public synchronized long heldBytes() {
        return held;
    }

    /**
     * Reserves {@code bytes} for a read: the 503 problem {@code busy} if other reads hold so much that this one would
     * pass the budget.
     */
    public Reservation reserve(long bytes) {
        Reservation reservation = new Reservation(false);
        reservation.extend(bytes);
        return reservation;
    }

    /**
     * Reserves {@code bytes} for a read that is not refused, whatever the others hold: the answer of a DELETE, which
     * has already cancelled its job (and can be made once per job), and which the others' reads then count.
     */
    public Reservation force(long bytes) {
        Reservation reservation = new Reservation(true);
        reservation.extend(bytes);
        return reservation;
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

    private synchronized void take(Reservation reservation, long bytes) {
        if (bytes <= 0) {
            return;
        }
        long others = held - reservation.bytes;
        if (!reservation.forced && others > 0 && held + bytes > maxBytes) {
            throw new ProblemException(ProblemType.BUSY, "The reads of finished jobs in progress hold the most "
                    + "memory this service gives them (descent.jobs.max-read-bytes); try again shortly")
                    .header("Retry-After", RETRY_AFTER_SECONDS);
        }
        held += bytes;
        reservation.bytes += bytes;
    }

    private synchronized void release(Reservation reservation) {
        held -= reservation.bytes;
        reservation.bytes = 0;
    }

    /** The bytes one read holds, given back when it is closed. */
    public final class Reservation implements AutoCloseable {

        private final boolean forced;
        private long bytes;

        private Reservation(boolean forced) {
            this.forced = forced;
        }

        /**
         * Adds {@code more} bytes to this read's: the 503 problem {@code busy} (this read's bytes still held; close
         * it) when other reads hold so much that it would pass the budget.
         */
        public void extend(long more) {
            take(this, more);
        }

        /** The bytes reserved. */
        public long bytes() {
            synchronized (JobReads.this) {
                return bytes;
            }
        }

        @Override
        public void close() {
            release(this);
        }
    }
}
