package dev.descent.system;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.ProblemDetail;

/**
 * Builds the problem bodies of {@link ProblemType}s, and keeps every problem small and free of implementation
 * detail: at most {@link #MAX_ERRORS} field errors (with {@code totalErrors} when there were more), every string
 * member cut at {@link #MAX_TEXT} characters, and no qualified class name.
 */
public final class Problems {

    /** The most field errors a problem lists. */
    public static final int MAX_ERRORS = 20;
    /** The longest string member of a problem: a safety net; input is quoted at most {@link Echo#MAX} long. */
    static final int MAX_TEXT = 1000;

    /** A qualified class name ({@code java.lang.Integer}, {@code tools.jackson.core.JsonToken}), quoted or not. */
    private static final Pattern QUALIFIED_NAME = Pattern.compile("`?\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Z][\\w$]*`?");

    private Problems() {
    }

    /** A problem of {@code type} about {@code request}, with {@code errors} when there are any. */
    public static ProblemDetail of(ProblemType type, String detail, HttpServletRequest request,
                                   List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        problem.setInstance(instance(request));
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return safe(problem);
    }

    /** The path of {@code request}, its input cut as {@link Echo} cuts it. */
    static URI instance(HttpServletRequest request) {
        return instance(request.getRequestURI());
    }

    static URI instance(String path) {
        try {
            return URI.create(Echo.of(path));
        } catch (IllegalArgumentException e) {
            return URI.create("/");
        }
    }

    /**
     * {@code problem} made safe to answer: its field errors cut to the first {@link #MAX_ERRORS} (then
     * {@code totalErrors} says how many there were), every string member cut to {@link #MAX_TEXT} characters, and
     * any qualified class name replaced by a plain word; with the id of the request ({@code requestId}) when it has
     * one.
     */
    static ProblemDetail safe(ProblemDetail problem) {
        // Every problem names its request's id, which the answer's X-Request-Id and the log lines carry too.
        String requestId = RequestIds.current();
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        problem.setDetail(text(problem.getDetail()));
        problem.setTitle(text(problem.getTitle()));
        Map<String, Object> properties = problem.getProperties();
        if (properties == null) {
            return problem;
        }
        for (Map.Entry<String, Object> member : properties.entrySet()) {
            if (member.getValue() instanceof String text) {
                member.setValue(text(text));
            }
        }
        if (properties.get("errors") instanceof List<?> errors && !errors.isEmpty()
                && errors.get(0) instanceof FieldProblem) {
            List<FieldProblem> shown = errors.stream().limit(MAX_ERRORS)
                    .map(error -> (FieldProblem) error)
                    .map(error -> new FieldProblem(text(error.field()), text(error.message())))
                    .toList();
            problem.setProperty("errors", shown);
            if (errors.size() > MAX_ERRORS) {
                problem.setProperty("totalErrors", errors.size());
            }
        }
        return problem;
    }

    private static String text(String text) {
        if (text == null) {
            return null;
        }
        String plain = QUALIFIED_NAME.matcher(text).replaceAll("a value");
        return plain.length() <= MAX_TEXT ? plain : plain.substring(0, MAX_TEXT) + "…";
    }
}
