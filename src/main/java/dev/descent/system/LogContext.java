package dev.descent.system;

import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The logging context (SLF4J's MDC: the request id) of the thread that made it, to be put in place on another
 * thread for the work it hands over (a descent on the run executor, a job on its own threads), so that the lines
 * logged for a request carry its id on every thread; the other thread's context is restored afterwards (on a pool's
 * thread: cleared).
 */
public final class LogContext {

    private static final LogContext EMPTY = new LogContext(null);

    private final Map<String, String> values;

    private LogContext(Map<String, String> values) {
        this.values = values == null || values.isEmpty() ? null : Map.copyOf(values);
    }

    /** A context of {@code key} = {@code value}; the empty one when the value is null. */
    public static LogContext of(String key, String value) {
        return value == null ? EMPTY : new LogContext(Map.of(key, value));
    }

    /** The value of {@code key} in this context, or null. */
    public String get(String key) {
        return values == null ? null : values.get(key);
    }

    /** The context of the calling thread now. */
    public static LogContext capture() {
        Map<String, String> values = MDC.getCopyOfContextMap();
        return values == null || values.isEmpty() ? EMPTY : new LogContext(values);
    }

    /** Runs {@code work} in this context, then restores the calling thread's own. */
    public void run(Runnable work) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        set(values);
        try {
            work.run();
        } finally {
            set(previous);
        }
    }

    /** Answers {@code work}'s value, computed in this context; then restores the calling thread's own. */
    public <T> T call(Supplier<T> work) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        set(values);
        try {
            return work.get();
        } finally {
            set(previous);
        }
    }

    /** {@code work}, to be run in this context wherever it runs. */
    public Runnable wrap(Runnable work) {
        return () -> run(work);
    }

    private static void set(Map<String, String> values) {
        if (values == null || values.isEmpty()) {
            MDC.clear();
        } else {
            MDC.setContextMap(values);
        }
    }
}
