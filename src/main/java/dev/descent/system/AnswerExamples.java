package dev.descent.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The 200 examples of the OpenAPI document: real answers of the service, kept in {@value #FOLDER} as
 * {@code <operationId>.json} (an operation with request examples: the answer to its first one). Without them, Swagger
 * UI composes an answer from the schemas' field examples, whose numbers do not belong together. An operation that
 * also answers the trajectory as a table has its {@code text/csv} and {@code application/x-ndjson} answers beside it
 * ({@link #EXTENSIONS}). A test
 * ({@code AnswerExamplesTests}) sends each request again and keeps these files equal to the answers (apart from
 * times and ids), and rewrites them when asked to.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 1)
public class AnswerExamples implements OpenApiCustomizer {

    /** Where the answers are, on the class path. */
    public static final String FOLDER = "openapi/answers/";

    /**
     * The file of an answer by its media type: {@code <operationId>.json}, and for the operations that write the
     * trajectory as a table, {@code <operationId>.csv} and {@code <operationId>.ndjson}.
     */
    public static final Map<String, String> EXTENSIONS = Map.of(
            org.springframework.http.MediaType.APPLICATION_JSON_VALUE, ".json",
            "text/csv", ".csv",
            "application/x-ndjson", ".ndjson");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            ApiResponse ok = operation.getResponses() == null ? null : operation.getResponses().get("200");
            if (ok == null || ok.getContent() == null) {
                return;
            }
            String summary = operation.getRequestBody() == null ? "An answer of the service"
                    : "The service's answer to the first request example";
            EXTENSIONS.forEach((type, extension) -> {
                ClassPathResource answer = new ClassPathResource(FOLDER + operation.getOperationId() + extension);
                if (ok.getContent().get(type) == null || !answer.exists()) {
                    return;
                }
                MediaType content = unshared(ok.getContent(), type);
                try (InputStream in = answer.getInputStream()) {
                    // JSON as the value it is; a table (CSV, NDJSON) as its text.
                    Object value = extension.equals(".json") ? JSON.readValue(in, Object.class)
                            : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    content.addExamples("answer", new Example().summary(summary).value(value));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }));
    }

    /**
     * The media type {@code type} of {@code content}, its own object: springdoc gives all the media types of an
     * operation's {@code produces} one object, whose examples would be every type's.
     */
    public static MediaType unshared(Content content, String type) {
        MediaType mediaType = content.get(type);
        boolean shared = content.entrySet().stream()
                .anyMatch(other -> !other.getKey().equals(type) && other.getValue() == mediaType);
        if (shared) {
            MediaType own = new MediaType().schema(mediaType.getSchema());
            if (mediaType.getExamples() != null) {
                own.setExamples(new LinkedHashMap<>(mediaType.getExamples()));
            }
            content.addMediaType(type, own);
            return own;
        }
        return mediaType;
    }
}
