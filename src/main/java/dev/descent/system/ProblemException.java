package dev.descent.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;

/**
 * A request the service answers with a problem of a given type, with optional extension members
 * (e.g. {@code column}) and headers (e.g. {@code Retry-After}).
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<FieldProblem> errors;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final HttpHeaders headers = new HttpHeaders();

    public ProblemException(ProblemType type, String detail, List<FieldProblem> errors) {
        super(detail);
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    /**
     * Runs {@code mapping}; a problem it throws is thrown again with every field named under {@code prefix}
     * ({@code start.x} becomes {@code optimization.start.x}), for requests that nest another request.
     */
    public static <T> T within(String prefix, Supplier<T> mapping) {
        try {
            return mapping.get();
        } catch (ProblemException e) {
            List<FieldProblem> errors = e.errors().stream()
                    .map(error -> new FieldProblem(prefix + "." + error.field(), error.message()))
                    .toList();
            ProblemException moved = e instanceof InvalidRequestException ? new InvalidRequestException(errors)
                    : new ProblemException(e.type(), e.getMessage(), errors);
            e.properties().forEach(moved::with);
            e.headers().forEach((name, values) -> values.forEach(value -> moved.header(name, value)));
            throw moved;
        }
    }

    /** Adds an extension member to the problem body. */
    public ProblemException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /** Adds a response header. */
    public ProblemException header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
