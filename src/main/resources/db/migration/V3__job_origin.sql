-- The request id (X-Request-Id) of the request that submitted a job: every line logged for the job, on whichever
-- replica runs it, carries it.
ALTER TABLE jobs ADD COLUMN request_id VARCHAR(64);
