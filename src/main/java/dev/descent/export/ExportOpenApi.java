package dev.descent.export;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The ready requests of {@link ExportExamples}, on the request bodies of POST /api/v1/exports/pytorch and optax. */
@Configuration(proxyBeanMethods = false)
class ExportOpenApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    OpenApiCustomizer exportExamplesCustomizer() {
        return openApi -> {
            add(openApi, ExportController.PYTORCH, ExportExamples.ALL);
            add(openApi, ExportController.OPTAX, ExportExamples.OPTAX);
        };
    }

    private static void add(OpenAPI openApi, String path, Map<String, ExportExamples.Example> examples) {
        MediaType json = openApi.getPaths().get(path).getPost().getRequestBody().getContent()
                .get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
        examples.forEach((name, example) -> json.addExamples(name,
                new Example().summary(example.summary()).value(JSON.readValue(example.json(), Object.class))));
    }
}
