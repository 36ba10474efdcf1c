package dev.descent.job.store;

import java.time.Instant;

/**
 * A job as the store keeps it, without its request and its result (read apart: {@link JobStore#request},
 * {@link JobStore#result}), so that lists stay small. Times are the database's.
 *
 * @param id              the job's id
 * @param kind            what the job runs (an optimization, a comparison), as the service names it
 * @param state           where the job is in its life
 * @param idempotencyKey  the client's {@code Idempotency-Key}, or null
 * @param createdAt       when it was inserted
 * @param startedAt       when it was first claimed, or null
 * @param finishedAt      when it finished, or null
 * @param leaseOwner      the lease token of the claim that runs it (it starts with the worker's name), or null
 * @param leaseExpiresAt  when that lease ends unless renewed, or null
 * @param starts          how often it was claimed (1 once it ran without interruption)
 * @param cancelRequested whether a cancel was asked for while it ran
 * @param runMillis       its running time so far, summed over its starts, in milliseconds
 * @param progress        the latest progress its runner wrote (JSON), or null
 * @param progressAt      when that progress was written, or null
 * @param error           why a FAILED job failed, or null
 * @param requestId       the id of the request that submitted it (its log lines carry it), or null
 */
public record StoredJob(String id, JobKind kind, JobState state, String idempotencyKey, Instant createdAt,
                        Instant startedAt, Instant finishedAt, String leaseOwner, Instant leaseExpiresAt, int starts,
                        boolean cancelRequested, long runMillis, String progress, Instant progressAt, String error,
                        String requestId) {
}
