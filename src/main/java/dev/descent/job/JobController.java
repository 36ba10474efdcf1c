package dev.descent.job;

import dev.descent.system.ProblemBody;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Background jobs: submit an optimization or a comparison, watch it, stream it, cancel it. */
@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs", description = "Run optimizations and comparisons in the background, with progress, an event "
        + "stream and cancellation.")
class JobController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final JobService jobs;
    private final JobProperties properties;

    JobController(JobService jobs, JobProperties properties) {
        this.jobs = jobs;
        this.properties = properties;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Submit a job",
            description = "Starts the optimization or comparison in the background, or queues it when the most "
                    + "jobs are already running, and answers at once with the job. Follow `Location`.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = JobRequest.class)))
    @ApiResponse(responseCode = "202", description = "Accepted: the job is queued or running.",
            headers = @Header(name = "Location", description = "The job: /api/v1/jobs/{id}",
                    schema = @Schema(type = "string", format = "uri-reference")))
    @ApiResponse(responseCode = "400", description = "Invalid request: the problem lists each invalid field, under "
            + "`optimization.` or `comparison.`.",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "422", description = "More work than a job may take (type work-too-large).",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "429", description = "The most jobs are running and the queue is full (type "
            + "too-many-jobs); retry after `Retry-After` seconds.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying.",
                    schema = @Schema(type = "integer", example = "5")),
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    ResponseEntity<JobView> submit(@Valid @RequestBody JobRequest request) {
        JobView job = jobs.submit(request);
        return ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id())).body(job);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List the jobs", description = "Every job still kept, newest first, paged; without "
            + "results (GET a job for its result).")
    @ApiResponse(responseCode = "200", description = "A page of jobs.")
    @ApiResponse(responseCode = "400", description = "`page` or `size` out of range.",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    JobView.JobPage list(
            @Parameter(description = "The page, from 0.", example = "0")
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @Parameter(description = "Jobs per page, 1 to 100.", example = "20")
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return jobs.list(page, size);
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get a job", description = "Its state, its progress and, once finished, its result.")
    @ApiResponse(responseCode = "200", description = "The job.")
    @ApiResponse(responseCode = "404", description = "No such job, or evicted after its retention.",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    JobView get(@Parameter(description = "The job's id.") @PathVariable String id) {
        return jobs.find(id);
    }

    @DeleteMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Cancel a job",
            description = "A queued job is cancelled at once. A running one stops at its runs' next iteration and "
                    + "keeps their partial trajectories, with status CANCELLED; the answer waits up to a second for "
                    + "that. A finished job cannot be cancelled (409); it is evicted after its retention.")
    @ApiResponse(responseCode = "200", description = "Cancelled: the job, state CANCELLED, with its partial result.")
    @ApiResponse(responseCode = "202", description = "Cancellation asked for; the job has not stopped yet.")
    @ApiResponse(responseCode = "404", description = "No such job.",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "409", description = "The job has already finished (type job-finished).",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    ResponseEntity<JobView> cancel(@Parameter(description = "The job's id.") @PathVariable String id) {
        JobView job = jobs.cancel(id);
        return ResponseEntity.status(job.state().finished() ? 200 : 202).body(job);
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Stream a job's events",
            description = "Server-Sent Events: `progress` events (data: a ProgressEvent, with the run's new "
                    + "trajectory points since its previous event, batched every few tens of milliseconds), then one "
                    + "`result` event whose data is the finished job, then the stream ends. A client that connects "
                    + "late first receives the progress events with points it missed (after `Last-Event-ID` if it "
                    + "sends one), then the live ones.")
    @ApiResponse(responseCode = "200", description = "The event stream.", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
            schema = @Schema(implementation = JobView.ProgressEvent.class)))
    @ApiResponse(responseCode = "404", description = "No such job.",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemBody.class)))
    SseEmitter events(@Parameter(description = "The job's id.") @PathVariable String id,
                      @Parameter(description = "Resume after this event id.")
                      @RequestHeader(name = "Last-Event-ID", required = false) Long lastEventId) {
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        jobs.subscribe(id, emitter, lastEventId == null ? 0 : lastEventId);
        return emitter;
    }
}
