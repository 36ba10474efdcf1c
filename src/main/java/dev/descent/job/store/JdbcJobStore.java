package dev.descent.job.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link JobStore} on Spring's JDBC support, over the tables of {@code db/migration} ({@code V1__jobs.sql} and the later ones); the same SQL
 * runs on H2 (in its PostgreSQL mode) and on PostgreSQL. Claims lock the row they take with {@code FOR UPDATE SKIP
 * LOCKED}, so concurrent claimers pass each other instead of waiting or taking the same job; leases are compared and
 * extended with the database's {@code CURRENT_TIMESTAMP}, so that replicas whose clocks differ agree on them.
 *
 * <p>Made after the database is migrated ({@link DependsOnDatabaseInitialization}), and so is everything that uses it:
 * a bean that takes only a {@code DataSource} is not ordered after Flyway by itself, and the job service's timers,
 * started when it is made, swept a new database before it had its tables ({@code JobStartupTests}).
 */
@Component
@DependsOnDatabaseInitialization
public class JdbcJobStore implements JobStore {

    private static final String COLUMNS = "id, kind, state, idempotency_key, created_at, started_at, finished_at, "
            + "lease_owner, lease_expires_at, starts, cancel_requested, run_millis, progress, progress_at, error, request_id";

    /** The largest piece of trajectory rows written as one value; a larger chunk is split into pieces. */
    static final int MAX_CHUNK_BYTES = 256 * 1024;

    /** Rows of table alias {@code %s} of the same client as the claim's candidate {@code j} (no client: the same). */
    private static final String SAME_CLIENT = "(%1$s.client = j.client OR %1$s.client IS NULL AND j.client IS NULL)";

    /** {@code CURRENT_TIMESTAMP} plus the duration given as a parameter in seconds (a double). */
    private static final String NOW_PLUS = "CURRENT_TIMESTAMP + CAST(:seconds AS DOUBLE PRECISION) * INTERVAL '1' SECOND";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public JdbcJobStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public Insertion insert(NewJob job) {
        try {
            // On its own (autocommit): on PostgreSQL a failed statement would spoil the transaction around it.
            jdbc.sql("INSERT INTO jobs (id, kind, state, request, idempotency_key, progress, request_id, client) "
                            + "VALUES (:id, :kind, 'QUEUED', :request, :key, :progress, :requestId, :client)")
                    .param("id", job.id()).param("kind", job.kind().value()).param("request", job.request())
                    .param("key", job.idempotencyKey()).param("progress", job.progress())
                    .param("requestId", job.requestId()).param("client", job.client())
                    .update();
            return new Insertion(find(job.id()).orElseThrow(), true);
        } catch (DuplicateKeyException e) {
            // The unique key decides between racing inserts: the loser answers the winner's job.
            if (job.idempotencyKey() != null) {
                Optional<StoredJob> existing = jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE idempotency_key = :key")
                        .param("key", job.idempotencyKey()).query(JdbcJobStore::job).optional();
                if (existing.isPresent()) {
                    return new Insertion(existing.get(), false);
                }
            }
            throw e;
        }
    }

    @Override
    public Optional<StoredJob> findByIdempotencyKey(String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE idempotency_key = :key").param("key", key)
                .query(JdbcJobStore::job).optional();
    }

