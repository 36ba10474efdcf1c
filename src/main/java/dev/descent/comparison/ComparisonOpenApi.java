package dev.descent.comparison;

import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The ready requests of {@link ComparisonExamples}, on the request body of POST /api/v1/comparisons. */
@Configuration(proxyBeanMethods = false)
class ComparisonOpenApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    OpenApiCustomizer comparisonExamplesCustomizer() {
        return openApi -> {
            MediaType json = openApi.getPaths().get("/api/v1/comparisons").getPost().getRequestBody().getContent()
                    .get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
            ComparisonExamples.ALL.forEach((name, example) -> json.addExamples(name,
                    new Example().summary(example.summary()).value(JSON.readValue(example.json(), Object.class))));
        };
    }
}
