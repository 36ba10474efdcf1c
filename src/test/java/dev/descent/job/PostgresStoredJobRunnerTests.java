package dev.descent.job;

import dev.descent.TestPostgres;

/** The store-backed runner on a real PostgreSQL (the test JVM's shared server, a database of its own). */
class PostgresStoredJobRunnerTests extends StoredJobRunnerContract {

    @Override
    String newDatabaseUrl() {
        return TestPostgres.newDatabase();
    }

    @Override
    String user() {
        return TestPostgres.user();
    }
}
