package dev.descent.job;

import dev.descent.job.store.JobState;
import dev.descent.optimization.TrajectoryLayout;
import dev.descent.optimization.TrajectoryTableConverter;
import dev.descent.system.Echo;
import dev.descent.system.InvalidRequestException;
import dev.descent.system.ProblemBody;
import dev.descent.system.ProblemExamples;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Background jobs: submit an optimization or a comparison, watch it, stream it, cancel it. */
@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs", description = "Run optimizations and comparisons in the background, with progress, an event "
        + "stream and cancellation.")
class JobController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static final String JOB_ID = "The job's id (a UUID), as POST /api/v1/jobs answered it. The example is no job's: "
            + "it answers 404.";

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final JobService jobs;

    JobController(JobService jobs) {
        this.jobs = jobs;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Submit a job",
            description = "Starts the optimization or comparison in the background, or queues it when the most "
                    + "jobs are already running, and answers at once with the job. Follow `Location`.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = JobRequest.class)))
    @ApiResponse(responseCode = "202", description = "Accepted: the job is queued or running (or, for a request "
            + "sent again with its Idempotency-Key, the job the first one made, in whatever state it is now).",
            headers = {@Header(name = "Location", description = "The job: /api/v1/jobs/{id}",
                    schema = @Schema(type = "string", format = "uri-reference")),
                    @Header(name = REPLAYED, description = "`true` when this is the answer to an earlier request "
                            + "with the same Idempotency-Key.", schema = @Schema(type = "string", example = "true"))})
    @ApiResponse(responseCode = "422", description = "An answer larger than an answer may be, or a result larger "
            + "than the results of all jobs may keep (type answer-too-large, members `numbers`, `maxNumbers` and for "
            + "the latter `retainedBytes`, `maxRetainedBytes`); an Idempotency-Key given before with another body "
            + "(type idempotency-key-reused); or, where `descent.jobs.max-work` sets a cap (none by default: a job's "
            + "time budget bounds it), more work than a job may take (type work-too-large).",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "429", description = "The most jobs are running and the queue is full (type "
            + "too-many-jobs); retry after `Retry-After` seconds.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying.",
                    schema = @Schema(type = "integer", example = "5")),
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "400", description = "Invalid request: the problem lists each invalid field, under "
            + "`optimization.` or `comparison.`; or an Idempotency-Key that is not 1 to 255 visible ASCII characters.",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "503", description = "A request sent again with its Idempotency-Key, for a job that "
            + "has finished with an answer too large to have been stored, while other reads of finished jobs hold "
            + "the most memory this service gives them (type busy); retry after the Retry-After time.",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    ResponseEntity<JobView> submit(
            @Parameter(description = "A key of the client's choosing for this request (1 to 255 visible ASCII "
                    + "characters, a UUID say): a request sent again with the same key and the same body, after a "
                    + "timeout for instance, answers the job the first one made (with `Idempotent-Replayed: true`) "
                    + "and starts nothing, for as long as that job is kept; the same key with another body is a 422 "
                    + "`idempotency-key-reused`.", example = "b7c3a3f2-2d0e-4c55-9a43-0d5f1e1c0a71")
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
            @Pattern(regexp = "[\\x21-\\x7E]{1,255}", message = "must be 1 to 255 visible ASCII characters")
            String idempotencyKey,
            @Valid @RequestBody JobRequest request) {
        JobService.Submitted submitted = jobs.submit(request, idempotencyKey);
        JobView job = submitted.job();
        ResponseEntity.BodyBuilder answer = ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id()));
        if (!submitted.created()) {
            answer.header(REPLAYED, "true");
        }
        return answer.body(job);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listJobs", summary = "List the jobs", description = "Every job the job store keeps "
            + "(on every replica the same), newest first, paged; without results (GET a job for its result).")
    @ApiResponse(responseCode = "200", description = "A page of jobs.")
    @ApiResponse(responseCode = "400", description = "`page` or `size` out of range, or `state` not a state.",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    JobView.JobPage list(
            @Parameter(description = "The page, from 0.", example = "0")
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @Parameter(description = "Jobs per page, 1 to 100.", example = "20")
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size,
            @Parameter(description = "Only the jobs in this state; absent: every job.")
            @RequestParam(required = false) JobState state) {
        return jobs.list(page, size, state);
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get a job", description = "Its state, its progress and, once finished, its result.")
    @ApiResponse(responseCode = "200", description = "The job.")
    @ApiResponse(responseCode = "404", description = "No such job: never submitted, past its retention, or "
            + "purged.",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "503", description = JobReads.BUSY_RESPONSE,
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    JobView get(@Parameter(description = JOB_ID, example = ProblemExamples.JOB_ID) @PathVariable String id) {
        return jobs.find(id);
    }

    @DeleteMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Cancel a job",
            description = "A queued job is cancelled at once. A running one stops at its runs' next iteration and "
                    + "keeps their partial trajectories, with status CANCELLED; the answer waits up to a second for "
                    + "that. A finished job cannot be cancelled (409); it is deleted after its retention, or at once by POST /api/v1/jobs/{id}/purge.")
    @ApiResponse(responseCode = "200", description = "Cancelled: the job, state CANCELLED, with its partial result.")
    @ApiResponse(responseCode = "202", description = "Cancellation asked for; the job has not stopped yet.")
    @ApiResponse(responseCode = "404", description = "No such job: never submitted, past its retention, or purged.",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "409", description = "The job has already finished (type job-finished).",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    ResponseEntity<JobView> cancel(
            @Parameter(description = JOB_ID, example = ProblemExamples.JOB_ID) @PathVariable String id) {
        JobView job = jobs.cancel(id);
        return ResponseEntity.status(job.state().finished() ? 200 : 202).body(job);
    }

    @PostMapping(path = "/{id}/purge")
    @Operation(operationId = "purgeJob", summary = "Purge a finished job",
            description = "Deletes a finished job (SUCCEEDED, FAILED or CANCELLED) and everything the job store "
                    + "keeps of it (its request, result, checkpoints and trajectory) now, rather than "
                    + "`descent.jobs.retention` after it finished. A job that has not finished cannot be purged: "
                    + "cancel it first (DELETE /api/v1/jobs/{id}), then purge it. Afterwards the job is a 404 on "
                    + "every replica.")
    @ApiResponse(responseCode = "204", description = "Purged: nothing of the job is kept.")
    @ApiResponse(responseCode = "404", description = "No such job: never submitted, past its retention, or purged.",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "409", description = "The job is queued or running (type job-not-finished; member "
            + "`state`).",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    ResponseEntity<Void> purge(
            @Parameter(description = JOB_ID, example = ProblemExamples.JOB_ID) @PathVariable String id) {
        jobs.purge(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Stream a job's events",
            description = "Server-Sent Events: `progress` events (data: a ProgressEvent, with the run's new "
                    + "trajectory points since its previous event, batched every few tens of milliseconds), then one "
                    + "`result` event whose data is the finished job, then the stream ends. While the job runs, a "
                    + "client that connects late first receives the progress events with points published so far "
                    + "(after `Last-Event-ID` if it sends one), then the live ones; once the job has finished, it "
                    + "receives the `result` event only (its trajectory is the thinned one). A client that reads "
                    + "slowly receives fewer, later events (progress without points is coalesced to each run's "
                    + "latest), never the result late; one that reads nothing for `descent.jobs.stream-stall-timeout` "
                    + "is disconnected. A comment line (`: keep-alive`) comes every `descent.jobs.stream-heartbeat` "
                    + "(15 s); at shutdown, a `shutdown` event ends the stream.")
    @ApiResponse(responseCode = "200", description = "The event stream.", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
            schema = @Schema(implementation = JobView.ProgressEvent.class)))
    @ApiResponse(responseCode = "404", description = "No such job: never submitted, past its retention, or purged.",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "503", description = "The service is shutting down (type shutting-down); or, for "
            + "a job running on another replica, whose plan this one reads to follow it, other reads of jobs hold "
            + "the most memory this service gives them (type busy; retry after the Retry-After time).",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    void events(@Parameter(description = JOB_ID, example = ProblemExamples.JOB_ID) @PathVariable String id,
                @Parameter(description = "Resume after this event id.")
                @RequestHeader(name = "Last-Event-ID", required = false) Long lastEventId,
                HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The stream writes itself, asynchronously and without blocking (a response parameter also tells Spring MVC
        // that this method answers the request on its own).
        jobs.subscribe(id, lastEventId == null ? 0 : lastEventId, request, response);
    }

    @GetMapping(path = "/{id}/trajectory", produces = {MediaType.APPLICATION_JSON_VALUE,
        TrajectoryTableConverter.TEXT_CSV, TrajectoryTableConverter.NDJSON})
    @Operation(summary = "Read a finished job's trajectory in pages",
            description = "A page of the trajectory the job keeps of one run: its points thinned to at most "
                    + "`trajectory.maxPoints`, evenly spread, the start and the last among them (also when the "
                    + "job's answer leaves the trajectory out with `trajectory.include: false`, the way to read a "
                    + "long trajectory). For a finished job: SUCCEEDED, or CANCELLED after it started (its partial "
                    + "trajectories). With `Accept: text/csv` or `application/x-ndjson` (or `format=csv`, "
                    + "`format=ndjson`), the page's points as a table (`pandas.read_csv(url)`, "
                    + "`pandas.read_json(url, lines=True)`): columns iteration, the variables, value, gradientNorm, "
                    + "learningRate.")
    @ApiResponse(responseCode = "200", description = "The page.")
    @ApiResponse(responseCode = "406", description = "The Accept header allows none of application/json, text/csv "
            + "and application/x-ndjson.",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "400", description = "`run` out of the job's runs, or `offset` or `limit` out of "
            + "range; the problem names the parameter.",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "404", description = "No such job: never submitted, past its retention, or purged.",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "409", description = "The job is queued or running, failed, or was cancelled before "
            + "it ran (type job-not-finished; member `state`).",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "503", description = JobReads.BUSY_RESPONSE,
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    ResponseEntity<JobView.TrajectoryPage> trajectory(
            @Parameter(description = JOB_ID, example = ProblemExamples.JOB_ID) @PathVariable String id,
            @Parameter(description = "The run, from 0 (0 for an optimization; a comparison's runs in order).",
                    example = "0")
            @RequestParam(defaultValue = "0") @Min(0) int run,
            @Parameter(description = "The first point, from 0.", example = "0")
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            @Parameter(description = "Points per page, 1 to 10000.", example = "1000")
            @RequestParam(defaultValue = "1000") @Min(1) @Max(10_000) int limit,
            @Parameter(description = "The JSON layout of `points`: `rows` (an array of iterates) or `columns` (an "
                    + "object of arrays). CSV and NDJSON are rows whatever it is.",
                    schema = @Schema(allowableValues = {"rows", "columns"}, defaultValue = "rows"))
            @RequestParam(defaultValue = "rows") String layout,
            @Parameter(description = "The answer's media type, for clients that cannot send an Accept header "
                    + "(`pandas.read_csv(url)`): `csv` is text/csv, `ndjson` application/x-ndjson, `json` "
                    + "application/json; absent: as the Accept header asks.",
                    schema = @Schema(allowableValues = {"json", "csv", "ndjson"}))
            @RequestParam(required = false) String format) {
        TrajectoryLayout asked = TrajectoryLayout.byName(layout).orElseThrow(() -> new InvalidRequestException(
                "layout", "must be rows or columns, not '" + Echo.of(layout) + "'"));
        MediaType type = format == null ? null : switch (format) {
            case "json" -> MediaType.APPLICATION_JSON;
            // With the charset the converter adds when it chooses the type itself.
            case "csv" -> MediaType.parseMediaType(TrajectoryTableConverter.TEXT_CSV + ";charset=UTF-8");
            case "ndjson" -> MediaType.parseMediaType(TrajectoryTableConverter.NDJSON + ";charset=UTF-8");
            default -> throw new InvalidRequestException("format", "must be json, csv or ndjson, not '"
                    + Echo.of(format) + "'");
        };
        JobView.TrajectoryPage page = jobs.trajectory(id, run, offset, limit, asked);
        // A type set here is the answer's whatever the Accept header allows.
        return type == null ? ResponseEntity.ok(page) : ResponseEntity.ok().contentType(type).body(page);
    }
}
