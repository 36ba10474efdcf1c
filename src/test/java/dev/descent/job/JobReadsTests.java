package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.optimization.ObjectiveSpec;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** The budget of the reads of finished jobs, on its own: what it admits, what it refuses, what it gives back. */
class JobReadsTests {

    private static JobReads reads(String maxReadBytes) {
        JobProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "descent.jobs.max-read-bytes", maxReadBytes))).bind("descent.jobs", JobProperties.class).get();
        return new JobReads(properties);
    }

    private static void assertBusy(Runnable read) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(ProblemException.class, problem -> {
            assertThat(problem.type()).isEqualTo(ProblemType.BUSY);
            assertThat(problem.headers().getFirst("Retry-After")).isEqualTo(JobReads.RETRY_AFTER_SECONDS);
            assertThat(problem.getMessage()).contains("descent.jobs.max-read-bytes");
        });
    }

    @Test
    @DisplayName("reads are admitted while together they fit, refused at once when one would pass the budget, and "
            + "give their bytes back when closed")
    void admitsWhatFits() {
        JobReads reads = reads("1000B");
        assertThat(reads.maxBytes()).isEqualTo(1000);
        JobReads.Reservation first = reads.reserve(600);
        JobReads.Reservation second = reads.reserve(400);
        assertThat(reads.heldBytes()).isEqualTo(1000);
        assertBusy(() -> reads.reserve(1));
        second.close();
        assertThat(reads.heldBytes()).isEqualTo(600);
        try (JobReads.Reservation third = reads.reserve(300)) {
            assertThat(third.bytes()).isEqualTo(300);
            // Extending past the budget is refused; what the read holds stays reserved until it is closed.
            assertBusy(() -> third.extend(200));
            assertThat(third.bytes()).isEqualTo(300);
            third.extend(100);
            assertThat(reads.heldBytes()).isEqualTo(1000);
        }
        first.close();
        first.close();
        assertThat(reads.heldBytes()).isZero();
    }

    @Test
    @DisplayName("a read alone is admitted however large, and refuses the others while it goes")
    void aloneAlwaysAdmitted() {
        JobReads reads = reads("1000B");
        try (JobReads.Reservation large = reads.reserve(5000)) {
            large.extend(5000);
            assertThat(reads.heldBytes()).isEqualTo(10_000);
            assertBusy(() -> reads.reserve(1));
        }
        try (JobReads.Reservation nothing = reads.reserve(0)) {
            assertThat(nothing.bytes()).isZero();
            try (JobReads.Reservation next = reads.reserve(1000)) {
                assertThat(reads.heldBytes()).isEqualTo(1000);
            }
        }
        assertThat(reads.heldBytes()).isZero();
    }

    @Test
    @DisplayName("a forced read (a DELETE's answer) is admitted whatever the others hold, and counted against them")
    void forcedReads() {
        JobReads reads = reads("1000B");
        try (JobReads.Reservation others = reads.reserve(900);
             JobReads.Reservation forced = reads.force(500)) {
            forced.extend(500);
            assertThat(reads.heldBytes()).isEqualTo(1900);
            assertBusy(() -> reads.reserve(1));
            assertThat(others.bytes() + forced.bytes()).isEqualTo(1900);
        }
        assertThat(reads.heldBytes()).isZero();
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
