package dev.descent.export;

import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The ready requests of {@link ExportExamples}, on the request body of POST /api/v1/exports/pytorch. */
@Configuration(proxyBeanMethods = false)
class ExportOpenApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    OpenApiCustomizer exportExamplesCustomizer() {
        return openApi -> {
            MediaType json = openApi.getPaths().get(ExportController.PYTORCH).getPost().getRequestBody()
                    .getContent().get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
            ExportExamples.ALL.forEach((name, example) -> json.addExamples(name,
                    new Example().summary(example.summary()).value(JSON.readValue(example.json(), Object.class))));
        };
    }
}
