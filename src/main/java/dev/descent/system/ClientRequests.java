package dev.descent.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Bounds the requests one client (one address) has in progress at once, from the moment the container hands one
 * over until its answer is complete: {@code descent.http.max-requests-per-client}, by default a quarter of the
 * container's threads ({@code server.tomcat.threads.max}, 200: 50). A request past that is answered 503
 * {@code busy} with {@code Retry-After: 1} before its body is read. A request in progress may hold a container
 * thread (an answer that its client reads slowly blocks the thread writing it), and the other bounds per client
 * (half of each memory budget) leave as many as half the heap holds: one client alone could block every thread of
 * a large heap, and the others wait. The health and other actuator endpoints are not counted, so that a probe is
 * answered whatever one client does, nor are event streams, which are long by design and written by the job's own
 * threads (a client that reads one slowly is disconnected after {@code descent.jobs.stream-stall-timeout}). Behind a
 * proxy every client is the proxy unless its forwarded headers are trusted ({@code server.forward-headers-strategy}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 8)
class ClientRequests extends OncePerRequestFilter {

    static final String PROPERTY = "descent.http.max-requests-per-client";

    private final int maxPerClient;
    private final HandlerExceptionResolver problems;
    /** The requests in progress of each client that has any. */
    private final Map<String, Integer> inProgress = new HashMap<>();

    @Autowired
    ClientRequests(@Value("${" + PROPERTY + ":0}") int maxPerClient,
                   @Value("${server.tomcat.threads.max:200}") int threads,
                   @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        if (maxPerClient < 0) {
            throw new IllegalArgumentException(PROPERTY + " is 0 (a quarter of server.tomcat.threads.max) or more, "
                    + "not " + maxPerClient);
        }
        this.maxPerClient = maxPerClient > 0 ? maxPerClient : Math.max(1, threads / 4);
        this.problems = problems;
    }

    /** The most requests one client may have in progress. */
    int maxPerClient() {
        return maxPerClient;
    }

    /** The requests {@code client} has in progress. */
    synchronized int inProgress(String client) {
        return inProgress.getOrDefault(client, 0);
    }

    /** Not counted: the actuator's endpoints (probes), and event streams (long, written by no container thread). */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.startsWith("/actuator/") || path.endsWith("/events");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = request.getRemoteAddr();
        if (!admit(client)) {
            ProblemException busy = new ProblemException(ProblemType.BUSY, "Your requests in progress are as many "
                    + "as this service serves one client at once (" + maxPerClient + ", " + PROPERTY + "); try "
                    + "again when one is answered").header("Retry-After", "1");
            if (problems.resolveException(request, response, null, busy) == null) {
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            }
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                WhenComplete.register(request, response, (req, res) -> release(client));
            } else {
                release(client);
            }
        }
    }

    private synchronized boolean admit(String client) {
        int count = inProgress.getOrDefault(client, 0);
        if (count >= maxPerClient) {
            return false;
        }
        inProgress.put(client, count + 1);
        return true;
    }

    private synchronized void release(String client) {
        inProgress.computeIfPresent(client, (address, count) -> count == 1 ? null : count - 1);
    }
}
