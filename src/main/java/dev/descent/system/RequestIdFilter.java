package dev.descent.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request its id ({@link RequestIds}), echoes it in the {@code X-Request-Id} of the answer and puts it in
 * the logging context while the request is handled. First of all filters, so that every answer carries it, also the
 * ones that filters after it give before the body is read (413 too-large, 503 busy); and on every dispatch of the
 * request (the asynchronous answer's, the error page's), with the id the first dispatch chose.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = RequestIds.of(request);
        if (id == null) {
            id = RequestIds.accept(request.getHeader(RequestIds.HEADER));
            request.setAttribute(RequestIds.ATTRIBUTE, id);
        }
        if (!response.isCommitted()) {
            response.setHeader(RequestIds.HEADER, id);
        }
        String previous = MDC.get(RequestIds.MDC_KEY);
        MDC.put(RequestIds.MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            if (previous == null) {
                MDC.remove(RequestIds.MDC_KEY);
            } else {
                MDC.put(RequestIds.MDC_KEY, previous);
            }
        }
    }

    /** The asynchronous answer is written on a dispatch of its own, on another thread. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    /** So is the error page, whose lines and answer belong to the request too. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
