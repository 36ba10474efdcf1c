package dev.descent.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends an answer whose client reads it more slowly than {@code descent.http.min-write-rate} (16 KB/s by default),
 * after a grace of {@code descent.http.write-grace} (30 s): an answer of n bytes may take the grace plus n at that
 * rate, and once a write finds it later than that, the connection is closed (the client sees the answer cut short,
 * never a complete-looking one) and everything the answer held is given back. What an answer holds until it is
 * written (its memory, counted in {@code max-held-bytes} or {@code max-read-bytes}; a container thread blocked in
 * the write) is so held for a bounded time, however slowly a client reads: a client that reads nothing is cut by
 * the container's own write timeout, one that reads a trickle by this. Event streams ({@code text/event-stream})
 * are long by design and not paced here; a stream whose client reads nothing is disconnected after
 * {@code descent.jobs.stream-stall-timeout}.
 *
 * <p>The connection is closed through the container ({@link #CLOSE}, a request attribute Tomcat's valve sets:
 * {@link ClientProbe.ProbeValve}); without it (MockMvc) the write fails all the same.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 4)
class MinimumWriteRate extends OncePerRequestFilter {

    /**
     * The request attribute holding what closes the request's connection once the answer is over (a
     * {@code Consumer<IOException>} of the reason): nothing more of it is sent, no end of it either.
     */
    static final String CLOSE = MinimumWriteRate.class.getName() + ".close";

    private static final Logger log = LoggerFactory.getLogger(MinimumWriteRate.class);

    private final long bytesPerSecond;
    private final long graceNanos;
    private final LongSupplier clock;

    @Autowired
    MinimumWriteRate(@Value("${descent.http.min-write-rate:16KB}") DataSize rate,
                     @Value("${descent.http.write-grace:30s}") Duration grace) {
        this(rate, grace, System::nanoTime);
    }

    MinimumWriteRate(DataSize rate, Duration grace, LongSupplier clock) {
        if (rate.toBytes() <= 0 || grace.isNegative()) {
            throw new IllegalArgumentException("descent.http.min-write-rate is positive and descent.http.write-grace "
                    + "not negative, not " + rate + " and " + grace);
        }
        this.bytesPerSecond = rate.toBytes();
        this.graceNanos = grace.toNanos();
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new Paced(response, closer(request)));
    }

    @SuppressWarnings("unchecked")
    private static Consumer<IOException> closer(HttpServletRequest request) {
        return request.getAttribute(CLOSE) instanceof Consumer<?> close ? (Consumer<IOException>) close : why -> { };
    }

    /** Thrown by a write past its time: the client reads too slowly, and its connection is being closed. */
    static final class TooSlowException extends IOException {
        TooSlowException(String message) {
            super(message);
        }
    }

    /** The response, its body's writes paced (an event stream's not). */
    private final class Paced extends HttpServletResponseWrapper {

        private final Consumer<IOException> close;
        private ServletOutputStream stream;
        private PrintWriter writer;

        Paced(HttpServletResponse response, Consumer<IOException> close) {
            super(response);
            this.close = close;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            ServletOutputStream out = super.getOutputStream();
            if (isEventStream()) {
                return out;
            }
            if (stream == null) {
                stream = new PacedStream(out, close);
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (isEventStream()) {
                return super.getWriter();
            }
            if (writer == null) {
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(),
                        Charset.forName(getCharacterEncoding())), false);
            }
            return writer;
        }

        private boolean isEventStream() {
            String type = getContentType();
            return type != null && type.startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
        }
    }

    /** The body's stream: each write first checks that the answer is not behind its time. */
    final class PacedStream extends ServletOutputStream {

        private final ServletOutputStream out;
        private final Consumer<IOException> close;
        private long started = -1;
        private long written;

        PacedStream(ServletOutputStream out, Consumer<IOException> close) {
            this.out = out;
            this.close = close;
        }

        private void pace(int bytes) throws IOException {
            long now = clock.getAsLong();
            if (started < 0) {
                started = now;
            } else if (now - started - graceNanos > written * 1_000_000_000.0 / bytesPerSecond) {
                String message = "The client read " + written + " bytes of its answer in "
                        + (now - started) / 1_000_000 + " ms, slower than " + bytesPerSecond
                        + " bytes a second (descent.http.min-write-rate); the answer was cut";
                log.info(message);
                TooSlowException tooSlow = new TooSlowException(message);
                close.accept(tooSlow);
                throw tooSlow;
            }
            written += bytes;
        }

        @Override
        public void write(int b) throws IOException {
            pace(1);
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            pace(length);
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
