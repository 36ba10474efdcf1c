package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The OpenAPI document as committed ({@value #SNAPSHOT}) is the one the service serves: the generated Java client
 * (openapi-generator, {@code generate-test-sources}) is made from the committed file, so a change of the API that
 * is not in the snapshot would leave the client test testing yesterday's contract.
 *
 * <p>On a mismatch the served document is written to {@value #SERVED} to compare with. After a deliberate change
 * of the API, {@code ./mvnw test -Dtest=OpenApiSnapshotTests -Dopenapi.snapshot.update=true} rewrites the snapshot
 * (then review the diff and commit it).
 */
@SpringBootTest
@AutoConfigureMockMvc
class OpenApiSnapshotTests {

    static final String SNAPSHOT = "src/test/resources/openapi/descent-openapi.json";
    static final String SERVED = "target/openapi/descent-openapi.json";

    @Autowired
    MockMvc mvc;

    /** The served document, pretty-printed in its own key order (which a second test shows is stable). */
    static String served(MockMvc mvc) throws Exception {
        String body = Mvc.perform(mvc, get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        return OpenApiJson.pretty(body);
    }

    @Test
    @DisplayName("the committed snapshot is the served document (update: -Dopenapi.snapshot.update=true)")
    void snapshotIsServed() throws Exception {
        String served = served(mvc);
        Path snapshot = Path.of(SNAPSHOT);
        if (Boolean.getBoolean("openapi.snapshot.update")) {
            Files.createDirectories(snapshot.getParent());
            Files.writeString(snapshot, served);
        }
        String committed = Files.exists(snapshot) ? Files.readString(snapshot) : "";
        if (!committed.equals(served)) {
            Path written = Path.of(SERVED);
            Files.createDirectories(written.getParent());
            Files.writeString(written, served);
            throw new AssertionError("The served OpenAPI document differs from the committed snapshot " + SNAPSHOT
                    + " (first difference at line " + firstDifferentLine(committed, served) + "). The served one is "
                    + "in " + SERVED + ": diff " + SNAPSHOT + " " + SERVED + ". If the change of the API is meant, "
                    + "update the snapshot with ./mvnw test -Dtest=OpenApiSnapshotTests "
                    + "-Dopenapi.snapshot.update=true and commit it (the generated client is made from it).");
        }
    }

    @Test
    @DisplayName("the served document is the same text every time it is asked for")
    void servedIsStable() throws Exception {
        assertThat(served(mvc)).isEqualTo(served(mvc));
    }

    private static String firstDifferentLine(String a, String b) {
        String[] left = a.split("\n", -1);
        String[] right = b.split("\n", -1);
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            if (!left[i].equals(right[i])) {
                return (i + 1) + ": committed '" + left[i].strip() + "', served '" + right[i].strip() + "'";
            }
        }
        return String.valueOf(Math.min(left.length, right.length) + 1);
    }
}
