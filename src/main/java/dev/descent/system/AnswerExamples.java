package dev.descent.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The 200 examples of the OpenAPI document: real answers of the service, kept in {@value #FOLDER} as
 * {@code <operationId>.json} (an operation with request examples: the answer to its first one). Without them, Swagger
 * UI composes an answer from the schemas' field examples, whose numbers do not belong together. A test
 * ({@code AnswerExamplesTests}) sends each request again and keeps these files equal to the answers (apart from
 * times and ids), and rewrites them when asked to.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 1)
public class AnswerExamples implements OpenApiCustomizer {

    /** Where the answers are, on the class path. */
    public static final String FOLDER = "openapi/answers/";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            ClassPathResource answer = new ClassPathResource(FOLDER + operation.getOperationId() + ".json");
            ApiResponse ok = operation.getResponses() == null ? null : operation.getResponses().get("200");
            MediaType json = ok == null || ok.getContent() == null ? null
                    : ok.getContent().get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
            if (json == null || !answer.exists()) {
                return;
            }
            try (InputStream in = answer.getInputStream()) {
                json.addExamples("answer", new Example()
                        .summary(operation.getRequestBody() == null ? "An answer of the service"
                                : "The service's answer to the first request example")
                        .value(JSON.readValue(in, Object.class)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }
}
