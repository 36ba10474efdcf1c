package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies past their limits are 413 {@code too-large} problems, whether their {@code Content-Length} says so
 * or they are sent without one (chunked) and found too large while being read. The limits are small here (4 kB of
 * JSON, 2 kB of CSV) so that the bodies are too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    RequestLimitsTests.JSON_LIMIT, RequestLimitsTests.CSV_LIMIT})
@AutoConfigureMockMvc
class RequestLimitsTests {

    static final String JSON_LIMIT = "spring.jackson.factory.constraints.read.max-document-length=4000";
    static final String CSV_LIMIT = "descent.optimization.max-csv-bytes=2KB";
    private static final String TOO_LARGE = "https://descent.dev/problems/too-large";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @LocalServerPort
    int port;

    /** A linear data set of {@code rows} rows, y = 1 + 2 x. */
    static String csv(int rows) {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < rows; i++) {
            csv.append(i).append(',').append(1 + 2 * i).append('\n');
        }
        return csv.toString();
    }

    /** A multipart upload of {@code csv} as the part {@code file}, with a Content-Length or chunked. */
    static HttpRequest upload(int port, String query, String csv, boolean chunked) {
        String boundary = "descent-test";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.csv\""
                + "\r\nContent-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(new ByteArrayInputStream(body),
                        InputStream.nullInputStream()))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/optimizations/csv?" + query))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(publisher).build();
    }

    /** An optimization request padded with spaces to {@code bytes} bytes. */
    static String json(int bytes) {
        String request = "{\"objective\": {\"expression\": \"x^2\"}, \"start\": {\"x\": 1}}";
        return request + " ".repeat(Math.max(0, bytes - request.length()));
    }

    private static void tooLarge(ResultActions actions, long maxBytes) throws Exception {
        actions.andExpect(status().is(413))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(TOO_LARGE))
                .andExpect(jsonPath("$.maxBytes").value(maxBytes));
    }

    @Nested
    @DisplayName("by Content-Length, before reading")
    class ByLength {

        @Test
        @DisplayName("a JSON body over its limit is 413; one at the limit is read")
        void json() throws Exception {
            tooLarge(Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON)
                    .content(RequestLimitsTests.json(4001))), 4000);
            Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON)
                    .content(RequestLimitsTests.json(4000))).andExpect(status().isOk());
        }

        @Test
        @DisplayName("a text/csv body over its own limit is 413; one under it is fitted")
        void csv() throws Exception {
            String large = RequestLimitsTests.csv(300);
            assertThat(large.length()).isGreaterThan(2048);
            tooLarge(Mvc.perform(mvc, post("/api/v1/optimizations/csv?model=linear&target=y")
                            .contentType("text/csv").content(large)),
                    2048);
            Mvc.perform(mvc, post("/api/v1/optimizations/csv?model=linear&target=y&epochs=5").contentType("text/csv")
                    .content(RequestLimitsTests.csv(100))).andExpect(status().isOk())
                    .andExpect(jsonPath("$.model.coefficients.x").isNumber());
        }

        @Test
        @DisplayName("a multipart upload over the CSV limit is the same 413 as a text/csv body; one under it is fitted")
        void multipart() throws Exception {
            HttpClient client = HttpClient.newHttpClient();
            String large = RequestLimitsTests.csv(300);
            HttpResponse<String> raw = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                            + "/api/v1/optimizations/csv?model=linear&target=y")).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString(large)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> upload = client.send(RequestLimitsTests.upload(port, "model=linear&target=y", large,
                    false), HttpResponse.BodyHandlers.ofString());
            assertThat(raw.statusCode()).as(raw.body()).isEqualTo(413);
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(413);
            JsonNode rawProblem = JSON.readTree(raw.body());
            JsonNode uploadProblem = JSON.readTree(upload.body());
            assertThat(uploadProblem.path("type").asString()).isEqualTo(TOO_LARGE);
            assertThat(uploadProblem.path("maxBytes")).isEqualTo(rawProblem.path("maxBytes"));
            assertThat(uploadProblem.path("maxBytes").asLong()).isEqualTo(2048);
            assertThat(uploadProblem.path("detail").asString()).startsWith("The request body has ")
                    .endsWith("; it may have at most 2048 bytes (descent.optimization.max-csv-bytes).");
            HttpResponse<String> fits = client.send(RequestLimitsTests.upload(port, "model=linear&target=y&epochs=5",
                    RequestLimitsTests.csv(100), false), HttpResponse.BodyHandlers.ofString());
            assertThat(fits.statusCode()).as(fits.body()).isEqualTo(200);
        }

        @Test
        @DisplayName("the limit is the body's type's: a CSV body under the JSON limit but over its own is refused")
        void byType() throws Exception {
            String csv = RequestLimitsTests.csv(400);
            assertThat(csv.length()).isBetween(2049, 3999);
            tooLarge(Mvc.perform(mvc, post("/api/v1/optimizations/csv?model=linear&target=y")
                    .contentType("text/csv; charset=UTF-8")
                    .content(csv)), 2048);
        }
    }

    @Nested
    @DisplayName("without Content-Length (chunked), while reading")
    class Chunked {

        private final HttpClient client = HttpClient.newHttpClient();

        /** POSTs {@code body} chunked: the publisher of an input stream has no length. */
        private HttpResponse<String> send(String path, String contentType, String body) throws Exception {
            InputStream stream = new SequenceInputStream(
                    new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), InputStream.nullInputStream());
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> stream))
                    .build();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }

        private static void tooLarge(HttpResponse<String> response, long maxBytes) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("type").asString()).isEqualTo(TOO_LARGE);
            assertThat(problem.path("maxBytes").asLong()).isEqualTo(maxBytes);
        }

        @Test
        @DisplayName("a JSON body past its limit is 413")
        void json() throws Exception {
            tooLarge(send("/api/v1/optimizations", "application/json", RequestLimitsTests.json(20_000)), 4000);
            assertThat(send("/api/v1/optimizations", "application/json", RequestLimitsTests.json(3000))
                    .statusCode()).isEqualTo(200);
        }

        @Test
        @DisplayName("a JSON body past its limit inside a long string is 413, not a 400")
        void jsonString() throws Exception {
            tooLarge(send("/api/v1/optimizations", "application/json",
                    "{\"objective\": {\"expression\": \"" + "x+".repeat(10_000) + "x\"}}"), 4000);
        }

        @Test
        @DisplayName("a text/csv body past its limit is 413, read no further")
        void csv() throws Exception {
            tooLarge(send("/api/v1/optimizations/csv?model=linear&target=y", "text/csv",
                    RequestLimitsTests.csv(5000)), 2048);
            HttpResponse<String> fits = send("/api/v1/optimizations/csv?model=linear&target=y&epochs=5", "text/csv",
                    RequestLimitsTests.csv(100));
            assertThat(fits.statusCode()).as(fits.body()).isEqualTo(200);
        }

        @Test
        @DisplayName("a multipart upload past the CSV limit is 413 too-large with the limit, as a text/csv body is")
        void multipart() throws Exception {
            HttpResponse<String> upload = client.send(RequestLimitsTests.upload(port, "model=linear&target=y",
                    RequestLimitsTests.csv(5000), true), HttpResponse.BodyHandlers.ofString());
            tooLarge(upload, 2048);
            assertThat(JSON.readTree(upload.body()).path("detail").asString())
                    .endsWith("; it may have at most 2048 bytes (descent.optimization.max-csv-bytes).");
            HttpResponse<String> fits = client.send(RequestLimitsTests.upload(port, "model=linear&target=y&epochs=5",
                    RequestLimitsTests.csv(100), true), HttpResponse.BodyHandlers.ofString());
            assertThat(fits.statusCode()).as(fits.body()).isEqualTo(200);
        }

        @Test
        @DisplayName("a CSV header line past the limit is 413")
        void header() throws Exception {
            tooLarge(send("/api/v1/optimizations/csv?model=linear&target=y", "text/csv",
                    "y," + "x".repeat(50_000) + "\n1,2\n"),
                    2048);
        }
    }
}
