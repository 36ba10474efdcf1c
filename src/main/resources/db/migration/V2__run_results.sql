-- The result of each run of a job that ended (dev.descent.job.store.JobStore#saveRunResult), as its runner encoded
-- it: a job resumed after a restart takes it instead of running the run again (and instead of the run's checkpoint,
-- which stays, with its trajectory chunks, until the job is deleted).
CREATE TABLE job_run_results (
    job_id           VARCHAR(36)              NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    run_index        INTEGER                  NOT NULL,
    result           BYTEA                    NOT NULL,
    written_at       TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    PRIMARY KEY (job_id, run_index)
);
