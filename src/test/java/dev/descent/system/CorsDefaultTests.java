package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.descent.Mvc;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * CORS by default (no {@code descent.cors.allowed-origins}): no answer carries CORS headers, so a browser keeps
 * every answer from the pages of other origins; a preflight is refused with a 403 problem.
 */
@SpringBootTest
@AutoConfigureMockMvc
class CorsDefaultTests {

    @Autowired
    MockMvc mvc;

    @Test
    @DisplayName("a cross-origin request gets no Access-Control-Allow-Origin")
    void noCorsHeaders() throws Exception {
        MockHttpServletResponse response = Mvc.perform(mvc, get("/api/v1/functions")
                .header("Origin", CorsTests.ALLOWED)).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaderNames()).noneMatch(name -> name.startsWith("Access-Control-"));
    }

    @Test
    @DisplayName("a preflight is refused with a 403 cors-refused problem")
    void preflightRefused() throws Exception {
        String detail = CorsTests.refused(Mvc.perform(mvc, CorsTests.preflight("/api/v1/optimizations",
                CorsTests.ALLOWED, "POST", "content-type")).andReturn().getResponse());
        assertThat(detail).contains("no origin is allowed", "descent.cors.allowed-origins");
    }
}
