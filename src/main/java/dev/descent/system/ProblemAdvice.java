package dev.descent.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

/**
 * The one place where exceptions become RFC 9457 problems. Every answer has a stable {@code type}, a human
 * {@code title}, a {@code detail}, the request path as {@code instance} and, for invalid fields, {@code errors}:
 * a list of {@link FieldProblem}. No class name, no stack trace ever reaches a client.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    private static final Pattern MAP_KEY = Pattern.compile("\\[([^\\]\\d][^\\]]*)]");

    private final long maxJsonBytes;

    ProblemAdvice(@Value("${" + RequestSizeFilter.JSON_PROPERTY + ":-1}") long maxJsonBytes) {
        this.maxJsonBytes = maxJsonBytes;
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException ex, HttpServletRequest request) {
        ProblemDetail body = Problems.of(ex.type(), ex.getMessage(), request, ex.errors());
        ex.properties().forEach(body::setProperty);
        return ResponseEntity.status(ex.type().status()).headers(ex.headers()).body(body);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
        ProblemException inside = inside(ex);
        if (inside != null) {
            return problem(inside, request);
        }
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), ex);
        return ResponseEntity.internalServerError().body(Problems.of(ProblemType.INTERNAL,
                "The service failed to handle this request; it has been logged.", request, List.of()));
    }

    /**
     * A problem thrown from inside a library that wrapped it (a body past its size limit fails the read of
     * whoever reads it), or null.
     */
    private static ProblemException inside(Throwable ex) {
        for (Throwable cause = ex; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return problem;
            }
        }
        return null;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(dotted(error.getField()), error.getDefaultMessage()));
        }
        ex.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage())));
        errors.sort(Comparator.comparing(FieldProblem::field));
        return invalid(errors, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(new FieldProblem(name, error.getDefaultMessage()));
            }
        });
        return invalid(errors, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemException inside = inside(ex);
        if (inside != null) {
            ResponseEntity<ProblemDetail> problem = problem(inside, servletRequest(request));
            return new ResponseEntity<>(problem.getBody(), problem.getHeaders(), problem.getStatusCode());
        }
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof StreamConstraintsException limit && limit.getMessage().contains("Document length")) {
            // Jackson's own limit on the document (the same as the request size filter's for JSON).
            ProblemDetail body = Problems.of(ProblemType.TOO_LARGE, "The request body is larger than "
                    + maxJsonBytes + " bytes, the most a JSON body may have (" + RequestSizeFilter.JSON_PROPERTY
                    + ").", servletRequest(request), List.of());
            body.setProperty("maxBytes", maxJsonBytes);
            return handleExceptionInternal(ex, body, headers, ProblemType.TOO_LARGE.status(), request);
        }
        String detail;
        List<FieldProblem> errors = List.of();
        if (cause instanceof PropertyBindingException unknown) {
            detail = "Unknown field '" + unknown.getPropertyName() + "'";
            // An ignored property (a text/csv body's reader) is as unknown to a client as any other.
            List<String> known = new ArrayList<>(names(unknown.getKnownPropertyIds()));
            known.remove(unknown.getPropertyName());
            errors = List.of(new FieldProblem(path(unknown), "unknown field; known fields here: "
                    + String.join(", ", known)));
        } else if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            String expected = describe(mismatch.getTargetType());
            detail = "Field '" + field + "' has the wrong type";
            errors = List.of(new FieldProblem(field, expected == null ? "has the wrong type or form"
                    : "must be " + expected));
        } else if (cause instanceof StreamReadException syntax) {
            detail = "The body is not valid JSON" + at(syntax.getLocation()) + ": " + plain(syntax.getOriginalMessage());
        } else if (cause instanceof JacksonException json) {
            detail = "The body could not be read" + at(json.getLocation()) + ": " + plain(json.getOriginalMessage());
        } else {
            detail = "The request body is missing or unreadable";
        }
        ProblemDetail body = Problems.of(ProblemType.MALFORMED_BODY, detail, servletRequest(request), errors);
        return handleExceptionInternal(ex, body, headers, ProblemType.MALFORMED_BODY.status(), request);
    }

    /** Gives every problem Spring makes itself (404, 405, 415, ...) a type and title of ours and the request path. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        // Spring makes the body of its own exceptions in super, so the type is filled in on the way out.
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            ProblemType type = switch (HttpStatus.valueOf(statusCode.value())) {
                case NOT_FOUND -> ProblemType.NOT_FOUND;
                case METHOD_NOT_ALLOWED -> ProblemType.METHOD_NOT_ALLOWED;
                case NOT_ACCEPTABLE -> ProblemType.NOT_ACCEPTABLE;
                case UNSUPPORTED_MEDIA_TYPE -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
                case CONTENT_TOO_LARGE -> ProblemType.TOO_LARGE;
                case BAD_REQUEST -> ProblemType.INVALID_REQUEST;
                default -> null;
            };
            if (type != null) {
                problem.setType(type.uri());
                problem.setTitle(type.title());
            }
            if (type == ProblemType.NOT_FOUND) {
                problem.setDetail("There is nothing at " + servletRequest(request).getRequestURI());
            }
            problem.setInstance(Problems.instance(servletRequest(request)));
        }
        return response;
    }

    private ResponseEntity<Object> invalid(List<FieldProblem> errors, HttpHeaders headers, WebRequest request) {
        ProblemDetail body = Problems.of(ProblemType.INVALID_REQUEST, InvalidRequestException.summary(errors),
                servletRequest(request), errors);
        return handleExceptionInternal(new InvalidRequestException(errors), body, headers, HttpStatus.BAD_REQUEST,
                request);
    }

    /** Bean Validation names a map entry {@code start[x]}; the rest of the API says {@code start.x}. */
    private static String dotted(String field) {
        return MAP_KEY.matcher(field).replaceAll(".$1");
    }

    private static HttpServletRequest servletRequest(WebRequest request) {
        return ((ServletWebRequest) request).getRequest();
    }

    /** The JSON path of the failing value: {@code optimizer.learningRate}, {@code runs[2].label}. */
    private static String path(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", names(List.of(type.getEnumConstants())));
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return null;
    }

    private static List<String> names(Collection<?> values) {
        TreeSet<String> sorted = new TreeSet<>();
        values.forEach(v -> sorted.add(String.valueOf(v)));
        return List.copyOf(sorted);
    }

    /** Jackson's message without its advice to the programmer (which names Jackson's own classes). */
    private static String plain(String message) {
        String first = message.lines().findFirst().orElse("");
        int advice = first.indexOf(": enable `");
        return advice < 0 ? first : first.substring(0, advice);
    }

    private static String at(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
