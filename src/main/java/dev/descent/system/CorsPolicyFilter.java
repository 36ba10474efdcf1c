package dev.descent.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Cross-origin requests (CORS) to the API ({@code /api/**}) and to the OpenAPI document ({@code /v3/api-docs}, so
 * that a Swagger UI served elsewhere can load it), from the origins of {@code descent.cors.allowed-origins}: methods
 * GET, POST, DELETE and OPTIONS; request headers {@code Content-Type}, {@code Idempotency-Key}, {@code X-Request-Id}
 * and {@code Last-Event-ID}; the answer's {@code Location}, {@code Retry-After} and {@code X-Request-Id} readable by
 * the page. A filter rather than Spring MVC's CORS mappings, so that every answer carries the CORS headers, also
 * the ones filters give before Spring MVC (a 503 {@code busy} with its {@code Retry-After}, a 413).
 * <p>
 * A preflight or a request that is not allowed (another origin or method, or none of the headers it asks for;
 * and any preflight when no origin is allowed, or outside these paths) is answered 403, a problem of type
 * {@code cors-refused} saying why. A preflight asking for some headers that are allowed and some that are not is
 * answered with those allowed, as Spring does, and the browser refuses the request itself.
 * With no origin allowed (the default) a cross-origin request that needs no preflight (a GET) is answered as any
 * other, without CORS headers: the browser keeps the answer from the page.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class CorsPolicyFilter extends OncePerRequestFilter {

    static final List<String> METHODS = List.of("GET", "POST", "DELETE", "OPTIONS");
    static final List<String> REQUEST_HEADERS = List.of("Content-Type", "Idempotency-Key", RequestIds.HEADER,
            "Last-Event-ID");
    static final List<String> EXPOSED_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER,
            RequestIds.HEADER);

    /** Null when no origin is allowed. */
    private final CorsConfiguration config;
    private final DefaultCorsProcessor processor = new DefaultCorsProcessor() {
        /** The refusal is answered as a problem by the filter, not as Spring's plain text. */
        @Override
        protected void rejectRequest(ServerHttpResponse response) {
        }
    };
    private final HandlerExceptionResolver problems;

    CorsPolicyFilter(CorsProperties properties,
                     @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        this.problems = problems;
        if (properties.allowedOrigins().isEmpty()) {
            this.config = null;
        } else {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOriginPatterns(properties.allowedOrigins());
            cors.setAllowedMethods(METHODS);
            cors.setAllowedHeaders(REQUEST_HEADERS);
            cors.setExposedHeaders(EXPOSED_HEADERS);
            cors.setAllowCredentials(false);
            cors.setMaxAge(1800L);
            this.config = cors;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean preflight = CorsUtils.isPreFlightRequest(request);
        if (config == null || !covered(request)) {
            if (preflight) {
                refuse(request, response, "This service answers no cross-origin request " + (config == null
                        ? "from a browser: no origin is allowed (descent.cors.allowed-origins)"
                        : "to " + Echo.of(request.getRequestURI()) + "; only to /api/ and /v3/api-docs") + ".");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (!processor.processRequest(config, request, response)) {
            refuse(request, response, reason(request));
            return;
        }
        if (!preflight) {
            chain.doFilter(request, response);
        }
        // A preflight that is allowed is answered here: 200 with the CORS headers.
    }

    private static boolean covered(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/") || path.equals("/v3/api-docs") || path.startsWith("/v3/api-docs/")
                || path.startsWith("/v3/api-docs.");
    }

    /** Why the processor refused {@code request}. */
    private String reason(HttpServletRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (config.checkOrigin(origin) == null) {
            return "The origin '" + Echo.of(origin) + "' may not call this service from a browser; the origins "
                    + "allowed are set by descent.cors.allowed-origins.";
        }
        if (CorsUtils.isPreFlightRequest(request)) {
            String method = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
            if (config.checkHttpMethod(HttpMethod.valueOf(method)) == null) {
                return "The method '" + Echo.of(method) + "' may not be sent cross-origin; allowed: "
                        + String.join(", ", METHODS) + ".";
            }
            String headers = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
            if (headers != null) {
                return "The headers '" + Echo.of(headers) + "' may not be sent cross-origin; allowed: "
                        + String.join(", ", REQUEST_HEADERS) + ".";
            }
        }
        return "The cross-origin request is not allowed: its Origin header is malformed.";
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        response.resetBuffer();
        ProblemException refusal = new ProblemException(ProblemType.CORS_REFUSED, detail);
        // The problem is made where every problem is made (ProblemAdvice), as if a handler had thrown it.
        if (problems.resolveException(request, response, null, refusal) == null) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
        }
    }
}
