package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

/**
 * What Tomcat answers before Spring MVC sees a request, and what it sends to the error page, is a problem too:
 * sent over a raw socket to a real port, as a client that does not speak HTTP well would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    RequestLimitsTests.JSON_LIMIT, RequestLimitsTests.CSV_LIMIT})
@AutoConfigureMockMvc
class ContainerErrorsTests {

    @LocalServerPort
    int port;

    /** One HTTP/1.1 exchange over a fresh connection, the response as text. */
    private String exchange(String requestLine, String headers) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\n" + headers + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The body of a response, chunked or not. */
    private static String body(String response) {
        String headers = response.substring(0, response.indexOf("\r\n\r\n"));
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        if (!headers.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            return body;
        }
        StringBuilder joined = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return joined.toString();
            }
            joined.append(body, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static String header(String response, String name) {
        for (String line : response.substring(0, response.indexOf("\r\n\r\n")).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "TRACE / HTTP/1.1|                                    |405",
        "TRACE /api/v1/functions HTTP/1.1|                    |405",
        "FOO /api/v1/functions HTTP/1.1|                      |405",
        "GET /a b HTTP/1.1|                                   |400",
        "GET /api/v1/jobs/%zz HTTP/1.1|                       |400",
        "GET /api/v1/jobs/a%00b HTTP/1.1|                     |400",
        "GET /api/v1/jobs/a%2Fb HTTP/1.1|                     |400",
        "GET /api/v1/jobs?page=1%ZZ HTTP/1.1|                 |400",
        "GET /api/v1/functions HTTP/1.1|Bad Header: y\\r\\n   |400",
        "GET /error HTTP/1.1|                                 |404",
        "POST /error HTTP/1.1|Content-Length: 0\\r\\n         |404",
        "GET /nothing HTTP/1.1|                               |404"})
    @DisplayName("answers a problem with the right status, nosniff, and nothing of the server")
    void problem(String requestLine, String headers, int status) throws Exception {
        String response = exchange(requestLine, headers == null ? "" : headers.replace("\\r\\n", "\r\n"));
        assertThat(response).as(response).startsWith("HTTP/1.1 " + status);
        String body = body(response);
        ProblemBodiesTests.checkProblem(requestLine, status, String.valueOf(header(response, "Content-Type")), body);
        assertThat(body).doesNotContainIgnoringCase("tomcat").doesNotContainIgnoringCase("apache")
                .doesNotContain("<html");
        assertThat(header(response, "Server")).isNull();
        assertThat(header(response, "X-Content-Type-Options")).isEqualTo("nosniff");
    }
}
