package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import dev.descent.engine.optim.OptimizerKinds;
import dev.descent.engine.schedule.ScheduleKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAPI document springdoc generates from the code, and Swagger UI. */
@SpringBootTest
@AutoConfigureMockMvc
class OpenApiDocumentTests {

    @Autowired
    MockMvc mvc;

    private final JsonMapper json = JsonMapper.builder().build();
    private JsonNode doc;

    @BeforeEach
    void fetch() throws Exception {
        String body = Mvc.perform(mvc, get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        doc = json.readTree(body);
    }

    private JsonNode schema(String name) {
        JsonNode schema = doc.path("components").path("schemas").path(name);
        assertThat(schema.isMissingNode()).as("schema %s", name).isFalse();
        return schema;
    }

    @Test
    @DisplayName("documents every endpoint")
    void paths() {
        assertThat(doc.path("paths").propertyNames()).contains("/api/v1/optimizations",
                "/api/v1/optimizations/csv", "/api/v1/functions",
                "/api/v1/optimizers", "/api/v1/schedules", "/api/v1/comparisons", "/api/v1/jobs", "/api/v1/jobs/{id}",
                "/api/v1/jobs/{id}/events", "/api/v1/plots", "/api/v1/plots/grid", "/api/v1/schedules/preview",
                "/api/v1/learning-rate-range-tests", "/api/v1/exports/pytorch", "/api/v1/exports/optax",
                "/api/v1/jobs/{id}/exports/pytorch", "/api/v1/jobs/{id}/exports/optax");
        assertThat(doc.at("/paths/~1api~1v1~1jobs~1{id}/delete").isMissingNode()).isFalse();
        assertThat(doc.at("/paths/~1api~1v1~1jobs~1{id}~1events/get/responses/200/content").propertyNames())
                .contains("text/event-stream");
        assertThat(doc.path("info").path("title").asString()).isEqualTo("Descent");
    }

    @Test
    @DisplayName("offers the ready request examples in Swagger UI")
    void examples() {
        JsonNode examples = doc.at("/paths/~1api~1v1~1optimizations/post/requestBody/content/application~1json"
                + "/examples");
        assertThat(examples.propertyNames()).contains("seed", "rosenbrock-adam", "catalog-function", "diverging",
                "line-search", "schedule", "clipping-and-bounds");
        for (String type : OptimizerKinds.names()) {
            assertThat(examples.propertyNames()).contains("variant-" + type);
        }
        examples.forEach(example -> assertThat(example.path("value").isObject()
                || example.path("value").isString()).isTrue());
        assertThat(examples("/api/v1/comparisons").propertyNames()).containsExactly("optimizers",
                "learning-rate-sweep", "multi-start", "starts");
        assertThat(examples("/api/v1/jobs").propertyNames()).containsExactly("optimization", "explained", "regression",
                "comparison", "long");
    }

    @Test
    @DisplayName("every request body is typed all the way down: no object without properties or typed values, so "
            + "that a generated client has a class for each part (optimizer, schedule, a sequential schedule's parts)")
    void requestBodiesTyped() {
        java.util.Set<String> seen = new java.util.TreeSet<>();
        java.util.List<String> untyped = new java.util.ArrayList<>();
        doc.path("paths").forEach(path -> path.forEach(operation -> operation.path("requestBody").path("content")
                .forEach(media -> walk(media.path("schema"), "requestBody", seen, untyped))));
        assertThat(seen).contains("OptimizationRequest", "ComparisonRequest", "JobRequest", "Optimizer", "Schedule",
                "SequentialSchedule", "AdamOptimizer", "CosineSchedule");
        assertThat(untyped).as("untyped objects in request bodies").isEmpty();
        // What it would report: a free-form object (a Map<String, Object> component), and one of untyped values.
        java.util.List<String> found = new java.util.ArrayList<>();
        walk(json.readTree("{\"type\": \"object\", \"properties\": {\"schedules\": {\"type\": \"array\", "
                + "\"items\": {\"type\": \"object\"}}, \"hyperparameters\": {\"type\": \"object\", "
                + "\"additionalProperties\": {}}}}"), "probe", seen, found);
        assertThat(found).containsExactly("probe.schedules[]", "probe.hyperparameters");
    }

    /** Walks {@code schema}, following references once each, noting each object that says nothing of its members. */
    private void walk(JsonNode schema, String where, java.util.Set<String> seen, java.util.List<String> untyped) {
        if (schema == null || schema.isMissingNode() || !schema.isObject()) {
            return;
        }
        if (schema.has("$ref")) {
            String name = schema.path("$ref").asString().substring("#/components/schemas/".length());
            if (seen.add(name)) {
                walk(schema(name), name, seen, untyped);
            }
            return;
        }
        JsonNode type = schema.path("type");
        boolean object = type.isString() ? "object".equals(type.asString())
                : type.isArray() && type.toString().contains("\"object\"");
        boolean composed = schema.has("oneOf") || schema.has("anyOf") || schema.has("allOf");
        JsonNode values = schema.path("additionalProperties");
        if (object && !schema.has("properties") && !composed && !(values.isObject() && !values.isEmpty())) {
            untyped.add(where);
        }
        if (values.isObject()) {
            walk(values, where + "{}", seen, untyped);
        }
        schema.path("properties").forEachEntry((name, property) -> walk(property, where + "." + name, seen, untyped));
        walk(schema.path("items"), where + "[]", seen, untyped);
        for (String key : java.util.List.of("oneOf", "anyOf", "allOf")) {
            schema.path(key).forEach(part -> walk(part, where, seen, untyped));
        }
    }

    private JsonNode examples(String path) {
        return doc.path("paths").path(path).path("post").path("requestBody").path("content")
                .path("application/json").path("examples");
    }

    @Test
    @DisplayName("documents the plots: image responses, the kind and format parameters, ready examples")
    void plots() {
        JsonNode post = doc.at("/paths/~1api~1v1~1plots/post");
        assertThat(post.at("/responses/200/content").propertyNames()).containsExactlyInAnyOrder("image/svg+xml",
                "image/png");
        assertThat(post.at("/responses/406/content").propertyNames()).contains("application/problem+json");
        List<String> parameters = new ArrayList<>();
        post.path("parameters").forEach(p -> parameters.add(p.path("name").asString()));
        assertThat(parameters).containsExactlyInAnyOrder("kind", "format", "width", "height");
        assertThat(post.at("/requestBody/content/application~1json/examples").propertyNames()).contains("seed",
                "rosenbrock-adam", "himmelblau-momentum", "diverging", "five-variables");
        assertThat(doc.at("/paths/~1api~1v1~1plots~1grid/post/requestBody/content/application~1json/examples")
                .propertyNames()).contains("rosenbrock", "seed-curve");
    }

    @Test
    @DisplayName("documents the schedule preview: typed request and answer, JSON or an image, ready examples")
    void schedulePreview() {
        JsonNode post = doc.at("/paths/~1api~1v1~1schedules~1preview/post");
        assertThat(post.path("operationId").asString()).isEqualTo("previewSchedule");
        assertThat(post.at("/responses/200/content").propertyNames()).containsExactlyInAnyOrder("application/json",
                "image/svg+xml", "image/png");
        assertThat(post.at("/responses/200/content/application~1json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/SchedulePreviewResponse");
        assertThat(post.at("/requestBody/content/application~1json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/SchedulePreviewRequest");
        for (String status : List.of("400", "406", "422", "503")) {
            assertThat(post.at("/responses/" + status + "/content").propertyNames()).as(status)
                    .containsExactly("application/problem+json");
        }
        JsonNode request = schema("SchedulePreviewRequest");
        assertThat(request.path("required")).extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("schedule", "steps");
        assertThat(request.at("/properties/schedule/$ref").asString()).isEqualTo("#/components/schemas/Schedule");
        assertThat(request.at("/properties/learningRate/default").asDouble()).isEqualTo(1e-3);
        assertThat(schema("SchedulePreviewResponse").at("/properties/learningRates/type").asString())
                .isEqualTo("array");
        List<String> parameters = new ArrayList<>();
        post.path("parameters").forEach(p -> parameters.add(p.path("name").asString()));
        assertThat(parameters).containsExactlyInAnyOrder("width", "height", "scale");
        assertThat(examples("/api/v1/schedules/preview").propertyNames()).containsExactly("cosine-warmup", "step",
                "multi-step", "exponential", "inverse-time");
    }

    @Test
    @DisplayName("describes the optimizer as a oneOf over the variants with discriminator type")
    void optimizerUnion() {
        JsonNode union = schema("Optimizer");
        assertThat(union.path("discriminator").path("propertyName").asString()).isEqualTo("type");
        assertThat(union.path("oneOf")).hasSize(OptimizerKinds.all().size());
        assertThat(union.path("discriminator").path("mapping").propertyNames())
                .containsExactlyElementsOf(OptimizerKinds.names());
        JsonNode adam = schema("AdamOptimizer").path("properties");
        assertThat(adam.path("beta1").path("default").asDouble()).isEqualTo(0.9);
        assertThat(adam.path("learningRate").path("default").asDouble()).isEqualTo(1e-3);
        assertThat(adam.path("amsgrad").path("type").asString()).isEqualTo("boolean");
        assertThat(schema("OptimizationRequest").path("properties").path("optimizer").path("$ref").asString())
                .isEqualTo("#/components/schemas/Optimizer");
    }

    @Test
    @DisplayName("types optimizer and schedule: a oneOf with discriminator and mapping, one closed schema per variant")
    void typedUnions() {
        Map<String, List<String>> unions = Map.of(
                "Optimizer", OptimizerKinds.names(), "Schedule", ScheduleKinds.names());
        unions.forEach((name, types) -> {
            JsonNode union = schema(name);
            assertThat(union.has("properties") || union.has("type") || union.has("additionalProperties"))
                    .as("%s is only its oneOf", name).isFalse();
            assertThat(union.path("discriminator").path("propertyName").asString()).isEqualTo("type");
            JsonNode mapping = union.path("discriminator").path("mapping");
            assertThat(mapping.propertyNames()).as(name).containsExactlyElementsOf(types);
            List<String> oneOf = new ArrayList<>();
            union.path("oneOf").forEach(ref -> oneOf.add(ref.path("$ref").asString()));
            List<String> mapped = new ArrayList<>();
            types.forEach(type -> mapped.add(mapping.path(type).asString()));
            assertThat(oneOf).as(name).containsExactlyElementsOf(mapped);
            for (String type : types) {
                String ref = mapping.path(type).asString();
                String variantName = ref.substring(ref.lastIndexOf('/') + 1);
                assertThat(variantName).isEqualTo(type.substring(0, 1).toUpperCase(java.util.Locale.ROOT)
                        + type.substring(1) + name);
                JsonNode variant = schema(variantName);
                assertThat(variant.has("allOf")).as(variantName).isFalse();
                assertThat(variant.path("type").asString()).as(variantName).isEqualTo("object");
                assertThat(variant.path("additionalProperties").isBoolean()
                        && !variant.path("additionalProperties").asBoolean()).as(variantName).isTrue();
                assertThat(variant.path("required").toString()).as(variantName).contains("\"type\"");
                assertThat(variant.path("properties").path("type").path("enum").toString())
                        .as(variantName).isEqualTo("[\"" + type + "\"]");
                List<String> fields = new ArrayList<>(variant.path("properties").propertyNames());
                List<String> expected = new ArrayList<>(List.of("type"));
                (name.equals("Optimizer") ? OptimizerKinds.byName(type).orElseThrow().parameters()
                        : ScheduleKinds.byName(type).orElseThrow().parameters())
                        .forEach(p -> expected.add(p.name()));
                if (name.equals("Schedule") && ScheduleKinds.takesWarmup(ScheduleKinds.byName(type).orElseThrow())) {
                    expected.add("warmup");
                }
                assertThat(fields).as(variantName).containsExactlyElementsOf(expected);
            }
        });
        JsonNode warmup = schema("Warmup");
        assertThat(warmup.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(warmup.path("properties").propertyNames()).containsExactly("steps", "startFactor");
        for (String request : List.of("OptimizationRequest", "ComparisonRequest", "RunSpec")) {
            for (String field : List.of("optimizer", "schedule")) {
                JsonNode property = schema(request).path("properties").path(field);
                Set<String> keys = new TreeSet<>(property.propertyNames());
                assertThat(keys).as("%s.%s", request, field).containsExactly("$ref", "description");
                assertThat(property.path("$ref").asString()).isEqualTo("#/components/schemas/"
                        + (field.equals("optimizer") ? "Optimizer" : "Schedule"));
            }
        }
    }

    @Test
    @DisplayName("gives every request and response field a description and an example")
    void everyFieldDescribed() {
        List<String> missing = new ArrayList<>();
        for (String name : List.of("OptimizationRequest", "ObjectiveSpec", "TrajectoryOptions",
                "OptimizationResponse", "IterateView", "ObjectiveView", "FieldProblem", "FunctionView",
                "MinimumView", "OptimizerView", "ParameterView", "Problem", "LineSearchSpec", "ClippingSpec",
                "RegressionSpec", "InlineData", "CsvData", "SyntheticData", "ModelView", "StandardizationView",
                "ComparisonRequest", "RunSpec", "RandomStarts", "ComparisonResponse", "RunResult", "ComparisonSummary",
                "RankedRun", "MinimumFound", "StartReached", "JobRequest", "OptimizationJob", "ComparisonJob", "JobProgress",
                "RunProgress",
                "ProgressEvent", "JobPage", "PlotRequest", "GridRequest", "GridResponse", "RangeTestRequest",
                "RangeSpec", "RangeTestResponse", "CurvePoint")) {
            Map<String, JsonNode> properties = new java.util.LinkedHashMap<>();
            schema(name).path("properties").properties().forEach(e -> properties.put(e.getKey(), e.getValue()));
            assertThat(properties).as(name).isNotEmpty();
            properties.forEach((field, property) -> {
                if (!property.hasNonNull("description")) {
                    missing.add(name + "." + field + ": description");
                }
                boolean reference = property.has("$ref") || property.path("items").has("$ref")
                        || property.has("allOf") || property.has("oneOf");
                if (!reference && !property.has("example") && !property.has("examples")) {
                    missing.add(name + "." + field + ": example");
                }
            });
        }
        assertThat(missing).isEmpty();
    }

    @Test
    @DisplayName("a receipt's ResolvedRequest has the members of the request it resolves, at every level: the "
            + "request's own, the objective's and the regression's")
    void resolvedRequestMirrorsTheRequest() {
        JsonNode schemas = doc.path("components").path("schemas");
        for (String[] pair : new String[][] {{"ResolvedRequest", "OptimizationRequest"},
                {"ResolvedObjective", "ObjectiveSpec"}, {"ResolvedRegression", "RegressionSpec"}}) {
            assertThat(schemas.path(pair[0]).path("properties").propertyNames()).as(pair[0])
                    .containsExactlyInAnyOrderElementsOf(schemas.path(pair[1]).path("properties").propertyNames());
        }
        assertThat(schemas.at("/ResolvedRequest/properties/optimizer/$ref").asString())
                .isEqualTo("#/components/schemas/Optimizer");
        assertThat(schemas.at("/ResolvedRequest/properties/schedule/$ref").asString())
                .isEqualTo("#/components/schemas/Schedule");
    }

    @Test
    @DisplayName("is a valid OpenAPI 3.1 document (the OpenAPI Initiative's JSON Schema)")
    void validOpenApi31() throws Exception {
        String body = Mvc.perform(mvc, get("/v3/api-docs")).andReturn().getResponse().getContentAsString();
        com.networknt.schema.JsonSchema schema;
        try (var in = getClass().getResourceAsStream("/openapi/oas-3.1-schema-2021-04-15.json")) {
            schema = com.networknt.schema.JsonSchemaFactory
                    .getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        var errors = schema.validate(new com.fasterxml.jackson.databind.ObjectMapper().readTree(body));
        assertThat(errors).as("validation messages").isEmpty();
        assertThat(doc.path("openapi").asString()).startsWith("3.1");
    }

    @Test
    @DisplayName("POST /api/v1/optimizations takes JSON only and has no query parameter")
    void optimizationsTakeJson() {
        JsonNode post = doc.at("/paths/~1api~1v1~1optimizations/post");
        assertThat(post.path("requestBody").path("content").propertyNames()).containsExactly("application/json");
        assertThat(post.path("parameters").isMissingNode() || post.path("parameters").isEmpty())
                .as("parameters %s", post.path("parameters")).isTrue();
    }

    @Test
    @DisplayName("POST /api/v1/optimizations/csv takes a text/csv body or a multipart file, and documents its query "
            + "parameters with a description, a type and an example Swagger UI accepts")
    void optimizationsCsv() {
        JsonNode post = doc.at("/paths/~1api~1v1~1optimizations~1csv/post");
        assertThat(post.path("operationId").asString()).isEqualTo("optimizeCsv");
        JsonNode content = post.path("requestBody").path("content");
        assertThat(content.propertyNames()).containsExactly("text/csv", "multipart/form-data");
        assertThat(content.path("text/csv").path("schema").path("type").asString()).isEqualTo("string");
        assertThat(content.path("text/csv").path("schema").path("example").asString()).startsWith("x,y\n");
        assertThat(content.path("multipart/form-data").path("schema").path("$ref").asString())
                .isEqualTo("#/components/schemas/CsvUpload");
        JsonNode file = doc.at("/components/schemas/CsvUpload/properties/file");
        assertThat(file.path("type").asString()).isEqualTo("string");
        assertThat(file.path("format").asString()).isEqualTo("binary");
        assertThat(post.path("description").asString()).contains("optimizer.<name>", "schedule.<name>");
        List<String> names = new java.util.ArrayList<>();
        // Swagger UI's check of a number input (validateNumber): digits, an optional point and more digits.
        java.util.regex.Pattern swaggerNumber = java.util.regex.Pattern.compile("^-?\\d+(\\.?\\d+)?$");
        for (JsonNode parameter : post.path("parameters")) {
            String name = parameter.path("name").asString();
            names.add(name);
            assertThat(parameter.path("in").asString()).as(name).isEqualTo("query");
            assertThat(parameter.path("description").asString()).as(name).isNotBlank();
            String type = parameter.path("schema").path("type").asString();
            assertThat(type).as(name).isIn("string", "number", "integer", "boolean");
            JsonNode example = parameter.path("example");
            assertThat(example.isMissingNode()).as("%s has an example", name).isFalse();
            switch (type) {
                case "number", "integer" -> {
                    assertThat(example.isNumber()).as(name).isTrue();
                    // As JavaScript writes the number into the input: plainly from 1e-6 up to 1e21.
                    double value = Math.abs(example.asDouble());
                    assertThat(value == 0 || value >= 1e-6 && value < 1e21).as(name).isTrue();
                    assertThat(java.math.BigDecimal.valueOf(example.asDouble()).stripTrailingZeros().toPlainString())
                            .as(name).matches(swaggerNumber);
                }
                case "boolean" -> assertThat(example.isBoolean()).as(name).isTrue();
                default -> assertThat(example.isString()).as(name).isTrue();
            }
        }
        assertThat(names).contains("target", "model", "optimizer", "learningRate", "epochs", "batchSize", "seed",
                "shuffle", "tolerance", "regression.l1", "regression.l2", "regression.fitIntercept",
                "regression.standardize", "trajectory.maxPoints", "trajectory.include").doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("documents work-too-large (422) and busy (503) problems on every endpoint that runs descents")
    void synchronousRunResponses() {
        for (String path : List.of("/api/v1/optimizations", "/api/v1/optimizations/csv", "/api/v1/comparisons",
                "/api/v1/plots", "/api/v1/learning-rate-range-tests", "/api/v1/exports/pytorch",
                "/api/v1/exports/optax")) {
            JsonNode responses = doc.path("paths").path(path).path("post").path("responses");
            for (String status : List.of("422", "503")) {
                assertThat(responses.path(status).path("content").propertyNames()).as("%s %s", path, status)
                        .containsExactly("application/problem+json");
            }
        }
    }

    @Test
    @DisplayName("declares a schema for every response header (OpenAPI 3.1 requires schema or content)")
    void responseHeadersHaveSchemas() {
        List<String> bare = new ArrayList<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                operation.getValue().path("responses").properties().forEach(response ->
                        response.getValue().path("headers").properties().forEach(header -> {
                            if (!header.getValue().has("schema") && !header.getValue().has("content")) {
                                bare.add(path.getKey() + " " + operation.getKey() + " " + response.getKey() + " "
                                        + header.getKey());
                            }
                        }))));
        assertThat(bare).isEmpty();
    }

    @Test
    @DisplayName("serves Swagger UI at /swagger-ui.html")
    void swaggerUi() throws Exception {
        Mvc.perform(mvc, get("/swagger-ui.html")).andExpect(status().is3xxRedirection());
        String page = Mvc.perform(mvc, get("/swagger-ui/index.html")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("swagger-ui");
    }

    @Test
    @DisplayName("the request examples in Swagger UI are among the http-requests/ files")
    void examplesAreInHttpRequests() throws Exception {
        for (String path : List.of("/api/v1/optimizations", "/api/v1/comparisons", "/api/v1/jobs", "/api/v1/plots",
                "/api/v1/plots/grid", "/api/v1/schedules/preview", "/api/v1/learning-rate-range-tests",
                "/api/v1/exports/pytorch", "/api/v1/exports/optax")) {
            assertThat(examples(path).isEmpty()).as(path).isFalse();
            assertExamplesInHttpRequests(path, examples(path));
        }
    }

    private void assertExamplesInHttpRequests(String path, JsonNode examples) throws Exception {
        Set<JsonNode> bodies = new java.util.HashSet<>();
        for (HttpRequestsTests.HttpRequest request : HttpRequestsTests.readAll()) {
            if (request.body().startsWith("{")) {
                bodies.add(json.readTree(request.body()));
            }
        }
        Set<String> absent = new TreeSet<>();
        examples.properties().forEach(e -> {
            JsonNode value = e.getValue().path("value");
            JsonNode body = value.isString() ? json.readTree(value.asString()) : value;
            if (!bodies.contains(body)) {
                absent.add(e.getKey());
            }
        });
        assertThat(absent).as("Swagger examples of %s with no request in http-requests/", path).isEmpty();
    }

    @Test
    @DisplayName("documents the event stream: one schema per event, told apart by `event`")
    void eventStream() {
        JsonNode stream = doc.at("/paths/~1api~1v1~1jobs~1{id}~1events/get/responses/200/content/text~1event-stream");
        assertThat(stream.at("/schema/items/$ref").asString()).isEqualTo("#/components/schemas/JobStreamEvent");
        JsonNode union = schema("JobStreamEvent");
        assertThat(union.at("/discriminator/propertyName").asString()).isEqualTo("event");
        assertThat(union.at("/discriminator/mapping").propertyNames()).containsExactly("progress", "result",
                "shutdown");
        assertThat(schema("ProgressStreamEvent").at("/properties/data/$ref").asString())
                .isEqualTo("#/components/schemas/ProgressEvent");
        assertThat(schema("ResultStreamEvent").at("/properties/data/$ref").asString())
                .isEqualTo("#/components/schemas/JobView");
        assertThat(doc.at("/paths/~1api~1v1~1jobs~1{id}~1events/get/description").asString())
                .contains("`progress`", "`result`", "Last-Event-ID");
    }

    @Test
    @DisplayName("response schemas list the fields every answer has as required")
    void requiredResponseFields() {
        assertThat(names(schema("OptimizationResponse").path("required"))).contains("status", "stopReason",
                "iterations", "minimum", "functionEvaluations", "gradientEvaluations", "objective", "optimizer")
                .doesNotContain("trajectory", "model", "metrics");
        for (String job : List.of("OptimizationJob", "ComparisonJob")) {
            assertThat(names(schema(job).path("required"))).contains("id", "state", "kind", "createdAt")
                    .doesNotContain("result", "finishedAt");
        }
        assertThat(names(schema("Problem").path("required"))).contains("type", "title", "status", "detail",
                "instance");
        for (String name : List.of("IterateView", "ComparisonResponse", "RunResult", "RankedRun", "FunctionView",
                "OptimizerView", "GridResponse", "TrajectoryPage", "JobPage", "ProgressEvent")) {
            assertThat(schema(name).path("required").isEmpty()).as("required fields of %s", name).isFalse();
        }
    }

    @Test
    @DisplayName("the answer's optimizer is the request's typed Optimizer, not an untyped map")
    void typedAnswerOptimizer() {
        JsonNode optimizer = schema("OptimizationResponse").at("/properties/optimizer");
        assertThat(optimizer.path("$ref").asString()).isEqualTo("#/components/schemas/Optimizer");
        assertThat(optimizer.has("additionalProperties")).isFalse();
    }

    @Test
    @DisplayName("documents a job as an optimization's or a comparison's, told apart by `kind`, each with its result")
    void jobKinds() {
        JsonNode job = schema("JobView");
        assertThat(job.at("/discriminator/propertyName").asString()).isEqualTo("kind");
        assertThat(job.at("/discriminator/mapping/optimization").asString())
                .isEqualTo("#/components/schemas/OptimizationJob");
        assertThat(job.at("/discriminator/mapping/comparison").asString())
                .isEqualTo("#/components/schemas/ComparisonJob");
        assertThat(schema("OptimizationJob").at("/properties/result/$ref").asString())
                .isEqualTo("#/components/schemas/OptimizationResponse");
        assertThat(schema("ComparisonJob").at("/properties/result/$ref").asString())
                .isEqualTo("#/components/schemas/ComparisonResponse");
        assertThat(names(schema("ComparisonJob").at("/properties/kind/enum"))).containsExactly("comparison");
    }

    @Test
    @DisplayName("documents the X-Request-Id header of every response")
    void requestIds() {
        List<String> missing = new ArrayList<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            operation.getValue().path("responses").properties().forEach(response -> {
                if (response.getValue().at("/headers/X-Request-Id").isMissingNode()) {
                    missing.add(operation.getKey() + " " + path.getKey() + " " + response.getKey());
                }
            });
        }));
        assertThat(missing).isEmpty();
    }

    @Test
    @DisplayName("documents the API only: not the container's error page")
    void noErrorPage() {
        assertThat(doc.path("paths").propertyNames()).allMatch(path -> path.startsWith("/api/"));
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.asString()));
        return names;
    }
}
