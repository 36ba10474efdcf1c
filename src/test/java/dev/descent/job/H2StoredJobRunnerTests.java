package dev.descent.job;

import dev.descent.TestDataDirectory;

/** The store-backed runner on embedded H2 in file mode, in a new directory. */
class H2StoredJobRunnerTests extends StoredJobRunnerContract {

    @Override
    String newDatabaseUrl() {
        return "jdbc:h2:file:" + TestDataDirectory.newDirectory() + "/descent;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    }

    @Override
    String user() {
        return "";
    }
}
