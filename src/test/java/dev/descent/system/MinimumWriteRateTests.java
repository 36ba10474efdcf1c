package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/** The pacing of answers on its own, on a clock of the test's: 1,000 bytes a second after a grace of 1 s. */
class MinimumWriteRateTests {

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MinimumWriteRate filter = new MinimumWriteRate(DataSize.ofBytes(1000), Duration.ofSeconds(1),
            nanos::get);

    /** The response the filter hands on, for a request whose connection closing sets {@link #closed}. */
    private ServletResponse paced(MockHttpServletResponse response) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/optimizations");
        request.setAttribute(MinimumWriteRate.CLOSE, (Consumer<IOException>) why -> closed.set(true));
        AtomicReference<ServletResponse> handed = new AtomicReference<>();
        filter.doFilter(request, response, (req, res) -> handed.set(res));
        return handed.get();
    }

    private void at(double seconds) {
        nanos.set((long) (seconds * 1e9));
    }

    @Test
    @DisplayName("an answer of n bytes may take the grace and n at the rate; the first write past that closes the "
            + "connection and fails, nothing of it sent")
    void cutsTheSlow() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        OutputStream out = paced(response).getOutputStream();
        at(5);
        out.write(new byte[100]);
        at(6.05);
        out.write(new byte[100]);
        at(6.15);
        out.write('x');
        assertThat(closed).isFalse();
        at(6.25);
        assertThatThrownBy(() -> out.write(new byte[100])).isInstanceOf(MinimumWriteRate.TooSlowException.class)
                .hasMessageContaining("201 bytes").hasMessageContaining("descent.http.min-write-rate");
        assertThat(closed).isTrue();
        assertThat(response.getContentAsByteArray()).hasSize(201);
    }

    @Test
    @DisplayName("the writer is paced as the stream is (the connection closed; a PrintWriter keeps the failure); an "
            + "event stream is not paced")
    void writerAndEventStreams() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setCharacterEncoding("UTF-8");
        var writer = paced(response).getWriter();
        writer.write("é");
        writer.flush();
        at(10);
        writer.write("more");
        writer.flush();
        assertThat(writer.checkError()).as("a PrintWriter keeps its failures to itself").isTrue();
        assertThat(closed).isTrue();
        assertThat(response.getContentAsString()).isEqualTo("é");

        closed.set(false);
        MockHttpServletResponse events = new MockHttpServletResponse();
        ServletResponse stream = paced(events);
        stream.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        OutputStream out = stream.getOutputStream();
        at(20);
        out.write('a');
        at(1000);
        out.write('b');
        assertThat(events.getContentAsString()).isEqualTo("ab");
        assertThat(closed).isFalse();
    }
}
