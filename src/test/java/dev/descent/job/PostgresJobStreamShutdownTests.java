package dev.descent.job;

import org.springframework.test.context.TestPropertySource;

/** {@link JobStreamShutdownTests} on a real PostgreSQL (a database of its own on the test JVM's server) instead of the embedded H2. */
@TestPropertySource(properties = "descent.test.store=postgres")
class PostgresJobStreamShutdownTests extends JobStreamShutdownTests {
}
