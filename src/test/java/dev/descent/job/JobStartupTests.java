package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.DescentApplication;
import dev.descent.job.store.JobStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The job service starts its timers (the sweep of expired jobs, the claims) only once the store's schema is there:
 * on a new database, Flyway migrates before anything reads or writes the jobs.
 */
@ExtendWith(OutputCaptureExtension.class)
class JobStartupTests {

    @Test
    @DisplayName("on a new database the first sweep of expired jobs, due a millisecond after the job service is made, "
            + "finds the schema migrated: nothing logged but the service's start")
    void sweepsAfterTheMigration(CapturedOutput output) throws Exception {
        // A new data directory (TestDataDirectory): an empty H2 database, migrated at start.
        ConfigurableApplicationContext app = new SpringApplicationBuilder(DescentApplication.class)
                .run("--server.port=0", "--descent.jobs.sweep-interval=1ms");
        try {
            // A few sweeps more, then what the first ones logged.
            Thread.sleep(50);
            assertThat(app.getBean(JobStore.class).countByState()).isNotEmpty();
            assertThat(output.getAll()).doesNotContain("Could not delete the expired jobs")
                    .doesNotContain("Table \"jobs\" not found").doesNotContain("relation \"jobs\" does not exist");
        } finally {
            app.close();
        }
    }
}
