package dev.descent.optimization;

import io.swagger.v3.oas.models.media.Schema;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A receipt's {@link ResolvedRequest} writes a feature that is off as null ({@code lineSearch}, {@code clipping},
 * {@code bounds}, {@code explain}): in its schema each of those is its type or null, a reference as {@code anyOf} the
 * referenced schema and {@code null}, so that the answers validate and generated clients read them as optional. (A
 * schedule is never null there: a Schedule's discriminator inside such an {@code anyOf} is more than validators
 * handle, so the schedule is left out instead when a line search chooses the steps.)
 */
@Configuration(proxyBeanMethods = false)
class ReceiptSchemas {

    static final List<String> NULL_WHEN_OFF = List.of("lineSearch", "clipping", "bounds", "explain");

    @Bean
    OpenApiCustomizer resolvedRequestNullsCustomizer() {
        return openApi -> {
            Map<String, Schema> schemas = openApi.getComponents() == null ? null
                    : openApi.getComponents().getSchemas();
            Schema<?> resolved = schemas == null ? null : schemas.get("ResolvedRequest");
            if (resolved == null || resolved.getProperties() == null) {
                return;
            }
            for (String name : NULL_WHEN_OFF) {
                Schema<?> property = resolved.getProperties().get(name);
                if (property == null) {
                    continue;
                }
                if (property.get$ref() != null) {
                    Schema<Object> either = new Schema<>();
                    either.setDescription(property.getDescription());
                    either.setAnyOf(List.of(new Schema<>().$ref(property.get$ref()), nullSchema()));
                    resolved.getProperties().put(name, either);
                } else {
                    LinkedHashSet<String> types = new LinkedHashSet<>(property.getTypes() == null
                            ? List.of(property.getType()) : property.getTypes());
                    types.add("null");
                    property.setTypes(types);
                }
            }
        };
    }

    private static Schema<Object> nullSchema() {
        Schema<Object> none = new Schema<>();
        none.addType("null");
        return none;
    }
}
