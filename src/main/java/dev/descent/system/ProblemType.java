package dev.descent.system;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The kinds of problem the API answers with (RFC 9457): a stable {@code type} URI, a human title and the status.
 * The URIs name documentation anchors in the README, so that a client can look a problem up.
 */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", "Invalid request", HttpStatus.BAD_REQUEST),
    MALFORMED_BODY("malformed-body", "Malformed request body", HttpStatus.BAD_REQUEST),
    INVALID_EXPRESSION("invalid-expression", "Invalid expression", HttpStatus.BAD_REQUEST),
    PLOT_NOT_DRAWABLE("plot-not-drawable", "Plot not drawable", HttpStatus.BAD_REQUEST),
    NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", HttpStatus.NOT_ACCEPTABLE),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    CORS_REFUSED("cors-refused", "Cross-origin request refused", HttpStatus.FORBIDDEN),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "Idempotency key reused", HttpStatus.UNPROCESSABLE_CONTENT),
    TOO_LARGE("too-large", "Request too large", HttpStatus.CONTENT_TOO_LARGE),
    WORK_TOO_LARGE("work-too-large", "Too much work", HttpStatus.UNPROCESSABLE_CONTENT),
    ANSWER_TOO_LARGE("answer-too-large", "Answer too large", HttpStatus.UNPROCESSABLE_CONTENT),
    JOB_FINISHED("job-finished", "Job already finished", HttpStatus.CONFLICT),
    JOB_NOT_FINISHED("job-not-finished", "Job not finished", HttpStatus.CONFLICT),
    TOO_MANY_JOBS("too-many-jobs", "Too many jobs", HttpStatus.TOO_MANY_REQUESTS),
    TOO_MANY_CONNECTIONS("too-many-connections", "Too many connections", HttpStatus.TOO_MANY_REQUESTS),
    BUSY("busy", "Service busy", HttpStatus.SERVICE_UNAVAILABLE),
    SHUTTING_DOWN("shutting-down", "Service shutting down", HttpStatus.SERVICE_UNAVAILABLE),
    INTERNAL("internal-error", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR);

    /** Where the problem types are documented. */
    public static final String BASE = "https://descent.dev/problems/";

    private final URI uri;
    private final String title;
    private final HttpStatus status;

    ProblemType(String slug, String title, HttpStatus status) {
        this.uri = URI.create(BASE + slug);
        this.title = title;
        this.status = status;
    }

    public URI uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    public HttpStatus status() {
        return status;
    }

    /**
     * The type of a problem the framework or the container makes with {@code status} (a 404, a 405, ...), or null
     * when none of ours fits.
     */
    static ProblemType of(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 500 -> INTERNAL;
            default -> null;
        };
    }
}
