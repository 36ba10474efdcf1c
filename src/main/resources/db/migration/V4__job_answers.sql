-- A finished job's answer (OptimizationResponse or ComparisonResponse) as the API writes it, in UTF-8 JSON, made once
-- by its runner right after the job finished: reading the job writes these bytes instead of making the answer again
-- from the request and the result (which for a regression reads or generates its data set again). NULL until then,
-- and for a job finished before this column (its answer is made from its result when read).
ALTER TABLE jobs ADD COLUMN answer BYTEA;
