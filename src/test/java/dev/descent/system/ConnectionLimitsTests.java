package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The connection limits sized from the heap, and the answer to a connection past its client's share. */
class ConnectionLimitsTests {

    private static final long MB = 1L << 20;

    @Test
    @DisplayName("at most an eighth of the heap at 48 KB and the write buffer a connection, within Tomcat's limit, "
            + "at least 64")
    void connectionsFromTheHeap() {
        long bytes = new ConnectionLimits.Properties(0, 0, DataSize.ofKilobytes(16)).connectionBytes();
        assertThat(bytes).isEqualTo(64 * 1024);
        assertThat(ConnectionLimits.maxConnections(0, 8192, 256 * MB, bytes)).isEqualTo(512);
        assertThat(ConnectionLimits.maxConnections(0, 8192, 1024 * MB, bytes)).isEqualTo(2048);
        assertThat(ConnectionLimits.maxConnections(0, 8192, 6144 * MB, bytes)).isEqualTo(8192);
        assertThat(ConnectionLimits.maxConnections(0, -1, 6144 * MB, bytes)).isEqualTo(12288);
        assertThat(ConnectionLimits.maxConnections(0, 8192, 16 * MB, bytes)).isEqualTo(64);
        assertThat(ConnectionLimits.maxConnections(1000, 8192, 256 * MB, bytes)).isEqualTo(1000);
        long wide = new ConnectionLimits.Properties(0, 0, DataSize.ofKilobytes(80)).connectionBytes();
        assertThat(ConnectionLimits.maxConnections(0, 8192, 256 * MB, wide)).isEqualTo(256);
    }

    @Test
    @DisplayName("a client's share is a quarter of the limit unless set, and never more than the limit")
    void shareOfOneClient() {
        assertThat(ConnectionLimits.perClient(0, 512)).isEqualTo(128);
        assertThat(ConnectionLimits.perClient(0, 2)).isEqualTo(1);
        assertThat(ConnectionLimits.perClient(10, 512)).isEqualTo(10);
        assertThat(ConnectionLimits.perClient(600, 512)).isEqualTo(512);
        DataSize buffer = DataSize.ofKilobytes(16);
        assertThatThrownBy(() -> new ConnectionLimits.Properties(-1, 0, buffer))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectionLimits.Properties(0, -1, buffer))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectionLimits.Properties(0, 0, DataSize.ofBytes(100)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientConnectionsProtocol().setMaxConnectionsPerClient(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("the refusal is a whole HTTP answer: its Content-Length is its problem's length in bytes")
    void refusalIsAWholeAnswer() {
        String answer = new String(ClientConnectionsProtocol.Endpoint.refusal(128), StandardCharsets.UTF_8);
        int end = answer.indexOf("\r\n\r\n");
        String head = answer.substring(0, end);
        String body = answer.substring(end + 4);
        String length = head.replaceAll("(?s).*\r\nContent-Length: (\\d+).*", "$1");
        assertThat(Integer.parseInt(length)).isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
        JsonNode problem = JsonMapper.builder().build().readTree(body);
        assertThat(problem.path("type").asString()).isEqualTo(ProblemType.TOO_MANY_CONNECTIONS.uri().toString());
        assertThat(problem.path("status").asInt()).isEqualTo(ProblemType.TOO_MANY_CONNECTIONS.status().value());
        assertThat(problem.path("detail").asString()).contains("128 connections");
    }
}
