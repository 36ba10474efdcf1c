package dev.descent.job.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.descent.DescentApplication;
import dev.descent.TestPostgres;
import dev.descent.job.store.JobStore.NewJob;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's job store as configured: embedded H2 in files under descent.jobs.data-dir by default (a directory
 * per test context, never the repository's data/), PostgreSQL when spring.datasource.url names one; Flyway's schema
 * on either; readiness follows the database while liveness and the synchronous endpoints do not.
 */
class JobStoreConfigurationTests {

    private static final HttpClient client = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final String OPTIMIZATION = """
            {"objective": {"expression": "x^2"}, "start": {"x": 3}, "optimizer": {"type": "gd", "learningRate": 0.1}}""";

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> optimize(int port) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/optimizations"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString(OPTIMIZATION)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode readinessComponents(int port) throws Exception {
        HttpResponse<String> readiness = get(port, "/actuator/health/readiness");
        return json.readTree(readiness.body()).path("components");
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "management.endpoint.health.group.readiness.show-components=always")
    class EmbeddedByDefault {

        @Autowired
        DataSource dataSource;

        @Autowired
        JobStore store;

        @LocalServerPort
        int port;

        @Test
        @DisplayName("the default store is H2 in a file under this context's data directory, migrated by Flyway")
        void h2FileUnderTheDataDirectory() {
            String url = ((HikariDataSource) dataSource).getJdbcUrl();
            assertThat(url).startsWith("jdbc:h2:file:").contains("MODE=PostgreSQL").contains("DB_CLOSE_ON_EXIT=FALSE");
            String path = url.substring("jdbc:h2:file:".length(), url.indexOf(';'));
            assertThat(Path.of(path).startsWith(Path.of("target", "test-data").toAbsolutePath()))
                    .as(path + " is under target/test-data").isTrue();
            assertThat(Path.of(path).resolveSibling("descent.mv.db")).exists();
            assertThat(JdbcClient.create(dataSource).sql("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL")
                    .query(String.class).list()).containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6");

            String id = UUID.randomUUID().toString();
            assertThat(store.insert(new NewJob(id, JobKind.OPTIMIZATION, "{}", null)).created()).isTrue();
            assertThat(store.find(id)).isPresent();
        }

        @Test
        @DisplayName("readiness includes the database")
        void readinessIncludesTheDatabase() throws Exception {
            assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
            JsonNode components = readinessComponents(port);
            assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
            assertThat(components.path("readinessState").path("status").asString()).isEqualTo("UP");
        }
    }

    @Test
    @DisplayName("on PostgreSQL by spring.datasource.url: migrated and ready; when the database goes, readiness is "
            + "DOWN while liveness and the synchronous endpoints go on")
    void postgresAndLosingIt() throws Exception {
        String url = TestPostgres.newDatabase();
        ConfigurableApplicationContext app = new SpringApplicationBuilder(DescentApplication.class)
                .run("--server.port=0", "--spring.datasource.url=" + url,
                        "--spring.datasource.username=" + TestPostgres.user(),
                        "--spring.datasource.hikari.connection-timeout=1000",
                        "--management.endpoint.health.group.readiness.show-components=always");
        try {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            DataSource dataSource = app.getBean(DataSource.class);
            assertThat(((HikariDataSource) dataSource).getJdbcUrl()).isEqualTo(url);
            assertThat(JdbcClient.create(dataSource).sql("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL")
                    .query(String.class).list()).containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6");
            assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
            assertThat(readinessComponents(port).path("db").path("status").asString()).isEqualTo("UP");

            // The database disappears under the running service (its connections closed by the server).
            String database = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
            try (Connection admin = DriverManager.getConnection(url.replace("/" + database, "/postgres"),
                    TestPostgres.user(), "");
                 Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE " + database + " WITH (FORCE)");
            }
            HttpResponse<String> readiness = get(port, "/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(json.readTree(readiness.body()).path("components").path("db").path("status").asString())
                    .isEqualTo("DOWN");
            assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
            assertThat(optimize(port).statusCode()).isEqualTo(200);
        } finally {
            app.close();
        }
    }
}
