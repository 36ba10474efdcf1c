-- The address of the client that submitted a job: one client's jobs waiting to run are at most half the queue.
ALTER TABLE jobs ADD COLUMN client VARCHAR(64);
CREATE INDEX jobs_client_state ON jobs (client, state);
