package dev.descent.job.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where jobs live: their requests, states, leases, progress, checkpoints, trajectories and results, shared by every
 * replica that uses the same database. Every time it keeps or compares (creation, leases, retention) is the
 * database's clock, never a replica's.
 *
 * <p>A replica runs a job only while it holds the job's lease: {@link #claim} gives it one (a token per claim),
 * {@link #renew} extends it, and every write of a running job ({@link #recordProgress}, {@link #saveCheckpoint},
 * {@link #saveRunResult}, {@link #finish}, {@link #release}) is refused (answers false) once the lease went to someone else. A job whose lease
 * ended without renewal (its replica died or hung) is claimed again by the next {@link #claim}, from any replica: the
 * rescue.
 */
public interface JobStore {

    /**
     * Inserts a QUEUED job; or, when a job with the same idempotency key exists (inserted before, or at the same
     * moment by another thread or replica), inserts nothing and answers that job.
     */
    Insertion insert(NewJob job);

    /** The job, whatever its state. */
    Optional<StoredJob> find(String id);

    /** The job inserted with this idempotency key, whatever its state. */
    Optional<StoredJob> findByIdempotencyKey(String key);

    /** The request the job was inserted with. */
    Optional<String> request(String id);

    /** The result the job finished with (as its runner encoded it), if it has one. */
    Optional<byte[]> result(String id);

    /**
     * How large the job's request and result are, without reading them: what reading them back will hold. Empty for
     * an unknown job.
     */
    Optional<Sizes> sizes(String id);

    /**
     * @param requestChars the request's length in characters
     * @param resultBytes  the result's length in bytes (0 for none)
     */
    record Sizes(long requestChars, long resultBytes) {
    }

    /**
     * The answer made of the finished job's result ({@link #saveAnswer}), if it has been made: the API's JSON of it,
     * to be written as it is.
     */
    Optional<byte[]> answer(String id);

    /**
     * Keeps the answer made of a finished (SUCCEEDED or CANCELLED) job's result, once: false if the job has not
     * finished so, is gone, or has its answer already.
     */
    boolean saveAnswer(String id, byte[] answer);

    /** Jobs newest first, skipping {@code offset}, at most {@code limit}; only those in {@code state} unless null. */
    List<StoredJob> list(JobState state, int offset, int limit);

    /** How many jobs are in each state (every state present, 0 for none). */
    Map<JobState, Long> countByState();

    /**
     * Claims the next runnable job for {@code worker}: a QUEUED one, or a RUNNING one whose lease has ended (its
     * runner is gone). Fairly across clients (the submitters' addresses, {@link NewJob#client}): the oldest job of the
     * client with the fewest jobs running now, of those the client whose latest job started longest ago (one with none
     * started first), of those the oldest job. So one client's jobs waiting do not hold back another client's: they
     * take turns. The job becomes RUNNING with a new lease ending {@code lease} from now; its starts count grows by
     * one. Concurrent claims, from threads or replicas, never claim the same job (SELECT ... FOR UPDATE SKIP
     * LOCKED). Empty when there is nothing to run, or when every runnable job is being claimed at this moment (a
     * claim loop polls again).
     */
    Optional<Claim> claim(String worker, Duration lease);

    /**
     * Extends the lease to {@code duration} from now, if it is still the job's. Answers whether it is, and whether a
     * cancel was asked for meanwhile.
     */
    Renewal renew(Lease lease, Duration duration);

    /**
     * Gives a job back (at shutdown, after its checkpoints): QUEUED again, lease cleared, so that any replica claims
     * it at once. {@code runMillis}: its running time so far, summed over its starts. False if the lease was lost.
     */
    boolean release(Lease lease, long runMillis);

    /** Writes the job's latest progress (JSON) and running time so far; false if the lease was lost. */
    boolean recordProgress(Lease lease, String progress, long runMillis);

    /**
     * Asks a job to stop. A QUEUED job is CANCELLED at once; a RUNNING one is flagged, and its runner learns it from
     * {@link #renew} (or {@link #find}) and finishes it.
     */
    CancelOutcome requestCancel(String id);

    /**
     * Ends a running job in {@code state} (SUCCEEDED, FAILED or CANCELLED) with its result and error (either may be
     * null), clearing its lease, and deletes what was kept to resume it (checkpoints, trajectory chunks, run results):
     * the result holds it all. False if the lease was lost: someone else runs it now.
     */
    boolean finish(Lease lease, JobState state, byte[] result, String error, long runMillis);

    /**
     * Saves the latest checkpoint of one run of a job, replacing the run's previous one, together with the trajectory
     * rows recorded since (if any): both or neither. {@code trajectoryRows}: how many trajectory rows of the run the
     * checkpoint covers (the rows it resumes with). A chunk that starts at an earlier row than the chunks saved before
     * replaces those from its first row on. False if the lease was lost.
     */
    boolean saveCheckpoint(Lease lease, int run, int formatVersion, byte[] data, long trajectoryRows,
                           TrajectoryChunk newRows);

    /**
     * Saves the result of a run that ended (as its runner encoded it), so that the job, resumed after a restart, takes
     * it rather than running the run again (the run's checkpoint and trajectory stay as they were). A second result
     * of the same run replaces the first. False if the lease was lost.
     */
    boolean saveRunResult(Lease lease, int run, byte[] result);

    /** The results of the job's runs that ended ({@link #saveRunResult}), by run. */
    Map<Integer, byte[]> runResults(String id);

    /** The latest checkpoint of each run of the job that has one, by run. */
    List<StoredCheckpoint> checkpoints(String id);

    /** The trajectory chunks of a run that its latest checkpoint covers, in order. */
    List<TrajectoryChunk> trajectory(String id, int run);

    /**
     * The bytes the jobs' results, answers, checkpoints and trajectories take in the store (their encoded sizes).
     */
    long storedBytes();

    /** Deletes the jobs that finished more than {@code retention} ago, with everything they kept; answers how many. */
    int deleteFinishedBefore(Duration retention);

    /** How many jobs {@code client} submitted that are waiting to run. */
    long countQueued(String client);

    /** Deletes one finished job with everything it kept; false if there is none or it has not finished. */
    boolean purge(String id);

    /**
     * A job to insert: its id, kind, request (JSON), the client's idempotency key (or null), its progress before it
     * runs (JSON, or null), the id of the request that submitted it (for its log lines; or null) and the address of
     * the client that submitted it (or null).
     */
    record NewJob(String id, JobKind kind, String request, String idempotencyKey, String progress, String requestId,
                  String client) {

        /** A job without a first progress, a request id and a client. */
        public NewJob(String id, JobKind kind, String request, String idempotencyKey) {
            this(id, kind, request, idempotencyKey, null, null, null);
        }

        public NewJob {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(request, "request");
        }
    }

    /** The job an insert answers, and whether the insert made it (false: the idempotency key's earlier job). */
    record Insertion(StoredJob job, boolean created) {
    }

    /** The right to run one job, from a claim: every write of the running job names it. */
    record Lease(String jobId, String token) {
    }

    /** A claimed job: its state after the claim, its request, and the lease to run it under. */
    record Claim(StoredJob job, String request, Lease lease) {
    }

    /** What a renewal found. */
    enum Renewal {
        /** The lease is still the caller's and extended. */
        HELD,
        /** The lease is still the caller's and extended, and a cancel was asked for: finish the job CANCELLED. */
        CANCEL_REQUESTED,
        /** The lease is someone else's (or the job is no longer running): stop without writing. */
        LOST
    }

    /** What a cancel request found. */
    enum CancelOutcome {
        /** The job was QUEUED and is CANCELLED now. */
        CANCELLED,
        /** The job is RUNNING and flagged: its runner finishes it. */
        REQUESTED,
        /** The job had already finished: nothing changed. */
        FINISHED,
        /** There is no such job. */
        NOT_FOUND
    }

    /** A run's latest checkpoint: its codec's format version and bytes, and the trajectory rows it covers. */
    record StoredCheckpoint(int run, int formatVersion, byte[] data, long trajectoryRows, Instant writtenAt) {
    }

    /** Trajectory rows [firstRow, firstRow + rowCount) of a run, encoded by their writer. */
    record TrajectoryChunk(long firstRow, int rowCount, byte[] data) {
        public TrajectoryChunk {
            if (firstRow < 0 || rowCount < 0) {
                throw new IllegalArgumentException("A trajectory chunk from row " + firstRow + " of " + rowCount
                        + " rows");
            }
            Objects.requireNonNull(data, "data");
        }
    }
}
