package dev.descent.job.store;

import dev.descent.TestDataDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The job store on embedded H2 in file mode, with the very URL of application.properties (its options: PostgreSQL
 * mode, ...), in a new directory.
 */
class H2JobStoreTests extends JobStoreContract {

    @Override
    String newDatabaseUrl() {
        Properties properties = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("spring.datasource.url")
                .replace("${descent.jobs.data-dir}", TestDataDirectory.newDirectory().toString());
    }

    @Override
    String user() {
        return "";
    }
}
