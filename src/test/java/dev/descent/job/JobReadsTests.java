package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.optimization.ObjectiveSpec;
import dev.descent.system.HeapBudget;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The budget of the reads of finished jobs on its own: its size, its refusal, what a read counts (the mechanism, a
 * {@code HeapBudget}, is {@code HeapBudgetTests}').
 */
class JobReadsTests {

    private static JobReads reads(String maxReadBytes) {
        JobProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "descent.jobs.max-read-bytes", maxReadBytes))).bind("descent.jobs", JobProperties.class).get();
        return new JobReads(properties);
    }

    private static void assertBusy(Runnable read) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(ProblemException.class, problem -> {
            assertThat(problem.type()).isEqualTo(ProblemType.BUSY);
            assertThat(problem.headers().getFirst("Retry-After")).isEqualTo(HeapBudget.RETRY_AFTER_SECONDS);
            assertThat(problem.getMessage()).contains("descent.jobs.max-read-bytes");
        });
    }

    @Test
    @DisplayName("reads share descent.jobs.max-read-bytes: one that would pass it beside another is busy, naming it")
    void sharesTheBudget() {
        JobReads reads = reads("1000B");
        assertThat(reads.maxBytes()).isEqualTo(1000);
        try (HeapBudget.Reservation first = reads.reserve(600)) {
            assertBusy(() -> reads.reserve(401));
            try (HeapBudget.Reservation forced = reads.force(500)) {
                assertThat(reads.heldBytes()).as("a forced read, counted against the others").isEqualTo(1100);
            }
            try (HeapBudget.Reservation second = reads.reserve(400)) {
                assertThat(reads.heldBytes()).isEqualTo(1000);
            }
        }
        assertThat(reads.heldBytes()).isZero();
    }

    @Test
    @DisplayName("a read counts for the client of the request it serves: its reads beside each other hold at most half")
    void perClient() {
        JobReads reads = reads("1000B");
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("10.0.0.7");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        try (HeapBudget.Reservation first = reads.reserve(400)) {
            assertThatThrownBy(() -> reads.reserve(101)).isInstanceOfSatisfying(ProblemException.class,
                    problem -> assertThat(problem.getMessage()).contains("one client", "descent.jobs.max-read-bytes"));
            reads.reserve(100).close();
            RequestContextHolder.resetRequestAttributes();
            try (HeapBudget.Reservation other = reads.reserve(600)) {
                assertThat(reads.heldBytes()).as("another thread's read: no client's").isEqualTo(1000);
            }
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
    }

    @Test
    @DisplayName("0 is a quarter of the maximum heap")
    void defaultBudget() {
        assertThat(reads("0").maxBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    }

    @Test
    @DisplayName("a synthetic data set counts its doubles and row order; data that came with the request count nothing "
            + "more")
    void dataBytes() {
        JsonMapper json = JsonMapper.builder().build();
        ObjectiveSpec synthetic = json.readValue("""
                {"regression": {"model": "linear", "synthetic": {"samples": 1000000, "coefficients": [1, 2, 3]}}}""",
                ObjectiveSpec.class);
        // 3 features and the target as doubles (and the data set's fixed 128 bytes), the row's place in the epoch's
        // order as an int.
        assertThat(JobReads.dataBytes(synthetic)).isEqualTo(1_000_000L * (8 * 4 + 4) + 128);
        ObjectiveSpec inline = json.readValue("""
                {"regression": {"model": "linear", "data": {"features": [[1], [2]], "targets": [1, 2]}}}""",
                ObjectiveSpec.class);
        assertThat(JobReads.dataBytes(inline)).isZero();
        assertThat(JobReads.dataBytes(json.readValue("{\"expression\": \"x^2\"}", ObjectiveSpec.class))).isZero();
        assertThat(JobReads.dataBytes(null)).isZero();
    }
}
