package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.ServletWebRequest;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DatabindException;

/** The advice on its own, for the paths the request size filter normally closes before they are reached. */
class ProblemAdviceTests {

    private static final HttpInputMessage BODY = new HttpInputMessage() {
        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public HttpHeaders getHeaders() {
            return new HttpHeaders();
        }
    };

    @Test
    @DisplayName("Jackson's own document limit is a 413 too-large, naming the property, not Jackson")
    void jacksonDocumentLimit() {
        ProblemAdvice advice = new ProblemAdvice(4000,
                new org.springframework.beans.factory.support.DefaultListableBeanFactory()
                        .getBeanProvider(BodySizeLimit.class));
        HttpMessageNotReadableException ex = new HttpMessageNotReadableException("JSON parse error",
                new StreamConstraintsException("Document length (4001) exceeds the maximum allowed (4000, from "
                        + "`StreamReadConstraints.getMaxDocumentLength()`)"), BODY);
        ResponseEntity<Object> response = advice.handleHttpMessageNotReadable(ex, new HttpHeaders(),
                HttpStatus.BAD_REQUEST, new ServletWebRequest(new MockHttpServletRequest("POST",
                        "/api/v1/optimizations")));
        assertThat(response.getStatusCode().value()).isEqualTo(413);
        ProblemDetail problem = (ProblemDetail) response.getBody();
        assertThat(problem.getType().toString()).isEqualTo("https://descent.dev/problems/too-large");
        assertThat(problem.getProperties()).containsEntry("maxBytes", 4000L);
        assertThat(problem.getDetail()).contains("spring.jackson.factory.constraints.read.max-document-length")
                .doesNotContain("StreamReadConstraints");
    }

    @Test
    @DisplayName("a client gone while its answer is written (a broken pipe, wrapped by Jackson) is no failure: no "
            + "answer, no error logged; any other exception is a 500 problem")
    void clientGone() {
        ProblemAdvice advice = new ProblemAdvice(4000,
                new org.springframework.beans.factory.support.DefaultListableBeanFactory()
                        .getBeanProvider(BodySizeLimit.class));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/optimizations");
        Exception gone = DatabindException.from((tools.jackson.core.JsonGenerator) null,
                "ServletOutputStream failed to write: java.io.IOException: Broken pipe",
                new UncheckedIOException(new IOException("Broken pipe")));
        assertThat(advice.unexpected(gone, request)).isNull();
        ResponseEntity<ProblemDetail> failure = advice.unexpected(new IllegalStateException("a bug"), request);
        assertThat(failure.getStatusCode().value()).isEqualTo(500);
        assertThat(failure.getBody().getType().toString()).isEqualTo("https://descent.dev/problems/internal-error");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    @DisplayName("a client gone while sending its body, its answer begun, is no failure either: no answer, nothing "
            + "logged at WARN; another failure on a begun answer is still a warning")
    void clientGoneWhileSending(CapturedOutput output) throws Exception {
        ProblemAdvice advice = new ProblemAdvice(4000,
                new org.springframework.beans.factory.support.DefaultListableBeanFactory()
                        .getBeanProvider(BodySizeLimit.class));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/optimizations");
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setCommitted(true);
        HttpMessageNotReadableException gone = new HttpMessageNotReadableException(
                "JSON parse error: java.io.EOFException", new EOFException(),
                new MockHttpInputMessage(new byte[0]));
        assertThat(advice.handleException(gone, new ServletWebRequest(request, response))).isNull();
        assertThat(output.getAll()).doesNotContain("Response already committed");
        HttpMessageNotReadableException junk = new HttpMessageNotReadableException("JSON parse error",
                new IllegalStateException("not JSON"), new MockHttpInputMessage(new byte[0]));
        assertThat(advice.handleException(junk, new ServletWebRequest(request, response))).isNull();
        assertThat(output.getAll()).contains("Response already committed");
    }

    @Test
    @DisplayName("the safety net cuts long members and removes class names")
    void safetyNet() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Cannot read `java.lang.Integer` or dev.descent.optimization.OptimizationRequest " + "x".repeat(5000));
        problem.setProperty("note", "y".repeat(5000));
        Problems.safe(problem);
        assertThat(problem.getDetail()).startsWith("Cannot read a value or a value x").hasSize(Problems.MAX_TEXT + 1);
        assertThat((String) problem.getProperties().get("note")).hasSize(Problems.MAX_TEXT + 1);
    }
}
