package dev.descent.system;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The access log: one line per request, at INFO on the logger {@value #LOGGER}, written when its answer is
 * complete: {@code POST /api/v1/optimizations 200 12 ms}, with the request id in the logging context. The path is
 * logged without its query string (whose values may be large or private), of which only the length is given
 * ({@code GET /api/v1/jobs?[14 chars] 200 2 ms}). An asynchronous answer (a descent answered through the run
 * executor) is logged when it has been written, not when its first dispatch returns; an event stream when it ends,
 * its duration the time it was open. The health probes ({@code /actuator/health/**}) are logged at DEBUG only: a
 * container engine or an orchestrator asks every few seconds, which would drown the requests of clients.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class AccessLogFilter extends OncePerRequestFilter {

    /** The name of the access log's logger. */
    static final String LOGGER = "dev.descent.access";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);
    private static final String STARTED = AccessLogFilter.class.getName() + ".started";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean first = request.getDispatcherType() == DispatcherType.REQUEST;
        if (!first && request.getAttribute(STARTED) != null) {
            // The error page of a request whose first dispatch logs it.
            chain.doFilter(request, response);
            return;
        }
        long started = System.nanoTime();
        request.setAttribute(STARTED, started);
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            if (request.isAsyncStarted()) {
                // Once, also for an answer cut while written, which completes twice (and was logged twice).
                WhenComplete.register(request, response, (req, res) -> logCompleted(req, res, started));
            } else {
                // An exception that leaves the chain is answered 500 by the container.
                log(request, failed ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus(), started);
            }
        }
    }

    /**
     * An error the container raises itself (a method it refuses) reaches no filter but on the error page's
     * dispatch: it is logged there.
     */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    private static void log(HttpServletRequest request, int status, long started) {
        boolean probe = request.getRequestURI().startsWith("/actuator/health");
        if (probe ? !log.isDebugEnabled() : !log.isInfoEnabled()) {
            return;
        }
        String query = request.getQueryString();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        String line = Echo.of(request.getMethod()) + " " + Echo.of(request.getRequestURI())
                + (query == null ? "" : "?[" + query.length() + " chars]") + " " + status + " " + millis + " ms";
        if (probe) {
            log.debug(line);
        } else {
            log.info(line);
        }
    }

    /** Logs an asynchronous request once its answer is complete, in the request's logging context. */
    private static void logCompleted(HttpServletRequest request, HttpServletResponse response, long started) {
        String id = RequestIds.of(request);
        String previous = MDC.get(RequestIds.MDC_KEY);
        if (id != null) {
            MDC.put(RequestIds.MDC_KEY, id);
        }
        try {
            log(request, response.getStatus(), started);
        } finally {
            if (previous == null) {
                MDC.remove(RequestIds.MDC_KEY);
            } else {
                MDC.put(RequestIds.MDC_KEY, previous);
            }
        }
    }
}
