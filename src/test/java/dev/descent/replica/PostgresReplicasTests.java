package dev.descent.replica;

import dev.descent.TestPostgres;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/** {@link ReplicasContract} on a real PostgreSQL, the way replicas share jobs: a database of its own per test. */
class PostgresReplicasTests extends ReplicasContract {

    private String url;

    @BeforeEach
    void newDatabase() {
        url = TestPostgres.newDatabase();
    }

    @Override
    Map<String, Object> database() {
        return Map.of("spring.datasource.url", url, "spring.datasource.username", TestPostgres.user(),
                "spring.datasource.password", "");
    }
}
