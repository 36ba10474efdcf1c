package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.optimization.RunExecutor;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * An answer read more slowly than {@code descent.http.min-write-rate} (here 1 MB/s after a grace of 1 s) is cut:
 * its connection closed before its end, what it held given back; read at speed, the same answer is whole.
 */
@ExtendWith(OutputCaptureExtension.class)
@HttpLimitsTest
class SlowReaderTests {

    /** 20,000 points of a 10-D run: about 7 MB of JSON, more than the system's socket buffers take at once. */
    private static final String BIG = """
            {"objective": {"function": "rosenbrock", "dimension": 10}, "optimizer": {"type": "adam"},
             "maxIterations": 19999, "tolerance": 0, "trajectory": {"maxPoints": 20000}}""";

    @LocalServerPort
    int port;

    @Autowired
    RunExecutor executor;

    @Test
    @DisplayName("a client reading 200 KB/s of a 7 MB answer is cut short, not given a complete-looking answer, and "
            + "what the answer held is given back, logged once at INFO; one reading at speed gets it whole")
    void cutsTheSlow(CapturedOutput output) throws Exception {
        long received = 0;
        byte[] last = new byte[0];
        long started = System.nanoTime();
        long cut = 0;
        try (RawConnection slow = RawConnection.open("127.0.0.5", port, 4096)) {
            slow.startPost("/api/v1/optimizations", BIG.length(), BIG);
            InputStream in = slow.input();
            byte[] buffer = new byte[4096];
            for (int n = in.read(buffer); n >= 0 && System.nanoTime() - started < 60_000_000_000L;
                    n = in.read(buffer)) {
                received += n;
                last = java.util.Arrays.copyOf(buffer, n);
                if (cut == 0 && executor.heldBytes() == 0) {
                    // The answer has given back what it held: the service has cut it. What the system had taken of
                    // it still comes, and is read at speed.
                    cut = System.nanoTime();
                } else if (cut == 0) {
                    Thread.sleep(20);
                }
            }
        }
        assertThat(cut).as("cut within a minute").isPositive();
        // The service's writes wake as the client frees half the socket buffer (megabytes): seconds apart here.
        assertThat((cut - started) / 1e9).as("seconds to the cut, not the 35 s of reading to the end").isLessThan(30);
        String end = new String(last, StandardCharsets.US_ASCII);
        assertThat(end).as("the chunked answer's end never came").doesNotEndWith("0\r\n\r\n");
        assertThat(received).isLessThan(6_000_000);

        HttpResponse<String> whole = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/optimizations"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BIG))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(JsonMapper.builder().build().readTree(whole.body()).path("trajectory").size())
                .isEqualTo(20_000);
        assertThat(executor.heldBytes()).isZero();
        // One access line each: the cut answer completed twice, and was once logged twice.
        assertThat(output.getOut().lines().filter(line -> line.contains("dev.descent.access")
                && line.contains("POST /api/v1/optimizations 200"))).hasSize(2);
        assertThat(output.getOut()).contains("slower than 1048576 bytes a second (descent.http.min-write-rate)")
                .doesNotContain("Unexpected failure");
    }
}
