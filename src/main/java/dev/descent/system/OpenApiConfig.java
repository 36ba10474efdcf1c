package dev.descent.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The OpenAPI document's info and its order; the rest of the document comes from the controllers and records.
 *
 * <p>The document is committed as a snapshot from which clients are generated (src/test/resources/openapi), so it
 * must be the same text on every machine and in every run: springdoc lists paths, schemas and tags in the order it
 * meets the controllers, which follows the class path scan (the file system's order, which differs between
 * machines), and names the server after the request's host. Here the paths and schemas are sorted by name, the
 * tags put in a fixed order, and the server is the relative {@code /} (the host that serves the document).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    /** The tags in the order Swagger UI shows them; a tag not listed here follows, by name. */
    static final List<String> TAG_ORDER = List.of("Optimizations", "Comparisons", "Jobs", "Plots", "Catalog");

    @Bean
    OpenAPI descentOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Descent")
                .version("v1")
                .description("Gradient descent as a service. POST an objective (a formula, with exact gradients "
                        + "by automatic differentiation, or a catalog function), a start, an optimizer (PyTorch's "
                        + "update rules and defaults) and stopping rules; get the trajectory, the minimum and a "
                        + "verdict. Errors are RFC 9457 problem details."))
                .servers(List.of(new Server().url("/").description("The host that serves this document")));
    }

    @Bean
    OpenApiCustomizer stableOrderCustomizer() {
        return new StableOrder();
    }

    /** Runs after every other customizer (they add paths' examples and schemas), so that it sorts their work too. */
    private static final class StableOrder implements OpenApiCustomizer, Ordered {

        @Override
        public void customise(OpenAPI openApi) {
            if (openApi.getPaths() != null) {
                Paths sorted = new Paths();
                new TreeMap<>(openApi.getPaths()).forEach(sorted::addPathItem);
                sorted.setExtensions(openApi.getPaths().getExtensions());
                openApi.setPaths(sorted);
            }
            if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
                Map<String, Schema> schemas = new LinkedHashMap<>(new TreeMap<>(openApi.getComponents().getSchemas()));
                openApi.getComponents().setSchemas(schemas);
            }
            if (openApi.getTags() != null) {
                openApi.setTags(new java.util.ArrayList<>(openApi.getTags().stream().sorted(Comparator
                        .comparingInt((Tag tag) -> TAG_ORDER.contains(tag.getName())
                                ? TAG_ORDER.indexOf(tag.getName()) : TAG_ORDER.size())
                        .thenComparing(Tag::getName)).toList()));
            }
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
