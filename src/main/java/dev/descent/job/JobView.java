package dev.descent.job;

import dev.descent.job.store.JobKind;
import dev.descent.job.store.JobState;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.descent.comparison.ComparisonResponse;
import dev.descent.optimization.IterateView;
import dev.descent.optimization.OptimizationResponse;
import dev.descent.optimization.TrajectoryTable;
import dev.descent.optimization.TrajectoryView;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A job as the API shows it: its state, its progress, and its result once it has one. */
@Schema(description = "A background job: its state, its progress and, once done, its result.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
        @Schema(description = "The job's id; the job is at /api/v1/jobs/{id}.",
                example = "0b6f0a52-3c5e-4f1e-9f57-2f4b4f1d7c11", requiredMode = REQUIRED)
        String id,
        @Schema(description = "QUEUED, RUNNING, then SUCCEEDED, FAILED or CANCELLED.", example = "RUNNING",
                requiredMode = REQUIRED)
        JobState state,
        @Schema(description = "What the job runs: `optimization` or `comparison`.", example = "optimization",
                requiredMode = REQUIRED)
        JobKind kind,
        @Schema(description = "When the job was accepted.", example = "2026-01-05T10:15:30.120Z",
                requiredMode = REQUIRED)
        Instant createdAt,
        @Schema(description = "When it started running; absent while queued.", example = "2026-01-05T10:15:30.125Z")
        Instant startedAt,
        @Schema(description = "When it finished; absent before. It is kept for the retention time after this.",
                example = "2026-01-05T10:15:31.480Z")
        Instant finishedAt,
        @Schema(description = "Whether a cancellation was asked for.", example = "false", requiredMode = REQUIRED)
        boolean cancelRequested,
        @Schema(description = "How far it has got.", requiredMode = REQUIRED)
        JobProgress progress,
        @Schema(description = "The result once the job has finished (absent in the list of jobs): as POST "
                + "/api/v1/optimizations or POST /api/v1/comparisons answers it. A cancelled run keeps its partial "
                + "trajectory, with status CANCELLED.",
                oneOf = {OptimizationResponse.class, ComparisonResponse.class})
        Object result,
        @Schema(description = "Why a FAILED job failed.", example = "The job failed; the failure has been logged.")
        String error) {

    /** How far a job has got. */
    @Schema(description = "How far a job has got. For a comparison: the iterations of all runs together, the lowest "
            + "current and best values among them, and each run's own progress.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobProgress(
            @Schema(description = "Updates made so far (for a comparison, by all runs together).", example = "1200",
                    requiredMode = REQUIRED)
            long iteration,
            @Schema(description = "f at the current point (for a comparison, the lowest among the runs); absent "
                    + "before the first evaluation or when not finite.", example = "0.0123")
            Double value,
            @Schema(description = "The lowest f seen so far (the highest when the run maximizes).",
                    example = "0.0121")
            Double bestValue,
            @Schema(description = "Time since the job started running, in milliseconds.", example = "84.5",
                    requiredMode = REQUIRED)
            double elapsedMillis,
            @Schema(description = "Runs that have ended.", example = "1", requiredMode = REQUIRED)
            int runsDone,
            @Schema(description = "Runs in the job: 1 for an optimization.", example = "3", requiredMode = REQUIRED)
            int runsTotal,
            @Schema(description = "Each run's progress, for a comparison.")
            List<RunProgress> runs) {
    }

    /** One run's progress. */
    @Schema(description = "One run's progress.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunProgress(
            @Schema(description = "The run's index.", example = "0", requiredMode = REQUIRED)
            int run,
            @Schema(description = "The run's label.", example = "adam", requiredMode = REQUIRED)
            String label,
            @Schema(description = "Updates made so far.", example = "400", requiredMode = REQUIRED)
            int iteration,
            @Schema(description = "f at the current point.", example = "0.0123")
            Double value,
            @Schema(description = "The lowest f seen so far (the highest when the run maximizes).",
                    example = "0.0121")
            Double bestValue,
            @Schema(description = "Whether the run has ended.", example = "false", requiredMode = REQUIRED)
            boolean done) {
    }

    /** The data of a {@code progress} event. */
    @Schema(description = "The data of a `progress` event of GET /api/v1/jobs/{id}/events: one run's progress and "
            + "the trajectory points it made since its previous event.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProgressEvent(
            @Schema(description = "The run's index (0 for an optimization).", example = "0", requiredMode = REQUIRED)
            int run,
            @Schema(description = "Updates made so far.", example = "400", requiredMode = REQUIRED)
            int iteration,
            @Schema(description = "f at the current point.", example = "0.0123")
            Double value,
            @Schema(description = "The lowest f seen so far (the highest when the run maximizes).",
                    example = "0.0121")
            Double bestValue,
            @Schema(description = "Time since the job started running, in milliseconds.", example = "84.5",
                    requiredMode = REQUIRED)
            double elapsedMillis,
            @Schema(implementation = IterateView[].class, description = "The new trajectory points since the run's "
                    + "previous event with points: every k-th iterate, k = ceil(maxIterations / "
                    + "trajectory.maxPoints), and the last; at most about 4096 numbers per event (a run that made more "
                    + "since sends several events). "
                    + "Absent when `trajectory.include` is false or there is none new; such an event has no `id`.")
            Points points) {
    }

    /** A page of the retained trajectory of one run of a finished job. */
    @Schema(description = "A page of the trajectory a finished job keeps of one run: the points of its result, thinned "
            + "to at most `trajectory.maxPoints` evenly spread iterates (kept even when `trajectory.include` is "
            + "false), the start and the last among them.")
    public record TrajectoryPage(
            @Schema(description = "The run's index (0 for an optimization).", example = "0", requiredMode = REQUIRED)
            int run,
            @Schema(description = "The run's label (`optimization` for an optimization).", example = "adam",
                    requiredMode = REQUIRED)
            String label,
            @Schema(description = "The index of the first point of this page among the run's points.", example = "0",
                    requiredMode = REQUIRED)
            int offset,
            @Schema(description = "The most points this page could hold: the limit asked for, lowered when one page "
                    + "of that many points of this run would hold more than an answer may "
                    + "(`descent.optimization.max-answer-numbers`).", example = "1000", requiredMode = REQUIRED)
            int limit,
            @Schema(description = "How many points the run keeps in all; the next page starts at offset + the "
                    + "number of points on this one, until total.", example = "2501", requiredMode = REQUIRED)
            int total,
            @Schema(description = "The points `offset` to `offset + limit - 1` (fewer at the end), in iteration "
                    + "order: an array of iterates (`layout=rows`, the default) or an object of arrays (`columns`).",
                    requiredMode = REQUIRED)
            TrajectoryView points) implements TrajectoryTable {

        @Override
        public TrajectoryView table() {
            return points;
        }
    }

    /** A page of the list of jobs. */
    @Schema(description = "A page of the jobs, newest first; each without its result.")
    public record JobPage(
            @Schema(description = "The jobs on this page.", requiredMode = REQUIRED)
            List<JobView> items,
            @Schema(description = "This page's number, from 0.", example = "0", requiredMode = REQUIRED)
            int page,
            @Schema(description = "The page size asked for.", example = "20", requiredMode = REQUIRED)
            int size,
            @Schema(description = "How many jobs there are in all.", example = "3", requiredMode = REQUIRED)
            int totalItems,
            @Schema(description = "How many pages there are in all.", example = "1", requiredMode = REQUIRED)
            int totalPages) {
    }
}
