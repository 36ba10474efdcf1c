package dev.descent.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Writes every {@code default} and {@code example} of a number or integer schema as a JSON number. swagger-core
 * keeps an annotation's {@code defaultValue = "1e-6"} as the string {@code "1e-6"}, which generated clients then
 * send back as a string default, and which Swagger UI's number inputs refuse; here it becomes the number 1e-6.
 * Runs last, after every other customizer has added its schemas.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class NumericSchemaValues implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
            openApi.getComponents().getSchemas().values().forEach(schema -> visit(schema, seen));
        }
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            visit(operation, seen);
        }));
    }

    private static void visit(Operation operation, Set<Schema<?>> seen) {
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                visit(parameter.getSchema(), seen);
                if (parameter.getSchema() != null && parameter.getExample() instanceof String text) {
                    Object number = number(parameter.getSchema(), text);
                    if (number != null) {
                        parameter.setExample(number);
                    }
                }
            }
        }
        if (operation.getRequestBody() != null) {
            visit(operation.getRequestBody().getContent(), seen);
        }
        if (operation.getResponses() != null) {
            operation.getResponses().values().forEach(response -> visit(response.getContent(), seen));
        }
    }

    private static void visit(Content content, Set<Schema<?>> seen) {
        if (content != null) {
            content.values().forEach(media -> visit(media.getSchema(), seen));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void visit(Schema schema, Set<Schema<?>> seen) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        if (schema.getDefault() instanceof String text) {
            Object number = number(schema, text);
            if (number != null) {
                schema.setDefault(number);
            }
        }
        if (schema.getExample() instanceof String text) {
            Object number = number(schema, text);
            if (number != null) {
                schema.setExample(number);
            }
        }
        if (schema.getProperties() != null) {
            ((java.util.Map<String, Schema>) schema.getProperties()).values().forEach(p -> visit(p, seen));
        }
        visit(schema.getItems(), seen);
        if (schema.getAdditionalProperties() instanceof Schema additional) {
            visit(additional, seen);
        }
        for (List<Schema> list : new List[] {schema.getOneOf(), schema.getAnyOf(), schema.getAllOf()}) {
            if (list != null) {
                list.forEach(s -> visit(s, seen));
            }
        }
    }

    /** {@code text} as the number the schema's type says, or null when the schema is not numeric. */
    private static Object number(Schema<?> schema, String text) {
        String type = schema.getType();
        if (type == null && schema.getTypes() != null) {
            type = schema.getTypes().contains("integer") ? "integer"
                    : schema.getTypes().contains("number") ? "number" : null;
        }
        if (!"number".equals(type) && !"integer".equals(type)) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(text.trim());
            if ("integer".equals(type)) {
                return value.longValueExact();
            }
            // A plain decimal where it is exact and short (1e-6 stays 1.0E-6 in JSON, which every parser reads).
            return value;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
