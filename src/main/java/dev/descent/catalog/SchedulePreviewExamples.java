package dev.descent.catalog;

import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ready requests of the schedule preview for Swagger UI, by name; {@code http-requests/catalog.http} sends each of
 * them (OpenApiDocumentTests checks that each is there). The first one's answer is the documented answer.
 */
@Configuration(proxyBeanMethods = false)
class SchedulePreviewExamples {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One ready request.
     *
     * @param summary what it shows, as Swagger UI lists it
     * @param json    the request body
     */
    record Ready(String summary, String json) {
    }

    static final Map<String, Ready> ALL = examples();

    private static Map<String, Ready> examples() {
        Map<String, Ready> all = new LinkedHashMap<>();
        all.put("cosine-warmup", new Ready("Cosine annealing over 20 updates after a 5-update warmup, from 0.1",
                """
                {"schedule": {"type": "cosine", "tMax": 20, "warmup": {"steps": 5}}, "learningRate": 0.1,
                 "steps": 20}"""));
        all.put("step", new Ready("Halved every 25 updates, over 100 (try Accept: image/svg+xml)", """
                {"schedule": {"type": "step", "stepSize": 25, "gamma": 0.5}, "learningRate": 0.1, "steps": 100}"""));
        all.put("multi-step", new Ready("Divided by 10 at updates 30 and 80", """
                {"schedule": {"type": "multiStep", "milestones": [30, 80], "gamma": 0.1}, "learningRate": 0.1,
                 "steps": 100}"""));
        all.put("exponential", new Ready("0.95 per update over 200 (a log scale shows a line: scale=log)", """
                {"schedule": {"type": "exponential", "gamma": 0.95}, "learningRate": 0.1, "steps": 200}"""));
        all.put("inverse-time", new Ready("scikit-learn's invscaling at the default rate (no learningRate)", """
                {"schedule": {"type": "inverseTime", "power": 0.5}, "steps": 50}"""));
        return all;
    }

    @Bean
    OpenApiCustomizer schedulePreviewExamplesCustomizer() {
        return openApi -> {
            MediaType json = openApi.getPaths().get(SchedulePreviewController.PATH).getPost().getRequestBody()
                    .getContent().get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
            ALL.forEach((name, example) -> json.addExamples(name,
                    new Example().summary(example.summary()).value(JSON.readValue(example.json(), Object.class))));
        };
    }
}
