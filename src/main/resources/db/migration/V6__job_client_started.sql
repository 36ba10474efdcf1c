-- A claim takes the next job of the client served longest ago: each client's latest start, found by this index.
CREATE INDEX jobs_client_started ON jobs (client, started_at);
