package dev.descent.job.store;

import dev.descent.TestDataDirectory;

/** The job store on embedded H2 in file mode, with the options of application.properties. */
class H2JobStoreTests extends JobStoreContract {

    /** The options after the path in application.properties' spring.datasource.url. */
    static final String OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
            + "DB_CLOSE_ON_EXIT=FALSE";

    @Override
    String newDatabaseUrl() {
        return "jdbc:h2:file:" + TestDataDirectory.newDirectory() + "/descent" + OPTIONS;
    }

    @Override
    String user() {
        return "";
    }
}