    @Override
    public Optional<StoredJob> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = :id").param("id", id)
                .query(JdbcJobStore::job).optional();
    }

    @Override
    public Optional<String> request(String id) {
        return jdbc.sql("SELECT request FROM jobs WHERE id = :id").param("id", id).query(String.class).optional();
    }

    @Override
    public Optional<byte[]> result(String id) {
        return jdbc.sql("SELECT result FROM jobs WHERE id = :id AND result IS NOT NULL").param("id", id)
                .query((rs, row) -> rs.getBytes(1)).optional();
    }

    @Override
    public Optional<Sizes> sizes(String id) {
        return jdbc.sql("SELECT CHAR_LENGTH(request), COALESCE(OCTET_LENGTH(result), 0) FROM jobs WHERE id = :id")
                .param("id", id).query((rs, row) -> new Sizes(rs.getLong(1), rs.getLong(2))).optional();
    }

    @Override
    public Optional<byte[]> answer(String id) {
        return jdbc.sql("SELECT answer FROM jobs WHERE id = :id AND answer IS NOT NULL").param("id", id)
                .query((rs, row) -> rs.getBytes(1)).optional();
    }

    @Override
    public boolean saveAnswer(String id, byte[] answer) {
        return jdbc.sql("UPDATE jobs SET answer = :answer WHERE id = :id AND state IN ('SUCCEEDED', 'CANCELLED') "
                + "AND answer IS NULL").param("answer", answer).param("id", id).update() == 1;
    }

    @Override
    public List<StoredJob> list(JobState state, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("A page from " + offset + " of " + limit + " jobs");
        }
        String where = state == null ? "" : " WHERE state = :state";
        JdbcClient.StatementSpec statement = jdbc.sql("SELECT " + COLUMNS + " FROM jobs" + where
                        + " ORDER BY seq DESC OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY")
                .param("offset", offset).param("limit", limit);
        if (state != null) {
            statement = statement.param("state", state.name());
        }
        return statement.query(JdbcJobStore::job).list();
    }

    @Override
    public long countQueued(String client) {
        return jdbc.sql("SELECT COUNT(*) FROM jobs WHERE client = :client AND state = 'QUEUED'")
                .param("client", client).query(Long.class).single();
    }

    @Override
    public Map<JobState, Long> countByState() {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            counts.put(state, 0L);
        }
        jdbc.sql("SELECT state, COUNT(*) FROM jobs GROUP BY state")
                .query(rs -> {
                    counts.put(JobState.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return counts;
    }

    @Override
    public Optional<Claim> claim(String worker, Duration lease) {
        String token = worker + "/" + UUID.randomUUID();
        return transactions.execute(status -> {
            Optional<String> id = jdbc.sql("SELECT j.id FROM jobs j WHERE j.state = 'QUEUED' "
                            + "OR (j.state = 'RUNNING' AND j.lease_expires_at < CURRENT_TIMESTAMP) "
                            + "ORDER BY (SELECT COUNT(*) FROM jobs r WHERE " + SAME_CLIENT.formatted("r")
                            + " AND r.state = 'RUNNING' AND r.lease_expires_at >= CURRENT_TIMESTAMP), "
                            + "(SELECT MAX(s.started_at) FROM jobs s WHERE " + SAME_CLIENT.formatted("s")
                            + ") NULLS FIRST, j.seq FETCH FIRST 1 ROWS ONLY FOR UPDATE SKIP LOCKED")
                    .query(String.class).optional();
            if (id.isEmpty()) {
                return Optional.empty();
            }
            jdbc.sql("UPDATE jobs SET state = 'RUNNING', lease_owner = :token, lease_expires_at = " + NOW_PLUS
                            + ", starts = starts + 1, started_at = COALESCE(started_at, CURRENT_TIMESTAMP) "
                            + "WHERE id = :id")
                    .param("token", token).param("seconds", seconds(lease)).param("id", id.get())
                    .update();
            StoredJob job = find(id.get()).orElseThrow();
            return Optional.of(new Claim(job, request(id.get()).orElseThrow(), new Lease(id.get(), token)));
        });
    }

    @Override
    public Renewal renew(Lease lease, Duration duration) {
        return transactions.execute(status -> {
            int renewed = jdbc.sql("UPDATE jobs SET lease_expires_at = " + NOW_PLUS
                            + " WHERE id = :id AND lease_owner = :token AND state = 'RUNNING'")
                    .param("seconds", seconds(duration)).param("id", lease.jobId()).param("token", lease.token())
                    .update();
            if (renewed == 0) {
                return Renewal.LOST;
            }
            boolean cancel = jdbc.sql("SELECT cancel_requested FROM jobs WHERE id = :id")
                    .param("id", lease.jobId()).query(Boolean.class).single();
            return cancel ? Renewal.CANCEL_REQUESTED : Renewal.HELD;
        });
    }

    @Override
    public boolean release(Lease lease, long runMillis) {
        return jdbc.sql("UPDATE jobs SET state = 'QUEUED', lease_owner = NULL, lease_expires_at = NULL, "
                        + "run_millis = :millis WHERE id = :id AND lease_owner = :token AND state = 'RUNNING'")
                .param("millis", runMillis).param("id", lease.jobId()).param("token", lease.token())
                .update() == 1;
    }

    @Override
    public boolean recordProgress(Lease lease, String progress, long runMillis) {
        return jdbc.sql("UPDATE jobs SET progress = :progress, progress_at = CURRENT_TIMESTAMP, run_millis = :millis "
                        + "WHERE id = :id AND lease_owner = :token AND state = 'RUNNING'")
                .param("progress", progress).param("millis", runMillis).param("id", lease.jobId())
                .param("token", lease.token())
                .update() == 1;
    }

    @Override
    public CancelOutcome requestCancel(String id) {
        return transactions.execute(status -> {
            Optional<String> state = jdbc.sql("SELECT state FROM jobs WHERE id = :id FOR UPDATE").param("id", id)
                    .query(String.class).optional();
            if (state.isEmpty()) {
                return CancelOutcome.NOT_FOUND;
            }
            switch (JobState.valueOf(state.get())) {
                case QUEUED -> {
                    jdbc.sql("UPDATE jobs SET state = 'CANCELLED', cancel_requested = TRUE, lease_owner = NULL, "
                            + "lease_expires_at = NULL, finished_at = CURRENT_TIMESTAMP WHERE id = :id")
                            .param("id", id).update();
                    return CancelOutcome.CANCELLED;
                }
                case RUNNING -> {
                    jdbc.sql("UPDATE jobs SET cancel_requested = TRUE WHERE id = :id").param("id", id).update();
                    return CancelOutcome.REQUESTED;
                }
                default -> {
                    return CancelOutcome.FINISHED;
                }
            }
        });
    }

    @Override
    public boolean finish(Lease lease, JobState state, byte[] result, String error, long runMillis) {
        if (!state.finished()) {
            throw new IllegalArgumentException("A job finishes SUCCEEDED, FAILED or CANCELLED, not " + state);
        }
        return transactions.execute(status -> {
            boolean finished = jdbc.sql("UPDATE jobs SET state = :state, result = :result, error = :error, "
                            + "run_millis = :millis, finished_at = CURRENT_TIMESTAMP, lease_owner = NULL, "
                            + "lease_expires_at = NULL WHERE id = :id AND lease_owner = :token AND state = 'RUNNING'")
                    .param("state", state.name()).param("result", result).param("error", error)
                    .param("millis", runMillis).param("id", lease.jobId()).param("token", lease.token())
                    .update() == 1;
            if (finished) {
                // What was kept to resume the job: the result has it all now.
                for (String table : List.of("job_run_results", "job_trajectory_chunks", "job_checkpoints")) {
                    jdbc.sql("DELETE FROM " + table + " WHERE job_id = :id").param("id", lease.jobId()).update();
                }
            }
            return finished;
        });
    }

    @Override
    public boolean saveCheckpoint(Lease lease, int run, int formatVersion, byte[] data, long trajectoryRows,
                                  TrajectoryChunk newRows) {
        if (newRows != null && newRows.firstRow() + newRows.rowCount() > trajectoryRows) {
            throw new IllegalArgumentException("A checkpoint of " + trajectoryRows + " trajectory rows with rows up to "
                    + (newRows.firstRow() + newRows.rowCount()));
        }
        return transactions.execute(status -> {
            if (!lockHeld(lease)) {
                return false;
            }
            if (newRows != null) {
                jdbc.sql("DELETE FROM job_trajectory_chunks WHERE job_id = :id AND run_index = :run "
                                + "AND first_row >= :first")
                        .param("id", lease.jobId()).param("run", run).param("first", newRows.firstRow()).update();
                // In pieces of at most MAX_CHUNK_BYTES: no database is asked to hold one large value at once.
                int rows = newRows.rowCount();
                int rowBytes = rows == 0 ? 0 : newRows.data().length / rows;
                int rowsPerPiece = rows == 0 ? 1 : Math.max(1, MAX_CHUNK_BYTES / Math.max(1, rowBytes));
                int from = 0;
                do {
                    int count = Math.min(rowsPerPiece, rows - from);
                    byte[] piece = rows == 0 ? newRows.data()
                            : java.util.Arrays.copyOfRange(newRows.data(), from * rowBytes, (from + count) * rowBytes);
                    jdbc.sql("INSERT INTO job_trajectory_chunks (job_id, run_index, first_row, row_count, data) "
                                    + "VALUES (:id, :run, :first, :count, :data)")
                            .param("id", lease.jobId()).param("run", run).param("first", newRows.firstRow() + from)
                            .param("count", count).param("data", piece).update();
                    from += rowsPerPiece;
                } while (from < rows);
            }
            int updated = jdbc.sql("UPDATE job_checkpoints SET format_version = :version, data = :data, "
                            + "trajectory_rows = :rows, written_at = CURRENT_TIMESTAMP "
                            + "WHERE job_id = :id AND run_index = :run")
                    .param("version", formatVersion).param("data", data).param("rows", trajectoryRows)
                    .param("id", lease.jobId()).param("run", run).update();
            if (updated == 0) {
                jdbc.sql("INSERT INTO job_checkpoints (job_id, run_index, format_version, data, trajectory_rows) "
                                + "VALUES (:id, :run, :version, :data, :rows)")
                        .param("id", lease.jobId()).param("run", run).param("version", formatVersion)
                        .param("data", data).param("rows", trajectoryRows).update();
            }
            return true;
        });
    }

    @Override
    public boolean saveRunResult(Lease lease, int run, byte[] result) {
        return transactions.execute(status -> {
            if (!lockHeld(lease)) {
                return false;
            }
            jdbc.sql("DELETE FROM job_run_results WHERE job_id = :id AND run_index = :run")
                    .param("id", lease.jobId()).param("run", run).update();
            jdbc.sql("INSERT INTO job_run_results (job_id, run_index, result) VALUES (:id, :run, :result)")
                    .param("id", lease.jobId()).param("run", run).param("result", result).update();
            return true;
        });
    }

    @Override
    public Map<Integer, byte[]> runResults(String id) {
        Map<Integer, byte[]> results = new TreeMap<>();
        jdbc.sql("SELECT run_index, result FROM job_run_results WHERE job_id = :id").param("id", id)
                .query(rs -> {
                    results.put(rs.getInt(1), rs.getBytes(2));
                });
        return results;
    }

    @Override
    public List<StoredCheckpoint> checkpoints(String id) {
        return jdbc.sql("SELECT run_index, format_version, data, trajectory_rows, written_at FROM job_checkpoints "
                        + "WHERE job_id = :id ORDER BY run_index")
                .param("id", id)
                .query((rs, row) -> new StoredCheckpoint(rs.getInt(1), rs.getInt(2), rs.getBytes(3), rs.getLong(4),
                        instant(rs, "written_at")))
                .list();
    }

    @Override
    public List<TrajectoryChunk> trajectory(String id, int run) {
        return jdbc.sql("SELECT t.first_row, t.row_count, t.data FROM job_trajectory_chunks t "
                        + "JOIN job_checkpoints c ON c.job_id = t.job_id AND c.run_index = t.run_index "
                        + "WHERE t.job_id = :id AND t.run_index = :run AND t.first_row < c.trajectory_rows "
                        + "ORDER BY t.first_row")
                .param("id", id).param("run", run)
                .query((rs, row) -> new TrajectoryChunk(rs.getLong(1), rs.getInt(2), rs.getBytes(3)))
                .list();
    }

    @Override
    public long storedBytes() {
        Long bytes = jdbc.sql("SELECT (SELECT COALESCE(SUM(OCTET_LENGTH(result)), 0) "
                + "+ COALESCE(SUM(OCTET_LENGTH(answer)), 0) FROM jobs) "
                + "+ (SELECT COALESCE(SUM(OCTET_LENGTH(data)), 0) FROM job_checkpoints) "
                + "+ (SELECT COALESCE(SUM(OCTET_LENGTH(data)), 0) FROM job_trajectory_chunks) "
                + "+ (SELECT COALESCE(SUM(OCTET_LENGTH(result)), 0) FROM job_run_results)").query(Long.class).single();
        return bytes == null ? 0 : bytes;
    }

    @Override
    public int deleteFinishedBefore(Duration retention) {
        return jdbc.sql("DELETE FROM jobs WHERE finished_at < CURRENT_TIMESTAMP - CAST(:seconds AS DOUBLE PRECISION) "
                        + "* INTERVAL '1' SECOND")
                .param("seconds", seconds(retention)).update();
    }

    @Override
    public boolean purge(String id) {
        return jdbc.sql("DELETE FROM jobs WHERE id = :id AND state IN ('SUCCEEDED', 'FAILED', 'CANCELLED')")
                .param("id", id).update() == 1;
    }

    /**
     * Within a transaction: whether {@code lease} still holds its running job, locking the job's row so that the lease
     * cannot change hands until the transaction ends (a write under it is in, or refused).
     */
    private boolean lockHeld(Lease lease) {
        return jdbc.sql("SELECT id FROM jobs WHERE id = :id AND lease_owner = :token AND state = 'RUNNING' FOR UPDATE")
                .param("id", lease.jobId()).param("token", lease.token()).query(String.class).optional().isPresent();
    }

    private static double seconds(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("A negative duration: " + duration);
        }
        return duration.toNanos() / 1e9;
    }

    private static StoredJob job(ResultSet rs, int row) throws SQLException {
        return new StoredJob(rs.getString("id"), JobKind.of(rs.getString("kind")), JobState.valueOf(rs.getString("state")),
                rs.getString("idempotency_key"), instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"), rs.getString("lease_owner"), instant(rs, "lease_expires_at"),
                rs.getInt("starts"), rs.getBoolean("cancel_requested"), rs.getLong("run_millis"),
                rs.getString("progress"), instant(rs, "progress_at"), rs.getString("error"),
                rs.getString("request_id"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
