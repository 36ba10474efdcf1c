package dev.descent.optimization;

import dev.descent.system.AnswerExamples;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The schemas of the types that are written by streaming: {@link TrajectoryView} is an array of {@link IterateView}s
 * (the rows layout) or a {@link TrajectoryColumns} (the columns layout), whatever its Java shape, and
 * {@link NumbersView} an array of numbers; the trajectory tables ({@code text/csv}, {@code application/x-ndjson}) are
 * text.
 */
@Configuration(proxyBeanMethods = false)
class StreamedSchemas {

    private static final String ROWS = "TrajectoryRows";
    private static final String COLUMNS = "TrajectoryColumns";
    private static final String CSV_DESCRIPTION = "The trajectory as CSV: a header row (iteration, the variables in "
            + "order, value, gradientNorm, learningRate, and momentum when the schedule cycles it), then one row per "
            + "iterate; a number that is not finite (the start's learning rate) is an empty field.";
    private static final String NDJSON_DESCRIPTION = "The trajectory as newline-delimited JSON: one object per "
            + "iterate and line, members iteration, the variables in order, value, gradientNorm, learningRate (and "
            + "momentum when the schedule cycles it); a number that is not finite (the start's learning rate) is "
            + "null.";

    static {
        SpringDocUtils.getConfig()
                .replaceWithClass(TrajectoryView.class, IterateView[].class)
                .replaceWithClass(NumbersView.class, Double[].class);
    }

    /**
     * A trajectory in an answer is one of its two layouts ({@code oneOf}), so that generated clients read both; the
     * trajectory tables of the operations that write them are text, not the JSON answer's schema (each its own
     * media type object, which {@link AnswerExamples} gives its example, before or after this).
     */
    @Bean
    OpenApiCustomizer trajectoryLayoutsCustomizer() {
        return openApi -> {
            Map<String, Schema> schemas = openApi.getComponents() == null ? null
                    : openApi.getComponents().getSchemas();
            if (schemas == null) {
                return;
            }
            ModelConverters.getInstance(true).read(TrajectoryColumns.class).forEach(schemas::putIfAbsent);
            nullableNumbers(schemas.get(COLUMNS));
            schemas.putIfAbsent(ROWS, new ArraySchema().items(new Schema<>().$ref("#/components/schemas/IterateView"))
                    .description("A trajectory in the rows layout: one iterate per element, in iteration order."));
            eitherLayout(schemas.get("OptimizationResponse"), "trajectory");
            eitherLayout(schemas.get("TrajectoryPage"), "points");
            tables(openApi);
        };
    }

    /**
     * The columns' numbers are null where they are not finite (the start's learning rate always): their items are
     * {@code ["number", "null"]}.
     */
    private static void nullableNumbers(Schema<?> columns) {
        if (columns == null || columns.getProperties() == null) {
            return;
        }
        List<Schema<?>> arrays = new ArrayList<>();
        for (String name : List.of("value", "gradientNorm", "learningRate", "momentum")) {
            arrays.add(columns.getProperties().get(name));
        }
        Schema<?> point = columns.getProperties().get("point");
        if (point != null && point.getAdditionalProperties() instanceof Schema<?> coordinates) {
            arrays.add(coordinates);
        }
        for (Schema<?> array : arrays) {
            if (array != null && array.getItems() != null) {
                array.getItems().setTypes(new LinkedHashSet<>(List.of("number", "null")));
            }
        }
    }

    private static void eitherLayout(Schema<?> owner, String property) {
        if (owner == null || owner.getProperties() == null || owner.getProperties().get(property) == null) {
            return;
        }
        // Both named: openapi-generator's Java client cannot read an inline array in a oneOf (it writes
        // List<IterateView>.class), and reads a named one as a model of its own (generateAliasAsModel).
        Schema<Object> either = new Schema<>();
        either.setDescription(owner.getProperties().get(property).getDescription());
        either.setOneOf(List.of(new Schema<>().$ref("#/components/schemas/" + ROWS),
                new Schema<>().$ref("#/components/schemas/" + COLUMNS)));
        owner.getProperties().put(property, either);
    }

    private static void tables(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            ApiResponse ok = operation.getResponses() == null ? null : operation.getResponses().get("200");
            Content content = ok == null ? null : ok.getContent();
            if (content == null) {
                return;
            }
            if (content.get(TrajectoryTableConverter.TEXT_CSV) != null) {
                AnswerExamples.unshared(content, TrajectoryTableConverter.TEXT_CSV)
                        .setSchema(new StringSchema().description(CSV_DESCRIPTION));
            }
            if (content.get(TrajectoryTableConverter.NDJSON) != null) {
                AnswerExamples.unshared(content, TrajectoryTableConverter.NDJSON)
                        .setSchema(new StringSchema().description(NDJSON_DESCRIPTION));
            }
        }));
    }
}
