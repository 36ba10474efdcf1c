package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.job.store.JobState;
import dev.descent.job.store.JobStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * With {@code descent.jobs.store-runner.enabled=true} the runner is a bean on the application's own store (the
 * default, embedded H2), and it runs nothing by itself.
 */
@SpringBootTest(properties = {"descent.jobs.store-runner.enabled=true", "descent.jobs.lease=10s",
        "descent.jobs.checkpoint-interval=1s"})
class StoredJobRunnerConfigurationTests {

    @Autowired
    StoredJobRunner runner;
    @Autowired
    JobStore store;

    @Test
    @DisplayName("the enabled runner is a bean that claims and runs a job of the application's store when asked")
    void enabled() {
        String id = java.util.UUID.randomUUID().toString();
        store.insert(new JobStore.NewJob(id, "optimization", """
                {"optimization": {"objective": {"expression": "x^2"}, "start": {"x": 3}}}""", null));
        assertThat(store.find(id).orElseThrow().state()).as("nothing runs it by itself").isEqualTo(JobState.QUEUED);
        assertThat(runner.runOnce()).isTrue();
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(runner.runOnce()).isFalse();
    }
}
