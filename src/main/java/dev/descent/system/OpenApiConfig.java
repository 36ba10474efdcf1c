package dev.descent.system;

import dev.descent.engine.optim.Hyperparameter;
import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.optim.OptimizerKinds;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's info, and the parts of the schema that come from the engine's registries rather than
 * from Java types: the optimizer is a {@code oneOf} over the variants with discriminator {@code type}, each
 * variant's hyperparameters with their PyTorch defaults and allowed ranges.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String OPTIMIZER_SCHEMA = "Optimizer";

    @Bean
    OpenAPI descentOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Descent")
                .version("v1")
                .description("Gradient descent as a service. POST an objective (a formula, with exact gradients "
                        + "by automatic differentiation, or a catalog function), a start, an optimizer (PyTorch's "
                        + "update rules and defaults) and stopping rules; get the trajectory, the minimum and a "
                        + "verdict. Errors are RFC 9457 problem details.")
                .license(new License().name("Apache-2.0")));
    }

    @Bean
    OpenApiCustomizer optimizerSchemas() {
        return openApi -> {
            boolean v31 = openApi.getSpecVersion() == SpecVersion.V31;
            Schema<Object> union = new Schema<>();
            union.description("An optimizer variant, chosen by `type`, with its hyperparameters; absent "
                    + "hyperparameters take PyTorch's defaults.");
            Discriminator discriminator = new Discriminator().propertyName("type");
            List<Schema> variants = new ArrayList<>();
            for (OptimizerKind kind : OptimizerKinds.all()) {
                String name = variantSchemaName(kind);
                openApi.getComponents().addSchemas(name, variantSchema(kind, v31));
                variants.add(new Schema<>().$ref("#/components/schemas/" + name));
                discriminator.mapping(kind.name(), "#/components/schemas/" + name);
            }
            union.setOneOf(variants);
            union.setDiscriminator(discriminator);
            openApi.getComponents().addSchemas(OPTIMIZER_SCHEMA, union);
        };
    }

    private static Schema<?> variantSchema(OptimizerKind kind, boolean v31) {
        ObjectSchema schema = new ObjectSchema();
        schema.setDescription(kind.summary() + " Matches " + kind.torchEquivalent() + ".");
        schema.addProperty("type", new StringSchema()._enum(List.of(kind.name()))
                .description("The variant: `" + kind.name() + "`.").example(kind.name()));
        schema.addRequiredItem("type");
        for (Hyperparameter p : kind.parameters()) {
            schema.addProperty(p.name(), hyperparameterSchema(p, v31));
        }
        schema.setAdditionalProperties(false);
        return schema;
    }

    private static Schema<?> hyperparameterSchema(Hyperparameter p, boolean v31) {
        if (p.type() == Hyperparameter.Type.BOOLEAN) {
            BooleanSchema flag = new BooleanSchema();
            flag.setDefault(p.defaultValue());
            flag.setExample(p.defaultValue());
            flag.setDescription(p.description());
            return flag;
        }
        NumberSchema number = new NumberSchema();
        number.setFormat("double");
        number.setDefault(p.defaultValue());
        number.setExample(p.defaultValue());
        number.setDescription(p.description() + " Allowed: " + p.range() + ".");
        if (p.minimum() != null) {
            bound(number, BigDecimal.valueOf(p.minimum()), p.minimumInclusive(), v31, true);
        }
        if (p.maximum() != null) {
            bound(number, BigDecimal.valueOf(p.maximum()), p.maximumInclusive(), v31, false);
        }
        return number;
    }

    // OpenAPI 3.1 (JSON Schema 2020-12) writes an exclusive bound as a number; 3.0 as a flag beside the bound.
    private static void bound(NumberSchema schema, BigDecimal value, boolean inclusive, boolean v31, boolean lower) {
        if (inclusive || !v31) {
            if (lower) {
                schema.setMinimum(value);
                schema.setExclusiveMinimum(inclusive ? null : true);
            } else {
                schema.setMaximum(value);
                schema.setExclusiveMaximum(inclusive ? null : true);
            }
        } else if (lower) {
            schema.setExclusiveMinimumValue(value);
        } else {
            schema.setExclusiveMaximumValue(value);
        }
    }

    private static String variantSchemaName(OptimizerKind kind) {
        String name = kind.name();
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1) + "Optimizer";
    }
}
