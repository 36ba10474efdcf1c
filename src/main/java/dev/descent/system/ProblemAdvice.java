package dev.descent.system;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.descent.engine.param.TorchNames;
import dev.descent.engine.text.Spelling;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

/**
 * The one place where exceptions become RFC 9457 problems. Every answer has a stable {@code type}, a human
 * {@code title}, a {@code detail}, the request path as {@code instance} and, for invalid fields, {@code errors}:
 * a list of {@link FieldProblem}. No class name, no stack trace ever reaches a client: the texts here are our own,
 * input is quoted through {@link Echo}, and {@link Problems#safe} is the net under all of them.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    private static final DisconnectedClientHelper DISCONNECTED = new DisconnectedClientHelper(
            ProblemAdvice.class.getName() + ".disconnected");
    private static final Pattern MAP_KEY = Pattern.compile("\\[([^\\]\\d][^\\]]*)]");
    /**
     * What Jackson's messages add for programmers: the setting behind a limit ({@code , from
     * `StreamReadConstraints.getMaxNestingDepth()`}), the feature to change, the source of the document.
     */
    private static final Pattern JACKSON_ADVICE = Pattern.compile(",? from `[^`]*`|: (?:enable|disable) `[^`]*`.*"
            + "|\\s*\\((?:start marker at|for \\w+ starting at) \\[Source:.*|\\s*at \\[Source:.*");

    private final long maxJsonBytes;
    private final ObjectProvider<BodySizeLimit> limits;

    ProblemAdvice(@Value("${" + RequestSizeFilter.JSON_PROPERTY + ":-1}") long maxJsonBytes,
                  ObjectProvider<BodySizeLimit> limits) {
        this.maxJsonBytes = maxJsonBytes;
        this.limits = limits;
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException ex, HttpServletRequest request) {
        ProblemDetail body = Problems.of(ex.type(), ex.getMessage(), request, ex.errors());
        ex.properties().forEach(body::setProperty);
        return ResponseEntity.status(ex.type().status()).headers(ex.headers())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(Problems.safe(body));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
        ProblemException inside = inside(ex);
        if (inside != null) {
            return problem(inside, request);
        }
        if (ex.getClass().getName().equals("org.apache.tomcat.util.http.InvalidParameterException")) {
            // Tomcat refuses a query string it cannot decode when the parameters are first read.
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(ProblemType.INVALID_REQUEST, "The query string "
                    + "could not be decoded: a %-escape is invalid, or not UTF-8.", request, List.of()));
        }
        if (cause(ex, MinimumWriteRate.TooSlowException.class) != null
                || DISCONNECTED.checkAndLogClientDisconnectedException(ex)) {
            // The client went away while its answer was written (Jackson wraps the broken pipe), or read it too
            // slowly and its connection is being closed (logged where that was decided): nobody to answer, and
            // nothing wrong here. A line at DEBUG, the stack at TRACE.
            return null;
        }
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), ex);
        return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(ProblemType.INTERNAL,
                "The service failed to handle this request; it has been logged.", request, List.of()));
    }


    /**
     * A problem thrown from inside a library that wrapped it (a body past its size limit fails the read of
     * whoever reads it), or null.
     */
    private static ProblemException inside(Throwable ex) {
        return cause(ex, ProblemException.class);
    }

    /** {@code ex} or the first of its causes that is a {@code type}, or null. */
    private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
        for (Throwable cause = ex; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        addBodyErrors(ex.getBindingResult(), errors);
        errors.sort(Comparator.comparing(FieldProblem::field));
        return invalid(errors, headers, request);
    }

    /** The field errors of a validated body, each under its path in the body. */
    private static void addBodyErrors(Errors result, List<FieldProblem> errors) {
        for (FieldError error : result.getFieldErrors()) {
            String field = dotted(error.getField());
            String message = error.contains(TypeMismatchException.class)
                    ? mismatch(error.unwrap(TypeMismatchException.class).getRequiredType(), error.getRejectedValue())
                    : error.getDefaultMessage();
            errors.add(new FieldProblem(field, message));
        }
        result.getGlobalErrors()
                .forEach(error -> errors.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage())));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            // A validated body among validated parameters: its errors under their paths in the body, as alone.
            if (result instanceof ParameterErrors body) {
                addBodyErrors(body, errors);
                return;
            }
            String name = clientName(result.getMethodParameter());
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(new FieldProblem(name, error.getDefaultMessage()));
            }
        });
        return invalid(errors, headers, request);
    }

    /** The name the client gave a parameter: a header's or a query parameter's name, not the Java parameter's. */
    private static String clientName(MethodParameter parameter) {
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null && !header.name().isEmpty()) {
            return header.name();
        }
        RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
        if (query != null && !query.name().isEmpty()) {
            return query.name();
        }
        return parameter.getParameterName();
    }

    /** A query parameter or path variable that is not of its type: {@code ?size=ten}. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException argument ? argument.getName()
                : ex.getPropertyName();
        return invalid(List.of(new FieldProblem(name == null ? "parameter" : Echo.of(name),
                mismatch(ex.getRequiredType(), ex.getValue()))), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return invalid(List.of(new FieldProblem(ex.getParameterName(), "is required")), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(ServletRequestBindingException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return answer(ex, ProblemType.INVALID_REQUEST, "A required parameter or header is missing or invalid.",
                headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String given = servletRequest(request).getContentType();
        String detail = (given == null ? "The request has no Content-Type" : "The Content-Type '" + Echo.of(given)
                + "' is not supported here") + "; send " + types(ex.getSupportedMediaTypes()) + ".";
        return answer(ex, ProblemType.UNSUPPORTED_MEDIA_TYPE, detail, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return answer(ex, ProblemType.NOT_ACCEPTABLE, "The Accept header allows none of what this answers: "
                + types(ex.getSupportedMediaTypes()) + ".", headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String allowed = ex.getSupportedHttpMethods() == null ? "" : "; it allows "
                + String.join(", ", names(ex.getSupportedHttpMethods()));
        return answer(ex, ProblemType.METHOD_NOT_ALLOWED, Echo.of(ex.getMethod()) + " is not allowed on "
                + Echo.of(servletRequest(request).getRequestURI()) + allowed + ".", headers, request);
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
        if (cause instanceof InvalidTypeIdException typeId && typeId.getBaseType() != null) {
            return invalid(List.of(typeProblem(typeId)), headers, request);
        }
        String detail;
        List<FieldProblem> errors = List.of();
        if (cause instanceof StreamConstraintsException limit) {
            detail = "The body is beyond a limit of this service: " + plain(limit.getOriginalMessage());
        } else if (cause instanceof MismatchedInputException trailing
                && String.valueOf(trailing.getOriginalMessage()).startsWith("Trailing token")) {
            detail = "The body has more after its JSON value" + at(trailing.getLocation());
        } else if (cause instanceof PropertyBindingException unknown) {
            detail = "Unknown field '" + Echo.of(unknown.getPropertyName()) + "'";
            // An ignored property (a text/csv body's reader) is as unknown to a client as any other.
            List<String> known = new ArrayList<>(names(unknown.getKnownPropertyIds()));
            known.remove(unknown.getPropertyName());
            String meant = meant(unknown.getPropertyName(), known);
            errors = List.of(new FieldProblem(path(unknown), "unknown field; "
                    + (meant == null ? "known fields here: " : "did you mean " + meant + "? Known fields here: ")
                    + String.join(", ", known)));
        } else if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            String expected = describe(mismatch.getTargetType());
            detail = "Field '" + field + "' has the wrong type";
            errors = List.of(new FieldProblem(field, expected == null ? "has the wrong type or form"
                    : "must be " + expected));
        } else if (cause instanceof MismatchedInputException mismatch) {
            String expected = describe(mismatch.getTargetType());
            detail = "The body " + (expected == null ? "has the wrong type or form" : "must be " + expected)
                    + at(mismatch.getLocation());
        } else if (cause instanceof StreamReadException syntax) {
            detail = "The body is not valid JSON" + at(syntax.getLocation()) + ": "
                    + plain(syntax.getOriginalMessage());
        } else if (cause instanceof JacksonException json && !json.getPath().isEmpty()) {
            String field = path(json);
            detail = "Field '" + field + "' has an invalid value";
            errors = List.of(new FieldProblem(field, "is invalid"));
        } else if (cause instanceof JacksonException json) {
            detail = "The body could not be read" + at(json.getLocation());
        } else {
            detail = "The request body is missing or unreadable";
        }
        ProblemDetail body = Problems.of(ProblemType.MALFORMED_BODY, detail, servletRequest(request), errors);
        return handleExceptionInternal(ex, body, headers, ProblemType.MALFORMED_BODY.status(), request);
    }

    /**
     * A multipart body sent without a {@code Content-Length} past the container's multipart limit: the same
     * problem as the request size filter's for a body of that type, with its limit.
     */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        BodySizeLimit limit = limits.orderedStream()
                .filter(l -> l.mediaType().includes(MediaType.MULTIPART_FORM_DATA)).findFirst().orElse(null);
        if (limit == null) {
            return super.handleMaxUploadSizeExceededException(ex, headers, status, request);
        }
        ResponseEntity<ProblemDetail> problem = problem(new BodyTooLargeException("is larger than "
                + limit.maxBytes() + " bytes", limit.maxBytes(), limit.property()), servletRequest(request));
        return new ResponseEntity<>(problem.getBody(), problem.getHeaders(), problem.getStatusCode());
    }

    /**
     * A {@code type} of a polymorphic field ({@code optimizer}, {@code schedule}) that is missing or names no
     * variant: the field problem names the known types (the {@link JsonSubTypes} of the field's type), and the one
     * meant when the client wrote PyTorch's name ({@code SGD}, {@code StepLR}).
     */
    private static FieldProblem typeProblem(InvalidTypeIdException ex) {
        Class<?> family = ex.getBaseType().getRawClass();
        List<String> known = new ArrayList<>();
        JsonSubTypes subtypes = family.getAnnotation(JsonSubTypes.class);
        for (JsonSubTypes.Type subtype : subtypes == null ? new JsonSubTypes.Type[0] : subtypes.value()) {
            JsonTypeName name = subtype.value().getAnnotation(JsonTypeName.class);
            known.add(!subtype.name().isEmpty() ? subtype.name() : name != null ? name.value()
                    : subtype.value().getSimpleName());
        }
        String path = path(ex);
        JsonTypeInfo info = family.getAnnotation(JsonTypeInfo.class);
        String property = info == null || info.property().isEmpty() ? "type" : info.property();
        String field = path.equals("body") ? property : path + "." + property;
        if (ex.getTypeId() == null) {
            return new FieldProblem(field, "is required; one of " + String.join(", ", known));
        }
        Schema schema = family.getAnnotation(Schema.class);
        String what = (schema != null && !schema.name().isEmpty() ? schema.name() : family.getSimpleName())
                .toLowerCase(Locale.ROOT);
        return new FieldProblem(field, TorchNames.unknown("unknown " + what + " '" + Echo.of(ex.getTypeId()) + "'",
                TorchNames.type(ex.getTypeId(), known), known));
    }

    /**
     * Other libraries' names for a field, as a client coming from them writes it: the formula a result shows as
     * {@code objective.formula}, and SciPy's {@code minimize} arguments.
     */
    private static final Map<String, String> SYNONYMS = Map.of("formula", "expression", "x0", "start", "maxiter",
            "maxIterations", "max_iter", "maxIterations", "tol", "tolerance", "gtol", "gradientTolerance", "method",
            "optimizer");

    /**
     * The known field an unknown one most likely means, or null: its synonym ({@code formula}: expression), PyTorch's
     * spelling ({@code lr}), snake_case written in camelCase ({@code max_iterations}), the same name in another case,
     * the one known name a typing slip away ({@code maxIteration}).
     */
    static String meant(String given, List<String> known) {
        String synonym = SYNONYMS.get(given.toLowerCase(Locale.ROOT));
        if (synonym != null && known.contains(synonym)) {
            return synonym;
        }
        return TorchNames.name(given, known)
                .or(() -> Spelling.oneSlipFrom(given, known)).orElse(null);
    }

    /** Gives every problem Spring makes itself (404, 405, 415, ...) a type and title of ours and the request path. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null
                && servlet.getResponse().isCommitted() && DISCONNECTED.checkAndLogClientDisconnectedException(ex)) {
            // The client went away while sending its body (the read ends early), after its answer was begun: no one
            // to answer, and nothing wrong here (Spring would warn that the answer was committed). A line at DEBUG.
            return null;
        }
        // A problem is problem+json whatever the Accept header says: with the type set, Spring does not negotiate
        // (an Accept that allows no JSON, or does not parse, would otherwise leave the answer empty).
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.putAll(headers);
        problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        // Spring makes the body of its own exceptions in super, so the type is filled in on the way out.
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, problemHeaders, statusCode,
                request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
                ProblemType type = ProblemType.of(statusCode.value());
                if (type != null) {
                    problem.setType(type.uri());
                    problem.setTitle(type.title());
                }
                if (type == ProblemType.NOT_FOUND) {
                    problem.setDetail("There is nothing at " + Echo.of(servletRequest(request).getRequestURI()));
                }
                if (type == ProblemType.INTERNAL) {
                    log.error("Failed on {} {}", servletRequest(request).getMethod(),
                            servletRequest(request).getRequestURI(), ex);
                    problem.setDetail("The service failed to handle this request; it has been logged.");
                }
                problem.setInstance(Problems.instance(servletRequest(request)));
            }
            Problems.safe(problem);
        }
        return response;
    }

    /** A problem of {@code type} in place of the one Spring makes for {@code ex} (its headers, e.g. Allow, kept). */
    private ResponseEntity<Object> answer(Exception ex, ProblemType type, String detail, HttpHeaders headers,
            WebRequest request) {
        ProblemDetail body = Problems.of(type, detail, servletRequest(request), List.of());
        return handleExceptionInternal(ex, body, headers, type.status(), request);
    }

    private ResponseEntity<Object> invalid(List<FieldProblem> errors, HttpHeaders headers, WebRequest request) {
        ProblemDetail body = Problems.of(ProblemType.INVALID_REQUEST, InvalidRequestException.summary(errors),
                servletRequest(request), errors);
        return handleExceptionInternal(new InvalidRequestException(errors), body, headers, HttpStatus.BAD_REQUEST,
                request);
    }

    /** "must be a whole number, was 'ten'": a value that could not be converted to {@code type}. */
    private static String mismatch(Class<?> type, Object value) {
        String expected = describe(type);
        return (expected == null ? "has the wrong type or form" : "must be " + expected)
                + (value == null ? "" : ", was '" + Echo.of(value) + "'");
    }

    /**
     * Bean Validation names a map entry {@code start[x]}; the rest of the API says {@code start.x}. A key is the
     * client's, so it is quoted as {@link Echo} quotes.
     */
    private static String dotted(String field) {
        Matcher key = MAP_KEY.matcher(field);
        StringBuilder dotted = new StringBuilder();
        while (key.find()) {
            key.appendReplacement(dotted, Matcher.quoteReplacement("." + Echo.of(key.group(1))));
        }
        return key.appendTail(dotted).toString();
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
                path.append(Echo.of(reference.getPropertyName()));
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
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(wireName((Enum<?>) constant));
            }
            return "one of " + String.join(", ", names(names));
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || type.isSealed()) {
            return "an object";
        }
        return null;
    }

    /** The name of {@code constant} in JSON: its {@code @JsonProperty}, else its own. */
    private static String wireName(Enum<?> constant) {
        try {
            JsonProperty property = constant.getDeclaringClass().getField(constant.name())
                    .getAnnotation(JsonProperty.class);
            return property != null && !property.value().isEmpty() ? property.value() : constant.name();
        } catch (NoSuchFieldException e) {
            return constant.name();
        }
    }

    private static List<String> names(Collection<?> values) {
        TreeSet<String> sorted = new TreeSet<>();
        values.forEach(v -> sorted.add(String.valueOf(v)));
        return List.copyOf(sorted);
    }

    private static String types(List<MediaType> types) {
        return types.isEmpty() ? "another type" : String.join(", ", types.stream().map(MediaType::toString)
                .distinct().toList());
    }

    /**
     * Jackson's syntax message without its pointer to its own settings (which names its classes), its input
     * quoted at most {@link Echo#MAX} long.
     */
    private static String plain(String message) {
        String first = message == null ? "" : message.lines().findFirst().orElse("");
        return Echo.of(JACKSON_ADVICE.matcher(first).replaceAll(""));
    }

    private static String at(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
