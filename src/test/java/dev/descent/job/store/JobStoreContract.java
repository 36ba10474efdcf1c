package dev.descent.job.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.descent.job.store.JobStore.CancelOutcome;
import dev.descent.job.store.JobStore.Claim;
import dev.descent.job.store.JobStore.Insertion;
import dev.descent.job.store.JobStore.Lease;
import dev.descent.job.store.JobStore.NewJob;
import dev.descent.job.store.JobStore.Renewal;
import dev.descent.job.store.JobStore.StoredCheckpoint;
import dev.descent.job.store.JobStore.TrajectoryChunk;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What every {@link JobStore} database must do, run against each (H2 and PostgreSQL, in the subclasses): the schema
 * migrates, inserts are idempotent by key, each job is claimed by one claimer, leases end by the database's clock and
 * are then rescued, only the lease holder writes, checkpoints keep their bytes, retention deletes. The reference is
 * the database itself, read with plain SQL beside the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JobStoreContract {

    /** The JDBC URL of a new empty database. */
    abstract String newDatabaseUrl();

    /** The user to connect as. */
    abstract String user();

    private HikariDataSource dataSource;
    private MigrateResult migration;
    JdbcJobStore store;
    JdbcClient sql;

    @BeforeAll
    void migrate() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(newDatabaseUrl());
        config.setUsername(user());
        config.setMaximumPoolSize(12);
        dataSource = new HikariDataSource(config);
        migration = Flyway.configure().dataSource(dataSource).load().migrate();
        store = new JdbcJobStore(dataSource);
        sql = JdbcClient.create(dataSource);
    }

    @AfterAll
    void close() {
        dataSource.close();
    }

    @BeforeEach
    void empty() {
        sql.sql("DELETE FROM jobs").update();
    }

    private static NewJob job(String key) {
        return new NewJob(UUID.randomUUID().toString(), JobKind.OPTIMIZATION, "{\"x\":1}", key);
    }

    private String insert() {
        return store.insert(job(null)).job().id();
    }

    /** The database's clock now. */
    private Instant databaseNow() {
        return sql.sql("SELECT CURRENT_TIMESTAMP").query((rs, row) -> rs.getObject(1, OffsetDateTime.class))
                .single().toInstant();
    }

    @Test
    @DisplayName("Flyway applies the migrations: versions 1 to 6 with their four tables")
    void migrationsApply() {
        assertThat(migration.success).isTrue();
        assertThat(sql.sql("SELECT version FROM flyway_schema_history WHERE success = TRUE").query(String.class)
                .list()).contains("1", "2", "3", "4", "5", "6");
        for (String table : List.of("jobs", "job_checkpoints", "job_trajectory_chunks", "job_run_results")) {
            assertThat(sql.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single()).isNotNull();
        }
    }

    @Test
    @DisplayName("counts a client's jobs waiting to run, not its others' nor other clients'")
    void countsQueuedPerClient() {
        assertThat(store.countQueued("10.0.0.1")).isZero();
        String first = store.insert(new NewJob(UUID.randomUUID().toString(), JobKind.OPTIMIZATION, "{}", null, null,
                null, "10.0.0.1")).job().id();
        store.insert(new NewJob(UUID.randomUUID().toString(), JobKind.OPTIMIZATION, "{}", null, null, null,
                "10.0.0.1"));
        store.insert(new NewJob(UUID.randomUUID().toString(), JobKind.OPTIMIZATION, "{}", null, null, null,
                "10.0.0.2"));
        store.insert(job(null));
        assertThat(store.countQueued("10.0.0.1")).isEqualTo(2);
        assertThat(store.countQueued("10.0.0.2")).isEqualTo(1);
        store.requestCancel(first);
        assertThat(store.countQueued("10.0.0.1")).isEqualTo(1);
    }

    @Test
    @DisplayName("a new job is QUEUED with its request, kind and creation time, and no lease")
    void insertAndFind() {
        Instant before = databaseNow();
        NewJob job = new NewJob(UUID.randomUUID().toString(), JobKind.COMPARISON, "{\"runs\":[1,2]}", null);
        Insertion insertion = store.insert(job);
        assertThat(insertion.created()).isTrue();
        StoredJob stored = store.find(job.id()).orElseThrow();
        assertThat(stored).isEqualTo(insertion.job());
        assertThat(stored.kind()).isEqualTo(JobKind.COMPARISON);
        assertThat(stored.state()).isEqualTo(JobState.QUEUED);
        assertThat(stored.createdAt()).isBetween(before, databaseNow());
        assertThat(stored.leaseOwner()).isNull();
        assertThat(stored.starts()).isZero();
        assertThat(store.request(job.id())).contains("{\"runs\":[1,2]}");
        assertThat(store.result(job.id())).isEmpty();
        assertThat(store.find("nope")).isEmpty();
    }

    @Test
    @DisplayName("two inserts with one idempotency key make one job, the second answering the first")
    void idempotencyKey() {
        Insertion first = store.insert(job("key-1"));
        Insertion second = store.insert(job("key-1"));
        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.job().id()).isEqualTo(first.job().id());
        assertThat(store.insert(job("key-2")).created()).isTrue();
        assertThat(store.insert(job(null)).created()).isTrue();
        assertThat(store.insert(job(null)).created()).isTrue();
        assertThat(sql.sql("SELECT COUNT(*) FROM jobs").query(Long.class).single()).isEqualTo(4);
    }

    @Test
    @DisplayName("two threads inserting with one key at the same moment make one job, and both answer it")
    void idempotencyKeyConcurrently() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int k = 0; k < 20; k++) {
                String key = "race-" + k;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Insertion>> both = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    both.add(threads.submit(() -> {
                        start.await();
                        return store.insert(job(key));
                    }));
                }
                start.countDown();
                Insertion a = both.get(0).get(10, TimeUnit.SECONDS);
                Insertion b = both.get(1).get(10, TimeUnit.SECONDS);
                assertThat(a.job().id()).isEqualTo(b.job().id());
                assertThat(a.created() ^ b.created()).as("exactly one insert made the job of " + key).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(sql.sql("SELECT COUNT(*) FROM jobs").query(Long.class).single()).isEqualTo(20);
    }

    @Test
    @DisplayName("50 jobs claimed by 8 threads of two workers at once: each job claimed exactly once")
    void exactlyOneClaimer() throws Exception {
        Set<String> inserted = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            inserted.add(insert());
        }
        Map<String, Integer> claims = new ConcurrentHashMap<>();
        Map<String, String> workers = new ConcurrentHashMap<>();
        AtomicInteger claimed = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String worker = t % 2 == 0 ? "replica-a" : "replica-b";
            done.add(threads.submit(() -> {
                start.await();
                // As a claim loop polls: an empty claim while jobs remain means the rest are being claimed (locked
                // by concurrent claims, which SKIP LOCKED passes over); claim again until every job is taken.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (claimed.get() < 50 && System.nanoTime() < deadline) {
                    Optional<Claim> claim = store.claim(worker, Duration.ofMinutes(5));
                    if (claim.isEmpty()) {
                        Thread.sleep(1);
                        continue;
                    }
                    claimed.incrementAndGet();
                    claims.merge(claim.get().job().id(), 1, Integer::sum);
                    workers.put(claim.get().job().id(), worker);
                    assertThat(claim.get().lease().token()).startsWith(worker + "/");
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> thread : done) {
            thread.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertThat(claimed.get()).isEqualTo(50);
        assertThat(claims.keySet()).isEqualTo(inserted);
        assertThat(claims.values()).allMatch(count -> count == 1);
        assertThat(new HashSet<>(workers.values())).containsExactlyInAnyOrder("replica-a", "replica-b");
        assertThat(sql.sql("SELECT COUNT(*) FROM jobs WHERE state = 'RUNNING' AND starts = 1").query(Long.class)
                .single()).isEqualTo(50);
        assertThat(store.claim("replica-c", Duration.ofMinutes(5))).isEmpty();
    }

    @ParameterizedTest(name = "locked by {0}")
    @ValueSource(strings = {"SELECT id FROM jobs WHERE id = ? FOR UPDATE",
            "UPDATE jobs SET state = 'RUNNING', lease_owner = 'other' WHERE id = ?"})
    @DisplayName("a claim passes over a job another transaction holds locked (reading it, or claiming it) and takes "
            + "the next")
    void claimSkipsLockedJobs(String locking) throws Exception {
        String first = insert();
        String second = insert();
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement(locking)) {
                lock.setString(1, first);
                lock.execute();
            }
            Optional<Claim> claim = Executors.newSingleThreadExecutor()
                    .submit(() -> store.claim("a", Duration.ofMinutes(5))).get(10, TimeUnit.SECONDS);
            assertThat(claim).map(c -> c.job().id()).contains(second);
            other.rollback();
        }
        assertThat(store.claim("a", Duration.ofMinutes(5))).map(c -> c.job().id()).contains(first);
    }

    @Test
    @DisplayName("claims take the oldest job first and start it: RUNNING, started, leased for the given time")
    void claimTakesTheOldest() {
        String first = insert();
        String second = insert();
        Instant before = databaseNow();
        Claim claim = store.claim("a", Duration.ofSeconds(30)).orElseThrow();
        Instant after = databaseNow();
        assertThat(claim.job().id()).isEqualTo(first);
        assertThat(claim.request()).isEqualTo("{\"x\":1}");
        assertThat(claim.job().state()).isEqualTo(JobState.RUNNING);
        assertThat(claim.job().starts()).isEqualTo(1);
        assertThat(claim.job().startedAt()).isBetween(before, after);
        assertThat(claim.job().leaseOwner()).isEqualTo(claim.lease().token());
        assertThat(claim.job().leaseExpiresAt())
                .isBetween(before.plusSeconds(30), after.plusSeconds(30));
        assertThat(store.claim("a", Duration.ofSeconds(30)).orElseThrow().job().id()).isEqualTo(second);
    }

    /** A job of the client at {@code address}. */
    private String insert(String address) {
        return store.insert(new NewJob(UUID.randomUUID().toString(), JobKind.OPTIMIZATION, "{\"x\":1}", null, null,
                null, address)).job().id();
    }

    /**
     * The job a claim takes, its start then set {@code minutesAgo} minutes back: claims a few milliseconds apart may
     * read the same clock, and the order of starts is what the test is about.
     */
    private String claimed(int minutesAgo) {
        String id = store.claim("a", Duration.ofMinutes(5)).orElseThrow().job().id();
        sql.sql("UPDATE jobs SET started_at = CURRENT_TIMESTAMP - " + minutesAgo + " * INTERVAL '1' MINUTE WHERE id = ?")
                .params(id).update();
        return id;
    }

    private void succeeded(String... ids) {
        for (String id : ids) {
            sql.sql("UPDATE jobs SET state = 'SUCCEEDED', lease_owner = NULL, lease_expires_at = NULL WHERE id = ?")
                    .params(id).update();
        }
    }

    @Test
    @DisplayName("claims take turns across clients: the client with fewer jobs running first, then the one whose "
            + "latest job started longest ago, each client's oldest job; one client's queue does not hold back "
            + "another's")
    void claimsAreFairAcrossClients() {
        // A's three jobs came first, then B's two, then C's one.
        String a1 = insert("10.0.0.1");
        String a2 = insert("10.0.0.1");
        String a3 = insert("10.0.0.1");
        String b1 = insert("10.0.0.2");
        String b2 = insert("10.0.0.2");
        String c1 = insert("10.0.0.3");
        // Nothing running, nothing started: the oldest job, A's. Then B and C have none running, A one: B's oldest.
        assertThat(claimed(9)).isEqualTo(a1);
        assertThat(claimed(8)).isEqualTo(b1);
        // A and B one running each, C none: C's.
        assertThat(claimed(7)).isEqualTo(c1);
        // One each running: the client whose latest start is oldest, A.
        assertThat(claimed(6)).isEqualTo(a2);
        // A's jobs end; B has one running, A none: A's next, though B's second is older.
        succeeded(a1, a2);
        assertThat(claimed(5)).isEqualTo(a3);
        assertThat(claimed(4)).isEqualTo(b2);
        assertThat(store.claim("a", Duration.ofMinutes(5))).isEmpty();
    }

    @Test
    @DisplayName("with as many jobs running, the client served longest ago goes first, before an older job of "
            + "another; a job whose lease ended counts as not running")
    void claimsServeTheClientWaitingLongest() {
        String a1 = insert("10.0.0.1");
        String b1 = insert("10.0.0.2");
        assertThat(claimed(9)).isEqualTo(a1);
        assertThat(claimed(8)).isEqualTo(b1);
        succeeded(a1, b1);
        // B's next job comes first, but A was served before B: A's goes before it.
        String b2 = insert("10.0.0.2");
        String a2 = insert("10.0.0.1");
        assertThat(claimed(7)).isEqualTo(a2);
        assertThat(claimed(6)).isEqualTo(b2);
        // A's job abandoned (its lease ended): A has none running, B one; A's job is claimed again before B's next.
        sql.sql("UPDATE jobs SET lease_expires_at = CURRENT_TIMESTAMP - INTERVAL '1' MINUTE WHERE id = ?").params(a2)
                .update();
        String b3 = insert("10.0.0.2");
        assertThat(claimed(5)).isEqualTo(a2);
        assertThat(claimed(4)).isEqualTo(b3);
    }

    @Test
    @DisplayName("jobs without a client (submitted before clients were kept) are one client among the others")
    void jobsWithoutClient() {
        String old1 = insert();
        String old2 = insert();
        String a1 = insert("10.0.0.1");
        assertThat(claimed(9)).isEqualTo(old1);
        assertThat(claimed(8)).isEqualTo(a1);
        assertThat(claimed(7)).isEqualTo(old2);
    }

    @Test
    @DisplayName("a lease not renewed ends by the database's clock: another worker claims the job then, not before, "
            + "and the first worker can no longer write")
    void leaseExpiryRescue() throws Exception {
        String id = insert();
        Claim first = store.claim("a", Duration.ofMillis(1500)).orElseThrow();
        store.saveCheckpoint(first.lease(), 0, 1, new byte[] {1, 2, 3}, 0, null);
        Instant expiry = first.job().leaseExpiresAt();
        Optional<Claim> rescue = Optional.empty();
        int refused = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (rescue.isEmpty() && System.nanoTime() < deadline) {
            Instant before = databaseNow();
            rescue = store.claim("b", Duration.ofMinutes(5));
            Instant after = databaseNow();
            if (rescue.isEmpty()) {
                assertThat(before).as("the lease had not ended when the claim found nothing").isBeforeOrEqualTo(expiry);
                refused++;
            } else {
                assertThat(after).as("the lease had ended when the job was claimed again").isAfter(expiry);
            }
            Thread.sleep(50);
        }
        assertThat(refused).as("claims refused while the lease held").isGreaterThan(3);
        Claim second = rescue.orElseThrow();
        assertThat(second.job().id()).isEqualTo(id);
        assertThat(second.job().starts()).isEqualTo(2);
        assertThat(second.job().leaseOwner()).startsWith("b/");
        // The dead worker's writes are refused; the new one's checkpoint is the first one's until it writes its own.
        assertThat(store.renew(first.lease(), Duration.ofMinutes(5))).isEqualTo(Renewal.LOST);
        assertThat(store.recordProgress(first.lease(), "{}", 10)).isFalse();
        assertThat(store.saveCheckpoint(first.lease(), 0, 1, new byte[] {9}, 0, null)).isFalse();
        assertThat(store.finish(first.lease(), JobState.SUCCEEDED, new byte[] {9}, null, 10)).isFalse();
        assertThat(store.release(first.lease(), 10)).isFalse();
        assertThat(store.checkpoints(id)).singleElement()
                .satisfies(checkpoint -> assertThat(checkpoint.data()).containsExactly(1, 2, 3));
        assertThat(store.renew(second.lease(), Duration.ofMinutes(5))).isEqualTo(Renewal.HELD);
    }

    @Test
    @DisplayName("only the lease holder renews, and a renewal moves the end of the lease on")
    void renewByOwnerOnly() {
        insert();
        Claim claim = store.claim("a", Duration.ofSeconds(10)).orElseThrow();
        Lease stranger = new Lease(claim.job().id(), "b/" + UUID.randomUUID());
        assertThat(store.renew(stranger, Duration.ofHours(1))).isEqualTo(Renewal.LOST);
        assertThat(store.find(claim.job().id()).orElseThrow().leaseExpiresAt())
                .isEqualTo(claim.job().leaseExpiresAt());
        Instant before = databaseNow();
        assertThat(store.renew(claim.lease(), Duration.ofHours(1))).isEqualTo(Renewal.HELD);
        StoredJob renewed = store.find(claim.job().id()).orElseThrow();
        assertThat(renewed.leaseExpiresAt()).isBetween(before.plus(Duration.ofHours(1)),
                databaseNow().plus(Duration.ofHours(1)));
        assertThat(renewed.leaseOwner()).isEqualTo(claim.lease().token());
        assertThat(store.renew(new Lease("nope", claim.lease().token()), Duration.ofHours(1)))
                .isEqualTo(Renewal.LOST);
    }

    @Test
    @DisplayName("a released job is QUEUED with no lease and claimed again at once, keeping its running time")
    void releaseMakesClaimableAtOnce() {
        String id = insert();
        Claim first = store.claim("a", Duration.ofHours(1)).orElseThrow();
        assertThat(store.claim("b", Duration.ofHours(1))).isEmpty();
        assertThat(store.release(first.lease(), 1234)).isTrue();
        StoredJob released = store.find(id).orElseThrow();
        assertThat(released.state()).isEqualTo(JobState.QUEUED);
        assertThat(released.leaseOwner()).isNull();
        assertThat(released.leaseExpiresAt()).isNull();
        Claim second = store.claim("b", Duration.ofHours(1)).orElseThrow();
        assertThat(second.job().id()).isEqualTo(id);
        assertThat(second.job().starts()).isEqualTo(2);
        assertThat(second.job().runMillis()).isEqualTo(1234);
        assertThat(second.job().startedAt()).isEqualTo(first.job().startedAt());
        assertThat(store.release(first.lease(), 99)).isFalse();
    }

    @Test
    @DisplayName("cancel: a QUEUED job is CANCELLED at once and never claimed; a RUNNING one is flagged for its owner")
    void cancel() {
        String queued = insert();
        assertThat(store.requestCancel(queued)).isEqualTo(CancelOutcome.CANCELLED);
        StoredJob cancelled = store.find(queued).orElseThrow();
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.finishedAt()).isNotNull();
        assertThat(store.claim("a", Duration.ofHours(1))).isEmpty();

        String running = insert();
        Claim claim = store.claim("a", Duration.ofHours(1)).orElseThrow();
        assertThat(store.renew(claim.lease(), Duration.ofHours(1))).isEqualTo(Renewal.HELD);
        assertThat(store.requestCancel(running)).isEqualTo(CancelOutcome.REQUESTED);
        assertThat(store.find(running).orElseThrow().cancelRequested()).isTrue();
        assertThat(store.find(running).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        assertThat(store.renew(claim.lease(), Duration.ofHours(1))).isEqualTo(Renewal.CANCEL_REQUESTED);
        assertThat(store.finish(claim.lease(), JobState.CANCELLED, new byte[] {7}, null, 5)).isTrue();
        assertThat(store.requestCancel(running)).isEqualTo(CancelOutcome.FINISHED);
        assertThat(store.requestCancel("nope")).isEqualTo(CancelOutcome.NOT_FOUND);
    }

    @Test
    @DisplayName("the lease holder records progress and finishes with its result and error; nobody else can")
    void progressAndFinish() {
        String id = insert();
        Claim claim = store.claim("a", Duration.ofHours(1)).orElseThrow();
        Lease stranger = new Lease(id, "b/x");
        assertThat(store.recordProgress(stranger, "{\"iteration\":1}", 1)).isFalse();
        Instant before = databaseNow();
        assertThat(store.recordProgress(claim.lease(), "{\"iteration\":42}", 250)).isTrue();
        StoredJob progressed = store.find(id).orElseThrow();
        assertThat(progressed.progress()).isEqualTo("{\"iteration\":42}");
        assertThat(progressed.progressAt()).isBetween(before, databaseNow());
        assertThat(progressed.runMillis()).isEqualTo(250);

        byte[] result = randomBytes(3, 200_000);
        assertThat(store.finish(stranger, JobState.SUCCEEDED, result, null, 300)).isFalse();
        assertThatThrownBy(() -> store.finish(claim.lease(), JobState.RUNNING, result, null, 300))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.finish(claim.lease(), JobState.SUCCEEDED, result, null, 300)).isTrue();
        StoredJob finished = store.find(id).orElseThrow();
        assertThat(finished.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(finished.finishedAt()).isNotNull();
        assertThat(finished.leaseOwner()).isNull();
        assertThat(finished.runMillis()).isEqualTo(300);
        assertThat(store.result(id)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(result));
        assertThat(store.finish(claim.lease(), JobState.FAILED, null, "again", 300)).isFalse();

        String failing = insert();
        Claim other = store.claim("a", Duration.ofHours(1)).orElseThrow();
        assertThat(store.finish(other.lease(), JobState.FAILED, null, "out of memory", 1)).isTrue();
        assertThat(store.find(failing).orElseThrow().error()).isEqualTo("out of memory");
        assertThat(store.result(failing)).isEmpty();
    }

    @Test
    @DisplayName("a finished job's answer is kept once, bytes intact, and counted; none for a job that has not "
            + "finished or failed")
    void answers() {
        String id = insert();
        Claim claim = store.claim("a", Duration.ofHours(1)).orElseThrow();
        byte[] answer = randomBytes(5, 300_000);
        assertThat(store.saveAnswer(id, answer)).isFalse();
        assertThat(store.finish(claim.lease(), JobState.SUCCEEDED, new byte[] {1, 2}, null, 3)).isTrue();
        assertThat(store.answer(id)).isEmpty();
        long before = store.storedBytes();
        assertThat(store.saveAnswer(id, answer)).isTrue();
        assertThat(store.answer(id)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(answer));
        assertThat(store.storedBytes()).isEqualTo(before + answer.length);
        assertThat(store.saveAnswer(id, new byte[] {9})).isFalse();
        assertThat(store.answer(id)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(answer));

        String failing = insert();
        Claim other = store.claim("a", Duration.ofHours(1)).orElseThrow();
        assertThat(store.finish(other.lease(), JobState.FAILED, null, "failed", 1)).isTrue();
        assertThat(store.saveAnswer(failing, answer)).isFalse();
        assertThat(store.answer(failing)).isEmpty();
        assertThat(store.saveAnswer("nope", answer)).isFalse();
        assertThat(store.purge(id)).isTrue();
        assertThat(store.answer(id)).isEmpty();
    }

    @Test
    @DisplayName("a job's sizes are its request's characters and its result's bytes, without reading them")
    void sizes() {
        // Characters, not bytes: the request's non-ASCII characters count once each in both databases.
        String request = "{\"expression\":\"x²+ÿ\",\"pad\":\"" + "y".repeat(70_000) + "\"}";
        String id = store.insert(new NewJob(UUID.randomUUID().toString(), JobKind.OPTIMIZATION, request, null))
                .job().id();
        assertThat(store.sizes(id)).contains(new JobStore.Sizes(request.length(), 0));
        Claim claim = store.claim("a", Duration.ofHours(1)).orElseThrow();
        byte[] result = randomBytes(7, 123_457);
        assertThat(store.finish(claim.lease(), JobState.SUCCEEDED, result, null, 3)).isTrue();
        assertThat(store.sizes(id)).contains(new JobStore.Sizes(request.length(), result.length));
        assertThat(store.sizes("nope")).isEmpty();
    }

    @Test
    @DisplayName("checkpoints: the latest per run wins, bytes intact, trajectory chunks appended and replaced")
    void checkpoints() {
        String id = insert();
        Claim claim = store.claim("a", Duration.ofHours(1)).orElseThrow();
        byte[] run0first = randomBytes(1, 100_000);
        byte[] run0second = randomBytes(2, 150_000);
        byte[] run1 = randomBytes(3, 10);
        byte[] rows0to10 = randomBytes(4, 10 * 40);
        byte[] rows10to15 = randomBytes(5, 5 * 40);
        assertThat(store.saveCheckpoint(claim.lease(), 0, 1, run0first, 10, new TrajectoryChunk(0, 10, rows0to10)))
                .isTrue();
        assertThat(store.saveCheckpoint(claim.lease(), 1, 1, run1, 0, null)).isTrue();
        assertThat(store.saveCheckpoint(claim.lease(), 0, 2, run0second, 15,
                new TrajectoryChunk(10, 5, rows10to15))).isTrue();

        List<StoredCheckpoint> checkpoints = store.checkpoints(id);
        assertThat(checkpoints).extracting(StoredCheckpoint::run).containsExactly(0, 1);
        assertThat(checkpoints.get(0).data()).isEqualTo(run0second);
        assertThat(checkpoints.get(0).formatVersion()).isEqualTo(2);
        assertThat(checkpoints.get(0).trajectoryRows()).isEqualTo(15);
        assertThat(checkpoints.get(1).data()).isEqualTo(run1);
        assertThat(checkpoints.get(1).writtenAt()).isBeforeOrEqualTo(databaseNow());
        List<TrajectoryChunk> chunks = store.trajectory(id, 0);
        assertThat(chunks).extracting(TrajectoryChunk::firstRow).containsExactly(0L, 10L);
        assertThat(chunks.get(0).data()).isEqualTo(rows0to10);
        assertThat(chunks.get(1).data()).isEqualTo(rows10to15);
        assertThat(chunks.get(1).rowCount()).isEqualTo(5);
        assertThat(store.trajectory(id, 1)).isEmpty();

        // The recorder thinned its rows: written again from row 0, they replace every chunk.
        byte[] thinned = randomBytes(6, 8 * 40);
        assertThat(store.saveCheckpoint(claim.lease(), 0, 2, run0first, 8, new TrajectoryChunk(0, 8, thinned)))
                .isTrue();
        assertThat(store.trajectory(id, 0)).singleElement()
                .satisfies(chunk -> assertThat(chunk.data()).isEqualTo(thinned));
        assertThatThrownBy(() -> store.saveCheckpoint(claim.lease(), 0, 2, run0first, 5,
                new TrajectoryChunk(0, 8, thinned))).isInstanceOf(IllegalArgumentException.class);

        // Someone else's writes change nothing.
        assertThat(store.saveCheckpoint(new Lease(id, "b/x"), 0, 3, run1, 9, new TrajectoryChunk(8, 1, run1)))
                .isFalse();
        assertThat(store.checkpoints(id).get(0).data()).isEqualTo(run0first);
        assertThat(store.trajectory(id, 0)).hasSize(1);
    }

    @Test
    @DisplayName("a chunk of rows larger than a piece is stored in pieces of whole rows, read back in order, bytes "
            + "intact; a rewrite from row 0 replaces all of them")
    void largeChunksInPieces() {
        String id = insert();
        Claim claim = store.claim("a", Duration.ofHours(1)).orElseThrow();
        int rowBytes = 8 * 6;
        int rows = JdbcJobStore.MAX_CHUNK_BYTES / rowBytes * 3 + 7;
        byte[] all = randomBytes(11, rows * rowBytes);
        assertThat(store.saveCheckpoint(claim.lease(), 0, 1, new byte[] {1}, rows, new TrajectoryChunk(0, rows, all)))
                .isTrue();
        List<TrajectoryChunk> pieces = store.trajectory(id, 0);
        assertThat(pieces).hasSize(4);
        long next = 0;
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        for (TrajectoryChunk piece : pieces) {
            assertThat(piece.firstRow()).isEqualTo(next);
            assertThat(piece.data().length).isEqualTo(piece.rowCount() * rowBytes)
                    .isLessThanOrEqualTo(JdbcJobStore.MAX_CHUNK_BYTES);
            joined.writeBytes(piece.data());
            next += piece.rowCount();
        }
        assertThat(next).isEqualTo(rows);
        assertThat(joined.toByteArray()).isEqualTo(all);

        byte[] thinned = randomBytes(12, 10 * rowBytes);
        assertThat(store.saveCheckpoint(claim.lease(), 0, 1, new byte[] {2}, 10, new TrajectoryChunk(0, 10, thinned)))
                .isTrue();
        assertThat(store.trajectory(id, 0)).singleElement()
                .satisfies(chunk -> assertThat(chunk.data()).isEqualTo(thinned));
    }

    @Test
    @DisplayName("a run's result is stored apart from its checkpoint; only the lease holder writes it; purge deletes it")
    void runResults() {
        String id = insert();
        Claim claim = store.claim("a", Duration.ofHours(1)).orElseThrow();
        byte[] checkpoint = randomBytes(7, 1000);
        assertThat(store.saveCheckpoint(claim.lease(), 0, 1, checkpoint, 4, new TrajectoryChunk(0, 4, new byte[160])))
                .isTrue();
        assertThat(store.saveCheckpoint(claim.lease(), 1, 1, checkpoint, 0, null)).isTrue();
        assertThat(store.runResults(id)).isEmpty();

        byte[] first = randomBytes(8, 50_000);
        assertThat(store.saveRunResult(claim.lease(), 0, first)).isTrue();
        assertThat(store.runResults(id)).containsOnlyKeys(0);
        assertThat(store.runResults(id).get(0)).isEqualTo(first);
        assertThat(store.checkpoints(id)).extracting(StoredCheckpoint::run).containsExactly(0, 1);
        assertThat(store.checkpoints(id).get(0).data()).isEqualTo(checkpoint);
        assertThat(store.trajectory(id, 0)).hasSize(1);

        byte[] again = randomBytes(9, 10);
        assertThat(store.saveRunResult(claim.lease(), 0, again)).isTrue();
        assertThat(store.saveRunResult(claim.lease(), 2, first)).isTrue();
        assertThat(store.runResults(id)).containsOnlyKeys(0, 2);
        assertThat(store.runResults(id).get(0)).isEqualTo(again);

        assertThat(store.saveRunResult(new Lease(id, "b/x"), 1, first)).isFalse();
        assertThat(store.runResults(id)).containsOnlyKeys(0, 2);

        assertThat(store.finish(claim.lease(), JobState.SUCCEEDED, new byte[] {1}, null, 1)).isTrue();
        assertThat(store.saveRunResult(claim.lease(), 1, first)).as("a finished job").isFalse();
        assertThat(store.purge(id)).isTrue();
        assertThat(store.runResults(id)).isEmpty();
        assertThat(sql.sql("SELECT COUNT(*) FROM job_run_results WHERE job_id = :id").param("id", id)
                .query(Long.class).single()).isZero();
    }

    @Test
    @DisplayName("retention deletes the jobs finished longer ago, with their checkpoints; purge deletes one finished job")
    void retentionAndPurge() {
        String old = insert();
        String recent = insert();
        String running = insert();
        String queued = insert();
        Map<String, Claim> claims = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            Claim claim = store.claim("a", Duration.ofHours(1)).orElseThrow();
            claims.put(claim.job().id(), claim);
        }
        store.saveCheckpoint(claims.get(old).lease(), 0, 1, new byte[] {1}, 1, new TrajectoryChunk(0, 1, new byte[8]));
        store.finish(claims.get(old).lease(), JobState.SUCCEEDED, new byte[] {1}, null, 1);
        store.finish(claims.get(recent).lease(), JobState.FAILED, null, "no", 1);
        // Finished two hours ago, by the database's clock.
        sql.sql("UPDATE jobs SET finished_at = finished_at - INTERVAL '2' HOUR WHERE id = :id").param("id", old)
                .update();

        assertThat(store.deleteFinishedBefore(Duration.ofHours(1))).isEqualTo(1);
        assertThat(store.find(old)).isEmpty();
        assertThat(sql.sql("SELECT COUNT(*) FROM job_checkpoints").query(Long.class).single()).isZero();
        assertThat(sql.sql("SELECT COUNT(*) FROM job_trajectory_chunks").query(Long.class).single()).isZero();
        assertThat(store.find(recent)).isPresent();
        assertThat(store.find(running)).isPresent();
        assertThat(store.find(queued)).isPresent();

        assertThat(store.purge(running)).isFalse();
        assertThat(store.purge(queued)).isFalse();
        assertThat(store.purge("nope")).isFalse();
        assertThat(store.purge(recent)).isTrue();
        assertThat(store.find(recent)).isEmpty();
        assertThat(store.deleteFinishedBefore(Duration.ZERO)).isZero();
        assertThat(store.find(running)).isPresent();
    }

    @Test
    @DisplayName("list: newest first, by page, with or without a state; counts by state")
    void listAndCount() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(insert());
        }
        store.claim("a", Duration.ofHours(1));
        store.claim("a", Duration.ofHours(1));
        List<String> newestFirst = new ArrayList<>(ids);
        Collections.reverse(newestFirst);

        List<String> pages = new ArrayList<>();
        for (int offset = 0; offset < 9; offset += 3) {
            List<StoredJob> page = store.list(null, offset, 3);
            assertThat(page).hasSizeLessThanOrEqualTo(3);
            page.forEach(job -> pages.add(job.id()));
        }
        assertThat(pages).isEqualTo(newestFirst);
        assertThat(store.list(JobState.RUNNING, 0, 10)).extracting(StoredJob::id)
                .containsExactly(ids.get(1), ids.get(0));
        assertThat(store.list(JobState.QUEUED, 1, 2)).extracting(StoredJob::id)
                .containsExactly(ids.get(5), ids.get(4));
        assertThat(store.list(JobState.SUCCEEDED, 0, 10)).isEmpty();
        assertThat(store.list(null, 0, 0)).isEmpty();

        Map<JobState, Long> counts = store.countByState();
        assertThat(counts).containsEntry(JobState.QUEUED, 5L).containsEntry(JobState.RUNNING, 2L)
                .containsEntry(JobState.SUCCEEDED, 0L).containsEntry(JobState.FAILED, 0L)
                .containsEntry(JobState.CANCELLED, 0L);
    }

    private static byte[] randomBytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
