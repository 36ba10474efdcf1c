package dev.descent.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's info; the rest of the document comes from the controllers and records. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI descentOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Descent")
                .version("v1")
                .description("Gradient descent as a service. POST an objective (a formula, with exact gradients "
                        + "by automatic differentiation, or a catalog function), a start, an optimizer (PyTorch's "
                        + "update rules and defaults) and stopping rules; get the trajectory, the minimum and a "
                        + "verdict. Errors are RFC 9457 problem details."));
    }
}
