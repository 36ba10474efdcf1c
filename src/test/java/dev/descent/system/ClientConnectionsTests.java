package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each client address has a share of the connections (here 4, {@code descent.http.max-connections-per-client}):
 * past it a connection is answered 429 {@code too-many-connections} and closed, while other clients are served,
 * and the share frees as the client's connections close, whoever closes them.
 */
@HttpLimitsTest
class ClientConnectionsTests {

    private static final String GREEDY = "127.0.0.2";
    private static final String OTHER = "127.0.0.3";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    MeterRegistry meters;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    @DisplayName("a client past its share of connections is answered 429 too-many-connections and closed; another "
            + "client is served; the share frees as connections close")
    void shareOfConnections() throws Exception {
        ClientConnectionsProtocol protocol = RawConnection.protocol(context);
        assertThat(protocol.getMaxConnectionsPerClient()).isEqualTo(4);
        assertThat(protocol.getWriteBufferBytes()).as("descent.http.write-buffer, 16KB").isEqualTo(16384);
        InetAddress greedy = InetAddress.getByName(GREEDY);
        long refusedBefore = protocol.refusedConnections();
        List<RawConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                held.add(RawConnection.open(GREEDY, port).half());
            }
            awaitCount(() -> protocol.openConnections(greedy), 4);

            String refused;
            try (RawConnection fifth = RawConnection.open(GREEDY, port)) {
                refused = fifth.get("/actuator/health");
            }
            assertThat(refused).startsWith("HTTP/1.1 429 ").contains("\r\nContent-Type: application/problem+json\r\n",
                    "\r\nRetry-After: 1\r\n", "\r\nConnection: close\r\n");
            JsonNode problem = json.readTree(refused.substring(refused.indexOf("\r\n\r\n") + 4));
            assertThat(problem.path("type").asString()).isEqualTo("https://descent.dev/problems/too-many-connections");
            assertThat(problem.path("title").asString()).isEqualTo("Too many connections");
            assertThat(problem.path("status").asInt()).isEqualTo(429);
            assertThat(problem.path("detail").asString()).contains("has 4 connections open");
            assertThat(protocol.refusedConnections()).isEqualTo(refusedBefore + 1);
            assertThat(meters.get("descent.rejections").tag("reason", "too-many-connections").functionCounter()
                    .count()).isEqualTo(refusedBefore + 1);
            assertThat(protocol.openConnections(greedy)).isEqualTo(4);

            try (RawConnection other = RawConnection.open(OTHER, port)) {
                assertThat(other.get("/actuator/health")).startsWith("HTTP/1.1 200 ").contains("\"UP\"");
            }

            held.remove(0).close();
            awaitCount(() -> protocol.openConnections(greedy), 3);
            try (RawConnection again = RawConnection.open(GREEDY, port)) {
                assertThat(again.get("/actuator/health")).startsWith("HTTP/1.1 200 ").contains("\"UP\"");
            }
        } finally {
            for (RawConnection connection : held) {
                connection.close();
            }
        }
        // Every connection counted is uncounted, whoever closed it: the client, or the service after an answer.
        awaitCount(() -> protocol.openConnections(greedy), 0);
        InetAddress other = InetAddress.getByName(OTHER);
        awaitCount(() -> protocol.openConnections(other), 0);
    }

    /** Waits up to 10 s for {@code count} to reach {@code expected} (the service's threads count as they go). */
    static void awaitCount(IntSupplier count, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (count.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(count.getAsInt()).isEqualTo(expected);
    }
}
