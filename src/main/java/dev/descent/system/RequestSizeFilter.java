package dev.descent.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses a request body larger than its {@link BodySizeLimit} with a 413 problem of type {@code too-large}: by its
 * {@code Content-Length} before anything is read, and a body sent without one (chunked) by counting its bytes as
 * they are read, failing the read that passes the limit. So no body larger than the limit is ever held, whoever
 * reads it (Jackson, the CSV parser). And counts the body in the {@link BodyBudget} of the bodies being read, the same
 * way, until the request's handler has taken it: 503 {@code busy} when it does not fit; a body longer than one client
 * may have counted there ({@link BodyBudget#maxBodyBytes()}) is 413 as one past its type's limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeFilter extends OncePerRequestFilter {

    static final String JSON_PROPERTY = "spring.jackson.factory.constraints.read.max-document-length";

    private final BodySizeLimit defaultLimit;
    private final List<BodySizeLimit> limits;
    private final HandlerExceptionResolver problems;
    private final BodyBudget budget;

    RequestSizeFilter(@Value("${" + JSON_PROPERTY + ":-1}") long maxJsonBytes, ObjectProvider<BodySizeLimit> limits,
                      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems, BodyBudget budget) {
        // Each limit within the longest body one client may have counted in the budget, once for all requests.
        this.defaultLimit = within(new BodySizeLimit(MediaType.ALL, maxJsonBytes > 0 ? maxJsonBytes : Long.MAX_VALUE,
                JSON_PROPERTY), budget);
        this.limits = limits.orderedStream().map(limit -> within(limit, budget)).toList();
        this.problems = problems;
        this.budget = budget;
    }

    /** {@code limit}, or the budget's longest body with its property when that is less. */
    private static BodySizeLimit within(BodySizeLimit limit, BodyBudget budget) {
        return limit.maxBytes() <= budget.maxBodyBytes() ? limit
                : new BodySizeLimit(limit.mediaType(), budget.maxBodyBytes(), BodyBudget.PROPERTY);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        BodySizeLimit limit = limitOf(request.getContentType());
        long length = request.getContentLengthLong();
        if (length > limit.maxBytes()) {
            // The problem is made where every problem is made (ProblemAdvice), as if a handler had thrown it.
            BodyTooLargeException tooLarge = new BodyTooLargeException("has " + length + " bytes", limit.maxBytes(),
                    limit.property());
            if (problems.resolveException(request, response, null, tooLarge) == null) {
                response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            }
            return;
        }
        // Given back when the handler has taken the body: for an answer given asynchronously, as soon as the work
        // is handed over (the work's own memory is counted by its admission).
        try (BodyBudget.Reservation reservation = budget.open(request.getRemoteAddr())) {
            if (length > 0) {
                try {
                    reservation.cover(length);
                } catch (ProblemException busy) {
                    if (problems.resolveException(request, response, null, busy) == null) {
                        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                    }
                    return;
                }
            }
            chain.doFilter(new CappedRequest(request, limit, reservation), response);
        }
    }

    private BodySizeLimit limitOf(String contentType) {
        if (contentType == null) {
            return defaultLimit;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            for (BodySizeLimit limit : limits) {
                if (limit.mediaType().includes(type)) {
                    return limit;
                }
            }
        } catch (InvalidMediaTypeException e) {
            // A body of no valid type is refused later (415); until then it gets the default limit.
        }
        return defaultLimit;
    }

    /** The request with its body counted as it is read. */
    private static final class CappedRequest extends HttpServletRequestWrapper {

        private final BodySizeLimit limit;
        private final BodyBudget.Reservation reservation;
        private ServletInputStream body;
        private BufferedReader reader;

        CappedRequest(HttpServletRequest request, BodySizeLimit limit, BodyBudget.Reservation reservation) {
            super(request);
            this.limit = limit;
            this.reservation = reservation;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new CountingInputStream(super.getInputStream(), limit, reservation);
            }
            return body;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset()));
            }
            return reader;
        }

        /**
         * The charset the {@code Content-Type} names, else UTF-8. Not the request's character encoding: Spring Boot
         * forces that to UTF-8 whatever the header says.
         */
        private Charset charset() {
            String name = null;
            try {
                name = getContentType() == null ? null
                        : MediaType.parseMediaType(getContentType()).getParameter("charset");
            } catch (InvalidMediaTypeException e) {
                // No valid type, no charset.
            }
            if (name == null) {
                return StandardCharsets.UTF_8;
            }
            try {
                return Charset.forName(name.replace("\"", ""));
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "The charset '" + Echo.of(name)
                        + "' of the request body is not supported; send UTF-8.");
            }
        }
    }

    /**
     * Counts the bytes read, fails the read that passes the limit, and counts what is read in the budget of the
     * bodies being read (a body without a {@code Content-Length} 64 KB at a time).
     */
    private static final class CountingInputStream extends ServletInputStream {

        private static final long STEP = 64 << 10;

        private final ServletInputStream in;
        private final BodySizeLimit limit;
        private final BodyBudget.Reservation reservation;
        private long count;
        private long covered;

        CountingInputStream(ServletInputStream in, BodySizeLimit limit, BodyBudget.Reservation reservation) {
            this.in = in;
            this.limit = limit;
            this.reservation = reservation;
            // A body with a Content-Length was counted whole before it was read (Tomcat reads no more of it).
            this.covered = Math.max(0, reservation.coveredBodyBytes());
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) {
            count += n;
            if (count > limit.maxBytes()) {
                throw new BodyTooLargeException("is larger than " + limit.maxBytes() + " bytes", limit.maxBytes(),
                        limit.property());
            }
            if (count > covered) {
                covered = Math.min(limit.maxBytes(), count + STEP);
                reservation.cover(covered);
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
