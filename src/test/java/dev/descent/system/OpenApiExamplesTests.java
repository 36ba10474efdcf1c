package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import dev.descent.Mvc;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Every example in the served OpenAPI document is an instance of the schema it illustrates: the request examples
 * Swagger UI offers, the response examples, the parameters' examples and the examples on schema properties, each
 * validated (JSON Schema 2020-12, the dialect of OpenAPI 3.1) against its schema with the {@code $ref}s resolved
 * in the document's components. All mismatches are reported together, each with where the example is.
 */
@SpringBootTest
@AutoConfigureMockMvc
class OpenApiExamplesTests {

    /** The document's address for the validator: the schemas' {@code #/components/...} refs resolve against it. */
    private static final String DOCUMENT = "https://descent.dev/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    @Autowired
    MockMvc mvc;

    private final ObjectMapper json = new ObjectMapper();
    private ObjectNode doc;

    @BeforeEach
    void fetch() throws Exception {
        String body = Mvc.perform(mvc, get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        doc = (ObjectNode) json.readTree(body);
    }

    /** An example and the schema it should be an instance of, and where in the document it is. */
    private record Example(String where, JsonNode schema, JsonNode value) {
    }

    @Test
    @DisplayName("every request, response and parameter example matches its schema")
    void operationExamples() throws Exception {
        List<Example> examples = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            if (!METHODS.contains(entry.getKey())) {
                return;
            }
            String operation = entry.getKey().toUpperCase() + " " + path.getKey();
            JsonNode op = entry.getValue();
            op.path("parameters").forEach(parameter -> mediaExamples(parameter,
                    operation + " parameter " + parameter.path("name").asText(), examples::add));
            op.path("requestBody").path("content").fields().forEachRemaining(media -> mediaExamples(media.getValue(),
                    operation + " request body " + media.getKey(), examples::add));
            op.path("responses").fields().forEachRemaining(response -> response.getValue().path("content").fields()
                    .forEachRemaining(media -> mediaExamples(media.getValue(), operation + " response "
                            + response.getKey() + " " + media.getKey(), examples::add)));
        }));
        assertThat(examples).as("examples in the document").hasSizeGreaterThan(30);
        assertThat(mismatches(examples)).as("examples that do not match their schema").isEmpty();
    }

    @Test
    @DisplayName("every example on a schema or one of its properties matches that schema")
    void schemaExamples() throws Exception {
        List<Example> examples = new ArrayList<>();
        doc.path("components").path("schemas").fields().forEachRemaining(schema ->
                schemaExamples(schema.getValue(), "schema " + schema.getKey(), examples));
        assertThat(examples).as("examples on schemas").hasSizeGreaterThan(100);
        assertThat(mismatches(examples)).as("schema examples that do not match their schema").isEmpty();
    }

    /** The {@code example} and {@code examples} of a media type or parameter, with its schema. */
    private static void mediaExamples(JsonNode holder, String where, java.util.function.Consumer<Example> found) {
        JsonNode schema = holder.path("schema");
        if (schema.isMissingNode()) {
            return;
        }
        if (holder.has("example")) {
            found.accept(new Example(where + " example", schema, holder.get("example")));
        }
        holder.path("examples").fields().forEachRemaining(example -> {
            if (example.getValue().has("value")) {
                found.accept(new Example(where + " example '" + example.getKey() + "'", schema,
                        example.getValue().get("value")));
            }
        });
    }

    /** Examples on a schema and, recursively, on its properties and items (each checked without itself). */
    private void schemaExamples(JsonNode schema, String where, List<Example> found) {
        if (!schema.isObject()) {
            return;
        }
        ObjectNode bare = ((ObjectNode) schema).deepCopy();
        bare.remove(List.of("example", "examples"));
        if (schema.has("example")) {
            found.add(new Example(where + " example", bare, schema.get("example")));
        }
        if (schema.path("examples").isArray()) {
            schema.get("examples").forEach(value -> found.add(new Example(where + " examples[]", bare, value)));
        }
        schema.path("properties").fields().forEachRemaining(property ->
                schemaExamples(property.getValue(), where + "." + property.getKey(), found));
        schemaExamples(schema.path("items"), where + "[]", found);
        if (schema.path("additionalProperties").isObject()) {
            schemaExamples(schema.get("additionalProperties"), where + ".*", found);
        }
    }

    /**
     * Validates each example against its schema. The schemas go into a copy of the document (under
     * {@code x-examples-schemas}), so that inline schemas and component schemas alike resolve their refs there.
     */
    private List<String> mismatches(List<Example> examples) {
        ObjectNode root = doc.deepCopy();
        ArrayNode schemas = root.putArray("x-example-schemas");
        examples.forEach(example -> schemas.add(example.schema()));
        String text = root.toString();
        // OpenAPI 3.1's dialect: JSON Schema 2020-12 with example, discriminator, xml and externalDocs as annotations.
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.metaSchema(OpenApi31.getInstance())
                        .defaultMetaSchemaIri(OpenApi31.getInstance().getIri())
                        .schemaLoaders(loaders -> loaders.schemas(Map.of(DOCUMENT, text))));
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            Example example = examples.get(i);
            JsonSchema schema = factory.getSchema(SchemaLocation.of(DOCUMENT + "#/x-example-schemas/" + i));
            Set<ValidationMessage> messages = schema.validate(example.value());
            if (!messages.isEmpty()) {
                mismatches.add(example.where() + ": " + messages.stream().map(ValidationMessage::getMessage)
                        .sorted().distinct().limit(8).toList());
            }
        }
        return mismatches;
    }

    @Test
    @DisplayName("the check sees a mismatch: a request example with a wrong type, and one with an unknown field")
    void checkFindsMismatches() throws Exception {
        JsonNode request = json.readTree("{\"$ref\": \"#/components/schemas/OptimizationRequest\"}");
        List<String> found = mismatches(List.of(
                new Example("wrong type", request, json.readTree("{\"objective\": {\"expression\": \"x^2\"}, "
                        + "\"maxIterations\": \"many\"}")),
                new Example("fine", request, json.readTree("{\"objective\": {\"expression\": \"x^2\"}, "
                        + "\"start\": {\"x\": 1}, \"optimizer\": {\"type\": \"adam\", \"beta1\": 0.5}}")),
                new Example("beta1 out of range", request, json.readTree("{\"objective\": {\"expression\": "
                        + "\"x^2\"}, \"optimizer\": {\"type\": \"adam\", \"beta1\": 1.5}}"))));
        assertThat(found).hasSize(2);
        assertThat(found.get(0)).startsWith("wrong type").contains("maxIterations");
        assertThat(found.get(1)).startsWith("beta1 out of range");
    }
}
