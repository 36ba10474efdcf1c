package dev.descent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every test application context a job store of its own, in a new directory under {@code target/test-data}
 * (which {@code mvn clean} removes), instead of the repository's {@code data/}: no test sees another's jobs or those
 * of an earlier build. A test that sets {@code descent.jobs.data-dir} itself (to restart on the same files) keeps its
 * own. A test that sets {@code descent.test.store=postgres} (and chooses no store of its own) gets a new database on the test JVM's PostgreSQL server
 * instead ({@link TestPostgres}): the same tests against both stores. Registered for every context in
 * {@code META-INF/spring.factories}.
 */
public class TestDataDirectory implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The property that asks for a PostgreSQL store: {@code postgres}. */
    public static final String STORE = "descent.test.store";

    /** The default of application.properties, which tests must not write into. */
    static final String DEFAULT = "./data";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if ("postgres".equals(environment.getProperty(STORE))
                && DEFAULT.equals(environment.getProperty("descent.jobs.data-dir"))
                && environment.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:")) {
            environment.getPropertySources().addFirst(new MapPropertySource("testPostgres", Map.of(
                    "spring.datasource.url", TestPostgres.newDatabase(),
                    "spring.datasource.username", TestPostgres.user(),
                    "spring.datasource.password", "")));
            return;
        }
        if (!DEFAULT.equals(environment.getProperty("descent.jobs.data-dir"))) {
            return;
        }
        environment.getPropertySources().addFirst(new MapPropertySource("testDataDirectory",
                Map.of("descent.jobs.data-dir", newDirectory().toString())));
    }

    /** A new empty directory under target/test-data, as an absolute path. */
    public static Path newDirectory() {
        try {
            Path parent = Files.createDirectories(Path.of("target", "test-data"));
            return Files.createTempDirectory(parent, "store-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
