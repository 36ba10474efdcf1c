package dev.descent.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Request ids: each request has one, taken from its {@code X-Request-Id} header when that is sane (1 to 64 of
 * {@code A-Z a-z 0-9 . _ : -}, so that it can go into a log line or a header as it is), else made here (a random
 * UUID). It is echoed in the answer's {@code X-Request-Id}, put in the logging context (MDC) under
 * {@value #MDC_KEY} for every line logged for the request, on whatever thread ({@link LogContext}), and named in
 * every problem body.
 */
public final class RequestIds {

    /** The header a client may send its id in, and in which every answer carries the id. */
    public static final String HEADER = "X-Request-Id";
    /** The key of the id in the logging context (the log pattern shows it as {@code %X{requestId}}). */
    public static final String MDC_KEY = "requestId";
    /** The request attribute holding the id, for the dispatches after the first (async, error). */
    static final String ATTRIBUTE = RequestIds.class.getName() + ".id";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {
    }

    /** {@code given} if it is a sane id, else a new one: a client's id is never echoed or logged otherwise. */
    static String accept(String given) {
        return given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    /** The id of {@code request}, or null before the request id filter has seen it. */
    static String of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof String id ? id : null;
    }

    /** The id of the request this thread works for now, or null. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }
}
