package dev.descent.system;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.descent.Mvc;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAPI document as the snapshot holds it: two-space indents, one array element a line, LF, a final LF. */
final class OpenApiJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OpenApiJson() {
    }

    /** The document the service serves at /v3/api-docs, as a tree. */
    static JsonNode served(MockMvc mvc) throws Exception {
        return JSON.readTree(Mvc.perform(mvc, get("/v3/api-docs")).andReturn().getResponse().getContentAsString());
    }

    static String pretty(String document) {
        JsonNode tree = JSON.readTree(document);
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        return JSON.writer().with(printer).writeValueAsString(tree) + "\n";
    }
}
