package dev.descent.replica;

import dev.descent.TestDataDirectory;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link ReplicasContract} on the embedded H2 store: the instances of a test open the same database files (in one JVM
 * H2 shares one open database between them), as one replica restarted on its volume does.
 */
class H2ReplicasTests extends ReplicasContract {

    private String directory;

    @BeforeEach
    void newDirectory() {
        directory = TestDataDirectory.newDirectory().toString();
    }

    @Override
    Map<String, Object> database() {
        return Map.of("descent.jobs.data-dir", directory);
    }
}
