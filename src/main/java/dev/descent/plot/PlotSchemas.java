package dev.descent.plot;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The ready requests of {@link PlotExamples} on the request bodies of POST /api/v1/plots and its grid. */
@Configuration(proxyBeanMethods = false)
class PlotSchemas {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    OpenApiCustomizer plotExamplesCustomizer() {
        return openApi -> {
            addExamples(openApi, "/api/v1/plots", PlotExamples.ALL);
            // GRIDS is a Map.of, whose order changes from JVM to JVM: sorted, the document is the same every run.
            addExamples(openApi, "/api/v1/plots/grid", new TreeMap<>(PlotExamples.GRIDS));
        };
    }

    private static void addExamples(OpenAPI openApi, String path, Map<String, PlotExamples.Example> examples) {
        MediaType json = openApi.getPaths().get(path).getPost().getRequestBody().getContent()
                .get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
        examples.forEach((name, example) -> json.addExamples(name,
                new Example().summary(example.summary()).value(JSON.readValue(example.json(), Object.class))));
    }
}
