package dev.descent.optimization;

import dev.descent.system.ProblemException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses a request to an endpoint that runs descents while its client waits (503 {@code busy} with
 * {@code Retry-After}) before its body is read, when the work already queued would make any request wait longer
 * than {@code max-queue-wait} whatever its own cost. Under overload most requests are refused, and each refusal
 * must cost next to nothing: without this, every refused request was read, validated and mapped first, and
 * refusing took twice the processor time.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class AdmissionFilter extends OncePerRequestFilter {

    /** The endpoints whose work the executor runs while the client waits. */
    private static final Set<String> SYNCHRONOUS = Set.of("/api/v1/optimizations",
            "/api/v1/optimizations/csv", "/api/v1/comparisons", "/api/v1/plots", "/api/v1/plots/grid",
            "/api/v1/learning-rate-range-tests", "/api/v1/exports/pytorch");

    private final RunExecutor executor;
    private final HandlerExceptionResolver problems;

    AdmissionFilter(RunExecutor executor, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        this.executor = executor;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !SYNCHRONOUS.contains(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ProblemException refusal = executor.refusal();
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        // The problem is made where every problem is made (ProblemAdvice), as if a handler had thrown it.
        if (problems.resolveException(request, response, null, refusal) == null) {
            response.setStatus(refusal.type().status().value());
        }
    }
}
