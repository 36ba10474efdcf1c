package dev.descent.job.store;

import dev.descent.TestPostgres;

/** The job store on a real PostgreSQL (the test JVM's shared server, a database of its own). */
class PostgresJobStoreTests extends JobStoreContract {

    @Override
    String newDatabaseUrl() {
        return TestPostgres.newDatabase();
    }

    @Override
    String user() {
        return TestPostgres.user();
    }
}
