package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.descent.Mvc;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CORS with {@code descent.cors.allowed-origins} set: the allowed origins get the CORS headers on preflights and on
 * real requests (also on problems), on the API and on the OpenAPI document; other origins, methods and headers are
 * refused with a 403 problem that says why.
 */
@SpringBootTest(properties = "descent.cors.allowed-origins=https://app.example.com, https://*.descent.test")
@AutoConfigureMockMvc
class CorsTests {

    static final String ALLOWED = "https://app.example.com";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
        return Mvc.perform(mvc, request).andReturn().getResponse();
    }

    static MockHttpServletRequestBuilder preflight(String path, String origin, String method, String headers) {
        MockHttpServletRequestBuilder request = options(path).header("Origin", origin)
                .header("Access-Control-Request-Method", method);
        return headers == null ? request : request.header("Access-Control-Request-Headers", headers);
    }

    /** Asserts a 403 cors-refused problem, and answers its detail. */
    static String refused(MockHttpServletResponse response) throws Exception {
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
        JsonNode problem = JSON.readTree(response.getContentAsString());
        assertThat(problem.path("type").asString()).isEqualTo("https://descent.dev/problems/cors-refused");
        assertThat(problem.path("status").asInt()).isEqualTo(403);
        assertThat(problem.path("requestId").asString()).isEqualTo(response.getHeader("X-Request-Id"));
        return problem.path("detail").asString();
    }

    @Test
    @DisplayName("a preflight from an allowed origin is answered with the CORS headers")
    void preflightAllowed() throws Exception {
        MockHttpServletResponse response = perform(preflight("/api/v1/optimizations", ALLOWED, "POST",
                "content-type, x-request-id, idempotency-key"));
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(response.getHeader("Access-Control-Allow-Methods")).contains("GET", "POST", "DELETE");
        assertThat(response.getHeader("Access-Control-Allow-Headers").toLowerCase())
                .contains("content-type", "x-request-id", "idempotency-key");
        assertThat(response.getHeader("Access-Control-Max-Age")).isEqualTo("1800");
        assertThat(response.getHeader("Access-Control-Allow-Credentials")).isNull();

        // An origin that matches a pattern; the event stream's Last-Event-ID.
        MockHttpServletResponse pattern = perform(preflight("/api/v1/jobs/x/events", "https://ui.descent.test",
                "GET", "last-event-id"));
        assertThat(pattern.getStatus()).isEqualTo(200);
        assertThat(pattern.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://ui.descent.test");
    }

    @Test
    @DisplayName("a real request from an allowed origin gets Access-Control-Allow-Origin and the exposed headers, "
            + "also on a problem")
    void realRequestAllowed() throws Exception {
        MockHttpServletResponse response = perform(post("/api/v1/optimizations").header("Origin", ALLOWED)
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"objective": {"expression": "x^2"}, "start": {"x": 1}, "maxIterations": 5}"""));
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(response.getHeader("Access-Control-Expose-Headers"))
                .contains("Location", "Retry-After", "X-Request-Id");
        assertThat(response.getHeaders("Vary")).contains("Origin");

        MockHttpServletResponse problem = perform(get("/api/v1/jobs/no-such-job").header("Origin", ALLOWED));
        assertThat(problem.getStatus()).isEqualTo(404);
        assertThat(problem.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);

        MockHttpServletResponse document = perform(get("/v3/api-docs").header("Origin", ALLOWED));
        assertThat(document.getStatus()).isEqualTo(200);
        assertThat(document.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    }

    @Test
    @DisplayName("another origin is refused with a 403 problem naming it, on a preflight and on a real request")
    void otherOriginRefused() throws Exception {
        assertThat(refused(perform(preflight("/api/v1/optimizations", "https://evil.example", "POST",
                "content-type")))).contains("'https://evil.example'", "descent.cors.allowed-origins");
        assertThat(refused(perform(get("/api/v1/functions").header("Origin", "https://evil.example"))))
                .contains("'https://evil.example'");
        // A pattern matches whole labels only: not a look-alike domain.
        assertThat(refused(perform(get("/v3/api-docs").header("Origin", "https://descent.test.evil.example"))))
                .contains("may not call this service");
    }

    @Test
    @DisplayName("a method or a header not allowed cross-origin is refused, the problem naming what is allowed")
    void methodsAndHeadersRefused() throws Exception {
        assertThat(refused(perform(preflight("/api/v1/jobs/x", ALLOWED, "PUT", null))))
                .contains("'PUT'", "GET, POST, DELETE, OPTIONS");
        assertThat(refused(perform(preflight("/api/v1/optimizations", ALLOWED, "POST", "x-secret"))))
                .contains("'x-secret'", "Content-Type, Idempotency-Key, X-Request-Id, Last-Event-ID");
        // Of several headers, those allowed are listed; the browser refuses the others itself.
        MockHttpServletResponse some = perform(preflight("/api/v1/optimizations", ALLOWED, "POST",
                "content-type, x-secret"));
        assertThat(some.getStatus()).isEqualTo(200);
        assertThat(some.getHeader("Access-Control-Allow-Headers")).isEqualTo("content-type");
    }

    @Test
    @DisplayName("outside the API and its document, a preflight is refused; same-origin requests need no CORS")
    void outsideTheApi() throws Exception {
        assertThat(refused(perform(preflight("/actuator/health", ALLOWED, "GET", null))))
                .contains("only to /api/ and /v3/api-docs");
        MockHttpServletResponse health = perform(get("/actuator/health").header("Origin", ALLOWED));
        assertThat(health.getStatus()).isEqualTo(200);
        assertThat(health.getHeader("Access-Control-Allow-Origin")).isNull();

        // The playground's own calls carry its origin, which is the service's.
        MockHttpServletResponse same = perform(get("/api/v1/functions").header("Origin", "http://localhost"));
        assertThat(same.getStatus()).isEqualTo(200);
        assertThat(same.getHeader("Access-Control-Allow-Origin")).isNull();
    }
}
