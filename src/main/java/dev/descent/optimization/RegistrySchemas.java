package dev.descent.optimization;

import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.optim.OptimizerKinds;
import dev.descent.engine.param.Hyperparameter;
import dev.descent.engine.schedule.ScheduleKind;
import dev.descent.engine.schedule.ScheduleKinds;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the request schemas take from the engine's registries: {@code Optimizer} is a {@code oneOf} over the
 * optimizer variants and {@code Schedule} over the learning-rate schedules, each with discriminator {@code type}
 * (springdoc makes them from {@link OptimizerSpec} and {@link ScheduleSpec}), and each variant's fields get the
 * registry's descriptions, defaults and ranges. So Swagger UI shows each variant's own fields, and generated
 * clients get one class per variant. Also the ready request examples of {@link OptimizationExamples}.
 */
@Configuration(proxyBeanMethods = false)
class RegistrySchemas {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    OpenApiCustomizer registrySchemasCustomizer() {
        return openApi -> {
            boolean v31 = openApi.getSpecVersion() == SpecVersion.V31;
            List<Variant> optimizers = new ArrayList<>();
            for (OptimizerKind kind : OptimizerKinds.all()) {
                optimizers.add(new Variant(kind.name(), kind.summary() + " Matches " + kind.torchEquivalent() + ".",
                        kind.parameters(), false));
            }
            union(openApi, "Optimizer", "An optimizer variant, chosen by `type`, with its hyperparameters; absent "
                    + "hyperparameters take PyTorch's defaults.", optimizers, v31, null);

            List<Variant> schedules = new ArrayList<>();
            for (ScheduleKind kind : ScheduleKinds.all()) {
                schedules.add(new Variant(kind.name(), kind.summary() + " Matches " + kind.torchEquivalent() + ".",
                        kind.parameters(), ScheduleKinds.takesWarmup(kind)));
            }
            ObjectSchema warmup = new ObjectSchema();
            warmup.setDescription("A linear warmup in front of the schedule: the rate is multiplied by a factor "
                    + "rising from startFactor at step 0 to 1 at step `steps` (PyTorch's LinearLR, chained).");
            ScheduleKinds.WARMUP.forEach(p -> warmup.addProperty(p.name(), parameterSchema(p, v31)));
            warmup.addRequiredItem("steps");
            warmup.setAdditionalProperties(false);
            openApi.getComponents().addSchemas("Warmup", warmup);
            union(openApi, "Schedule", "A learning-rate schedule, chosen by `type`, with its parameters and an "
                    + "optional `warmup` (not on oneCycle, cyclic, cosineWarmRestarts, sequential).", schedules, v31,
                    "#/components/schemas/Warmup");
            addExamples(openApi);
        };
    }

    /** The ready requests of {@link OptimizationExamples} on the request body of POST /api/v1/optimizations. */
    private static void addExamples(OpenAPI openApi) {
        Content content = openApi.getPaths().get("/api/v1/optimizations").getPost().getRequestBody().getContent();
        MediaType json = content.get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
        OptimizationExamples.ALL.forEach((name, example) -> json.addExamples(name,
                new Example().summary(example.summary()).value(JSON.readValue(example.json(), Object.class))));
    }

    /** One variant of a union: its type, its parameters, and whether it takes a {@code warmup}. */
    private record Variant(String type, String description, List<Hyperparameter> parameters, boolean warmup) {
    }

