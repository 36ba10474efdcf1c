package dev.descent.job;

import dev.descent.system.AnswerExamples;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ready requests of {@link JobExamples}, on the request body of POST /api/v1/jobs; and the schemas of the events
 * of GET /api/v1/jobs/{id}/events, one per event name.
 */
@Configuration(proxyBeanMethods = false)
class JobOpenApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    OpenApiCustomizer jobExamplesCustomizer() {
        return openApi -> {
            MediaType json = openApi.getPaths().get("/api/v1/jobs").getPost().getRequestBody().getContent()
                    .get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
            JobExamples.ALL.forEach((name, example) -> json.addExamples(name,
                    new Example().summary(example.summary()).value(JSON.readValue(example.json(), Object.class))));
            eventSchemas(openApi);
        };
    }

    /**
     * A Server-Sent Events stream is a sequence of events, each with an optional {@code id}, a name ({@code event})
     * and one line of JSON ({@code data}). OpenAPI 3.1 has no type for a stream, so the stream is documented as the
     * array of its events, one schema per event name, told apart by {@code event}.
     */
    private static void eventSchemas(OpenAPI openApi) {
        Discriminator discriminator = new Discriminator().propertyName("event");
        List<Schema> events = List.of(
                event(openApi, discriminator, "progress", "ProgressStreamEvent", "#/components/schemas/ProgressEvent",
                        "A run's progress: its iteration, value and best value, and the trajectory points published "
                                + "since its previous event. Events with points carry an `id` (resume after it with "
                                + "Last-Event-ID); progress without points has none.", false),
                event(openApi, discriminator, "result", "ResultStreamEvent", "#/components/schemas/JobView",
                        "The finished job, with its result, as GET /api/v1/jobs/{id} answers it; the last event of "
                                + "the stream.", true),
                event(openApi, discriminator, "shutdown", "ShutdownStreamEvent", null,
                        "The service is shutting down and ends the stream; reconnect later with Last-Event-ID.",
                        false));
        Schema<Object> union = new Schema<>();
        union.description("One event of a job's stream, by its name (`event`).");
        union.setOneOf(events);
        union.setDiscriminator(discriminator);
        openApi.getComponents().addSchemas("JobStreamEvent", union);

        MediaType stream = openApi.getPaths().get("/api/v1/jobs/{id}/events").getGet().getResponses().get("200")
                .getContent().get(org.springframework.http.MediaType.TEXT_EVENT_STREAM_VALUE);
        stream.setSchema(new ArraySchema().items(new Schema<>().$ref("#/components/schemas/JobStreamEvent"))
                .description("The events in the order they come, each written as `id:` (when it has one), `event:` "
                        + "and one `data:` line of JSON, then a blank line: `progress` events, then one `result`; "
                        + "comment lines (`: keep-alive`) between them."));
        stream.setExample(null);
        // Under OpenAPI 3.1 a cleared example is still written, as "example": null, beside "examples", which
        // openapi-generator refuses; the flag says it is not set.
        stream.setExampleSetFlag(false);
        stream.addExamples("stream", new Example()
                .summary("Progress, then the result (the job's answer of GET /api/v1/jobs/{id}; its trajectory left "
                        + "out here)")
                .value(List.of(JSON.readValue("""
                        {"id": 1, "event": "progress", "data": {"run": 0, "iteration": 1000, "value": 4.2213,
                         "bestValue": 4.2213, "elapsedMillis": 0.9, "points": [{"iteration": 1000,
                         "point": {"x": -1.0541, "y": 1.1152}, "value": 4.2213, "gradientNorm": 3.1796,
                         "learningRate": 0.001}]}}""", Object.class), resultEvent())));
    }

    /** The result event of the first job example, from the answer {@code AnswerExamples} documents for it. */
    private static Object resultEvent() {
        ClassPathResource answer = new ClassPathResource(AnswerExamples.FOLDER + "get.json");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", 2);
        event.put("event", "result");
        if (answer.exists()) {
            try (InputStream in = answer.getInputStream()) {
                ObjectNode job = (ObjectNode) JSON.readTree(in);
                if (job.path("result") instanceof ObjectNode result) {
                    result.remove("trajectory");
                }
                event.put("data", job);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return event;
    }

    private static Schema<?> event(OpenAPI openApi, Discriminator discriminator, String name, String schemaName,
                                   String dataRef, String description, boolean idRequired) {
        ObjectSchema schema = new ObjectSchema();
        schema.setDescription(description);
        schema.addProperty("id", new IntegerSchema().format("int64").description("The event's id: send it back as "
                + "Last-Event-ID to resume after it."));
        schema.addProperty("event", new StringSchema()._enum(List.of(name)).description("The event's name."));
        Schema<?> data = dataRef != null ? new Schema<>().$ref(dataRef) : new ObjectSchema()
                .addProperty("detail", new StringSchema().description("Why the stream ends."))
                .addRequiredItem("detail");
        schema.addProperty("data", data);
        schema.addRequiredItem("event");
        schema.addRequiredItem("data");
        if (idRequired) {
            schema.addRequiredItem("id");
        }
        openApi.getComponents().addSchemas(schemaName, schema);
        discriminator.mapping(name, "#/components/schemas/" + schemaName);
        return new Schema<>().$ref("#/components/schemas/" + schemaName);
    }
}
