package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.descent.Mvc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The document's defaults as a generated client uses them: openapi-generator's clients initialize every property
 * that has a {@code default} and send it. So every default must be a value the server accepts wherever its field
 * may appear, typed as its field. The test fills every default the schemas give into each request example of the
 * document (objects the example has, recursively, the optimizer and schedule variants by their {@code type}) and
 * sends both: the filled request must answer as the example does.
 */
@SpringBootTest
@AutoConfigureMockMvc
class DocumentedDefaultsTests {

    @Autowired
    MockMvc mvc;

    private final JsonMapper json = JsonMapper.builder().build();
    private JsonNode doc;

    @BeforeEach
    void fetch() throws Exception {
        doc = OpenApiJson.served(mvc);
    }

    @Test
    @DisplayName("every default and example of a number is a number, not a string")
    void numbersAreNumbers() {
        List<String> strings = new ArrayList<>();
        walk(doc, "", (path, node) -> {
            String type = type(node);
            if (type != null && (type.equals("number") || type.equals("integer"))) {
                for (String key : List.of("default", "example")) {
                    if (node.has(key) && !node.get(key).isNumber()) {
                        strings.add(path + "/" + key + " = " + node.get(key));
                    }
                }
            }
        });
        assertThat(strings).as("string defaults or examples on numeric schemas").isEmpty();
    }

    @Test
    @DisplayName("each request example answers the same with every documented default filled in")
    void defaultsAreAccepted() throws Exception {
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            JsonNode body = path.getValue().path("post").path("requestBody").path("content")
                    .path(MediaType.APPLICATION_JSON_VALUE);
            for (Map.Entry<String, JsonNode> example : body.path("examples").properties()) {
                JsonNode plain = example.getValue().path("value");
                JsonNode filled = plain.deepCopy();
                fill(filled, body.path("schema"));
                if (filled.equals(plain)) {
                    continue;
                }
                MockHttpServletResponse asIs = send(path.getKey(), plain);
                MockHttpServletResponse withDefaults = send(path.getKey(), filled);
                if (asIs.getStatus() / 100 == 2) {
                    accepted++;
                }
                // (An example that needs its query parameters, a plot's kind, answers as it does without defaults.)
                if (withDefaults.getStatus() != asIs.getStatus()) {
                    failures.add(path.getKey() + " example " + example.getKey() + ": " + asIs.getStatus()
                            + " as is, " + withDefaults.getStatus() + " with defaults " + filled + ": "
                            + withDefaults.getContentAsString());
                }
            }
        }
        assertThat(accepted).as("examples accepted as they are, that have defaults to fill").isGreaterThan(20);
        assertThat(failures).isEmpty();
    }

    @Test
    @DisplayName("an empty list or map a generated client sends for an optional field is as none")
    void emptyIsAbsent() throws Exception {
        String regression = """
                {"objective": {"regression": {"model": "linear", "data": {"features": [[0], [1], [2], [3]],
                  "targets": [1, 3, 5, 7], "featureNames": []}}}, "start": {}, "bounds": {},
                 "optimizer": {"type": "gd", "learningRate": 0.1}, "epochs": 3000, "tolerance": 0}""";
        JsonNode fit = json.readTree(send("/api/v1/optimizations", json.readTree(regression)).getContentAsString());
        // y = 1 + 2 x exactly: the fit finds it, from the default start, with the default feature name.
        assertThat(fit.at("/model/intercept").asDouble()).isCloseTo(1, within(1e-9));
        assertThat(fit.at("/model/coefficients/x1").asDouble()).isCloseTo(2, within(1e-9));

        String sweep = """
                {"objective": {"expression": "x^2"}, "start": {"x": 3}, "runs": [], "starts": [],
                 "learningRates": [0.1, 0.9], "bounds": {}}""";
        JsonNode compared = json.readTree(send("/api/v1/comparisons", json.readTree(sweep)).getContentAsString());
        assertThat(compared.path("runs").size()).isEqualTo(2);

        String none = """
                {"objective": {"expression": "x^2"}, "start": {"x": 3}, "runs": [], "learningRates": []}""";
        assertThat(send("/api/v1/comparisons", json.readTree(none)).getStatus()).isEqualTo(400);
    }

    private MockHttpServletResponse send(String path, JsonNode body) throws Exception {
        MockHttpServletResponse response = Mvc.perform(mvc, post(path).contentType(MediaType.APPLICATION_JSON)
                .content(body.toString())).andReturn().getResponse();
        if (path.equals("/api/v1/jobs") && response.getStatus() == 202) {
            // Cancel it at once, so that the jobs of the next examples are not queued behind it.
            String id = json.readTree(response.getContentAsString()).path("id").asString();
            Mvc.perform(mvc, delete("/api/v1/jobs/" + id));
        }
        return response;
    }

    /** Adds, recursively, the default of every property {@code schema} gives that {@code node} lacks. */
    private void fill(JsonNode node, JsonNode given) {
        JsonNode schema = resolve(given);
        if (schema.has("oneOf") && node.isObject()) {
            JsonNode discriminator = schema.path("discriminator");
            String chosen = node.path(discriminator.path("propertyName").asString()).asString();
            JsonNode target = discriminator.path("mapping").path(chosen);
            if (!target.isMissingNode()) {
                fill(node, json.createObjectNode().put("$ref", target.asString()));
            }
            return;
        }
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
                JsonNode propertySchema = property.getValue();
                if (object.has(property.getKey())) {
                    fill(object.get(property.getKey()), propertySchema);
                } else if (propertySchema.has("default")) {
                    object.set(property.getKey(), propertySchema.get("default"));
                } else if (resolve(propertySchema).has("default")) {
                    object.set(property.getKey(), resolve(propertySchema).get("default"));
                }
            }
            JsonNode additional = schema.path("additionalProperties");
            if (additional.isObject()) {
                object.properties().forEach(entry -> {
                    if (!schema.path("properties").has(entry.getKey())) {
                        fill(entry.getValue(), additional);
                    }
                });
            }
        } else if (node instanceof ArrayNode array && schema.has("items")) {
            array.forEach(item -> fill(item, schema.path("items")));
        }
    }

    private JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            String name = schema.get("$ref").asString().substring("#/components/schemas/".length());
            schema = doc.path("components").path("schemas").path(name);
        }
        return schema;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isString()) {
            return type.asString();
        }
        for (JsonNode t : type) {
            if (!t.asString().equals("null")) {
                return t.asString();
            }
        }
        return null;
    }

    private interface Visitor {
        void visit(String path, JsonNode node);
    }

    private static void walk(JsonNode node, String path, Visitor visitor) {
        if (node.isObject()) {
            visitor.visit(path, node);
            node.properties().forEach(e -> walk(e.getValue(), path + "/" + e.getKey(), visitor));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, visitor);
            }
        }
    }
}