    /**
     * Completes the union {@code name} that springdoc made from a sealed interface of records ({@code oneOf} and
     * {@code discriminator} from its annotations; a variant as {@code allOf} the union and the record's
     * components): each variant becomes the plain object a generated client makes a class of, its fields described
     * by the registry, which stays the source of the descriptions, defaults and ranges. The union keeps only its
     * {@code oneOf} and {@code discriminator}.
     */
    private static void union(OpenAPI openApi, String name, String description, List<Variant> variants, boolean v31,
                              String warmupRef) {
        Schema<?> union = openApi.getComponents().getSchemas().get(name);
        union.description(description);
        union.setProperties(null);
        union.setRequired(null);
        union.setType(null);
        union.setTypes(null);
        Map<String, String> mapping = union.getDiscriminator().getMapping();
        for (Variant variant : variants) {
            String ref = mapping.get(variant.type());
            String schemaName = ref.substring(ref.lastIndexOf('/') + 1);
            ObjectSchema schema = new ObjectSchema();
            schema.setDescription(variant.description());
            schema.addProperty("type", new StringSchema()._enum(List.of(variant.type()))
                    .description("The variant: `" + variant.type() + "`.").example(variant.type()));
            schema.addRequiredItem("type");
            for (Hyperparameter p : variant.parameters()) {
                schema.addProperty(p.name(), parameterSchema(p, v31));
                if (p.required()) {
                    schema.addRequiredItem(p.name());
                }
            }
            if (variant.warmup()) {
                schema.addProperty("warmup", new Schema<>().$ref(warmupRef));
            }
            schema.setAdditionalProperties(false);
            openApi.getComponents().addSchemas(schemaName, schema);
        }
    }

    @SuppressWarnings("unchecked")
    private static Schema<?> parameterSchema(Hyperparameter p, boolean v31) {
        Schema<?> schema = switch (p.type()) {
            case BOOLEAN -> new BooleanSchema();
            case REAL -> new NumberSchema().format("double");
            case INTEGER -> new IntegerSchema();
            case INTEGER_LIST -> new ArraySchema().items(bounded(new IntegerSchema(), p, v31)).minItems(1);
            case CHOICE -> new StringSchema()._enum(p.choices());
            case SCHEDULE_LIST -> new ArraySchema().items(new Schema<>().$ref("#/components/schemas/Schedule"))
                    .minItems(1);
        };
        if (p.optional()) {
            // Absent or null: the update rule derives the value or goes without (lbfgs's maxEval, lineSearchFn).
            if (v31) {
                schema.addType("null");
            } else {
                schema.setNullable(true);
            }
            if (p.type() == Hyperparameter.Type.CHOICE) {
                // An enum lists every value allowed: null too.
                List<String> values = new ArrayList<>(p.choices());
                values.add(null);
                ((Schema<String>) schema).setEnum(values);
            }
        }
        if (p.type() == Hyperparameter.Type.REAL || p.type() == Hyperparameter.Type.INTEGER) {
            bounded(schema, p, v31);
        }
        String range = p.range().isEmpty() ? "" : " Allowed: " + p.range() + ".";
        schema.setDescription(p.description() + range + (p.required() ? " Required." : ""));
        if (p.defaultValue() != null) {
            schema.setDefault(p.defaultValue());
            schema.setExample(p.defaultValue());
        } else if (p.optional()) {
            schema.setExample(p.type() == Hyperparameter.Type.CHOICE ? p.choices().get(0) : 25);
        } else {
            schema.setExample(switch (p.type()) {
                case INTEGER_LIST -> List.of(10, 20);
                case SCHEDULE_LIST -> JSON.readValue("[{\"type\": \"linear\", \"startFactor\": 0.1, "
                        + "\"totalIters\": 10}, {\"type\": \"cosine\", \"tMax\": 90}]", List.class);
                default -> 10;
            });
        }
        return schema;
    }

    // OpenAPI 3.1 (JSON Schema 2020-12) writes an exclusive bound as a number; 3.0 as a flag beside the bound.
    private static Schema<?> bounded(Schema<?> schema, Hyperparameter p, boolean v31) {
        if (p.minimum() != null) {
            BigDecimal value = BigDecimal.valueOf(p.minimum());
            if (p.minimumInclusive() || !v31) {
                schema.setMinimum(value);
                schema.setExclusiveMinimum(p.minimumInclusive() ? null : true);
            } else {
                schema.setExclusiveMinimumValue(value);
            }
        }
        if (p.maximum() != null) {
            BigDecimal value = BigDecimal.valueOf(p.maximum());
            if (p.maximumInclusive() || !v31) {
                schema.setMaximum(value);
                schema.setExclusiveMaximum(p.maximumInclusive() ? null : true);
            } else {
                schema.setExclusiveMaximumValue(value);
            }
        }
        return schema;
    }
}
