package dev.descent.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Documents {@value RequestIds#HEADER} as a header of every response of the OpenAPI document: the client's own id
 * when it sent a valid one, or the one the service made. {@link RequestIdFilter} does the work; this only says so
 * where clients look. The request header is not declared as a parameter of every operation: a generated client would
 * then take one more argument in every call. The operations' description of the API (README, *HTTP*) says a client
 * may send it.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 2)
class RequestIdHeaders implements OpenApiCustomizer {

    private static final String PATTERN = "^[A-Za-z0-9._:-]{1,64}$";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            if (operation.getResponses() != null) {
                operation.getResponses().values().forEach(response -> response.addHeaderObject(RequestIds.HEADER,
                        new Header().description("The request's id: the client's own X-Request-Id when it sent a "
                                + "valid one, else one the service made. Every log line of the request carries it.")
                                .schema(new StringSchema().pattern(PATTERN))));
            }
        }));
    }
}
