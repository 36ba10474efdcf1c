package dev.descent.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Gives every problem response of the OpenAPI document examples of its own status: a 422 shows a
 * {@code work-too-large} body, a 503 a {@code busy} one, a 404 a {@code not-found} one, each as the service writes
 * it (type, title, status, detail, the operation's path as instance, and the members of that type). Without them,
 * Swagger UI composes one example from the {@code Problem} schema's field examples for every status, a 400 body.
 *
 * <p>A response's problem types are the ones its description names (for example "(type busy)"); a response that
 * names none gets its status's usual type. A problem type's status is always the response's status.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 1)
public class ProblemExamples implements OpenApiCustomizer {

    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{[^}]+}");
    /**
     * The job id of the examples: the nil UUID, which no job has, so that Swagger UI's "Try it out" on an operation
     * about a job answers its documented 404 (rather than refusing to send a request without an id, or opening the
     * event stream of a running job).
     */
    public static final String JOB_ID = "00000000-0000-0000-0000-000000000000";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            if (operation.getResponses() != null) {
                operation.getResponses().forEach((status, response) -> describe(path, operation, status, response));
            }
        }));
    }

    private static void describe(String path, Operation operation, String status, ApiResponse response) {
        MediaType media = response.getContent() == null ? null : response.getContent().get(PROBLEM_JSON);
        if (media == null || media.getExamples() != null || media.getExample() != null) {
            return;
        }
        int code = Integer.parseInt(status);
        for (ProblemType type : typesOf(response.getDescription(), code)) {
            media.addExamples(type.name().toLowerCase().replace('_', '-'), new Example()
                    .summary(type.title())
                    .value(body(type, PATH_VARIABLE.matcher(path).replaceAll(JOB_ID),
                            operation.getRequestBody() != null)));
        }
    }

    /** The problem types {@code description} names with status {@code status}, or the status's usual one. */
    static List<ProblemType> typesOf(String description, int status) {
        List<ProblemType> types = new ArrayList<>();
        if (description != null) {
            Map<Integer, ProblemType> byPosition = new java.util.TreeMap<>();
            for (ProblemType type : ProblemType.values()) {
                Matcher named = Pattern.compile("(?<![\\w-])" + Pattern.quote(slug(type)) + "(?![\\w-])")
                        .matcher(description);
                if (type.status().value() == status && named.find()) {
                    byPosition.put(named.start(), type);
                }
            }
            types.addAll(byPosition.values());
        }
        ProblemType usual = usual(status);
        boolean invalidToo = status == 400 && description != null && description.startsWith("Invalid");
        if (usual != null && (types.isEmpty() || invalidToo) && !types.contains(usual)) {
            types.add(0, usual);
        }
        return types;
    }

    private static ProblemType usual(int status) {
        return switch (status) {
            case 409 -> ProblemType.JOB_FINISHED;
            case 422 -> ProblemType.WORK_TOO_LARGE;
            case 429 -> ProblemType.TOO_MANY_JOBS;
            case 503 -> ProblemType.BUSY;
            default -> ProblemType.of(status);
        };
    }

    static String slug(ProblemType type) {
        String uri = type.uri().toString();
        return uri.substring(uri.lastIndexOf('/') + 1);
    }

    /** The body the service answers for {@code type} on {@code path}. */
    static Map<String, Object> body(ProblemType type, String path, boolean hasBody) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri().toString());
        body.put("title", type.title());
        body.put("status", type.status().value());
        Map<String, Object> members = new LinkedHashMap<>();
        body.put("detail", DETAILS.get(type).detail(path, hasBody, members));
        body.put("instance", path);
        body.put("requestId", "7c9e6679-7425-40de-944b-e07fc1f90ae7");
        body.putAll(members);
        return body;
    }

    /** A field error as the problem lists it, its members in their order. */
    private static Map<String, String> error(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return error;
    }

    private interface Detail {
        String detail(String path, boolean hasBody, Map<String, Object> members);
    }

    private static final Map<ProblemType, Detail> DETAILS = new EnumMap<>(ProblemType.class);

    static {
        DETAILS.put(ProblemType.INVALID_REQUEST, (path, hasBody, members) -> {
            FieldProblem error = hasBody
                    ? new FieldProblem("optimizer.learningRate", "must be at least 0, was -0.1")
                    : new FieldProblem(path.endsWith("/trajectory") ? "limit" : "size",
                    "must be less than or equal to " + (path.endsWith("/trajectory") ? "10000" : "100"));
            members.put("errors", List.of(error(error.field(), error.message())));
            return error.field() + ": " + error.message();
        });
        DETAILS.put(ProblemType.MALFORMED_BODY, (path, hasBody, members) -> {
            members.put("errors", List.of(error("maxIterations", "must be an integer")));
            return "Field 'maxIterations' has the wrong type";
        });
        DETAILS.put(ProblemType.INVALID_EXPRESSION, (path, hasBody, members) -> {
            members.put("column", 8);
            members.put("expected", "an operand");
            members.put("errors", List.of(error("objective.expression", "expected an operand at column 8")));
            return "expected an operand at column 8";
        });
        DETAILS.put(ProblemType.PLOT_NOT_DRAWABLE, (path, hasBody, members) -> {
            members.put("dimension", 5);
            return "A path picture draws the objective over its variables, which takes 1 or 2; this objective has "
                    + "5. Ask for kind=convergence to see f against the iteration.";
        });
        DETAILS.put(ProblemType.NOT_FOUND, (path, hasBody, members) -> "There is no job " + JOB_ID + ": it never "
                + "existed, or it finished more than PT1H ago and was evicted");
        DETAILS.put(ProblemType.METHOD_NOT_ALLOWED, (path, hasBody, members) -> "PUT is not allowed on " + path
                + ".");
        DETAILS.put(ProblemType.NOT_ACCEPTABLE, (path, hasBody, members) -> {
            if (!path.startsWith("/api/v1/plots")) {
                // A trajectory: JSON, or its table.
                return "The Accept header allows none of what this answers: application/json, text/csv, "
                        + "application/x-ndjson.";
            }
            members.put("acceptable", List.of("image/svg+xml", "image/png"));
            return "A plot is an image: image/svg+xml or image/png; the Accept header 'application/pdf' allows "
                    + "neither";
        });
        DETAILS.put(ProblemType.UNSUPPORTED_MEDIA_TYPE, (path, hasBody, members) -> "The Content-Type "
                + "'application/xml' is not supported here; send application/json.");
        DETAILS.put(ProblemType.TOO_LARGE, (path, hasBody, members) -> {
            members.put("maxBytes", 10_000_000);
            return "The request body is larger than 10000000 bytes, the most a JSON body may have "
                    + "(spring.jackson.factory.constraints.read.max-document-length).";
        });
        DETAILS.put(ProblemType.WORK_TOO_LARGE, (path, hasBody, members) -> {
            boolean job = path.equals("/api/v1/jobs");
            long max = job ? 50_000_000 : 20_000_000;
            members.put("work", 53_000_000L);
            members.put("maxWork", max);
            if (!job) {
                members.put("jobs", "/api/v1/jobs");
            }
            return "This " + (job ? "job" : "request") + " may take 53000000 work units (maxIterations × (dimension "
                    + "+ 3), summed over its runs); a " + (job ? "job" : "synchronous request") + " may take at most "
                    + max + "." + (job ? "" : " POST it to /api/v1/jobs to run it as a job in the background.");
        });
        DETAILS.put(ProblemType.ANSWER_TOO_LARGE, (path, hasBody, members) -> {
            members.put("numbers", 1_200_000L);
            members.put("maxNumbers", 1_000_000L);
            return "The answer to this request would hold 1200000 numbers (each trajectory point counts its "
                    + "variables and 4 more, summed over the runs); an answer may hold at most 1000000. Ask for "
                    + "fewer points (trajectory.maxPoints), leave the trajectory out (trajectory.include: false), or "
                    + "POST it to /api/v1/jobs, where a job's trajectory is read in pages.";
        });
        DETAILS.put(ProblemType.JOB_FINISHED, (path, hasBody, members) -> {
            members.put("state", "SUCCEEDED");
            return "Job " + JOB_ID + " has already finished (SUCCEEDED); its result stays until it is evicted";
        });
        DETAILS.put(ProblemType.JOB_NOT_FINISHED, (path, hasBody, members) -> {
            members.put("state", "RUNNING");
            return "Job " + JOB_ID + " is RUNNING: it has no finished runs yet; GET /api/v1/jobs/" + JOB_ID
                    + " tells when it has finished";
        });
        DETAILS.put(ProblemType.TOO_MANY_JOBS, (path, hasBody, members) -> "2 jobs are running and 16 are waiting, "
                + "the most this service takes; try again later");
        DETAILS.put(ProblemType.BUSY, (path, hasBody, members) -> path.startsWith("/api/v1/jobs")
                ? "The reads of finished jobs in progress hold the most memory this service gives them "
                + "(descent.jobs.max-read-bytes); try again shortly"
                : "Every descent thread is busy and the queued work would wait about 1800 ms, more than the 1000 ms "
                + "this service lets a request wait; try again shortly");
        DETAILS.put(ProblemType.SHUTTING_DOWN, (path, hasBody, members) -> path.endsWith("/events")
                ? "The service is shutting down; it opens no more event streams"
                : "The service is shutting down and takes no more work; try another instance, or again once it is "
                + "back");
        DETAILS.put(ProblemType.IDEMPOTENCY_KEY_REUSED, (path, hasBody, members) -> "The Idempotency-Key was given "
                + "before with another request, for job " + JOB_ID + "; a key stands for one request: use a new key "
                + "for a new request");
        DETAILS.put(ProblemType.CORS_REFUSED, (path, hasBody, members) -> "The origin 'https://elsewhere.example' "
                + "may not call this service");
        DETAILS.put(ProblemType.INTERNAL, (path, hasBody, members) -> "The service failed to answer; the failure is "
                + "logged");
    }
}
