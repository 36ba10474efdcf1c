package dev.descent.catalog;

import dev.descent.engine.objective.CatalogFunction;
import dev.descent.engine.objective.FunctionCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists the catalog of standard test functions. */
@RestController
@Tag(name = "Catalog", description = "What the service knows: test functions, optimizer variants and "
        + "learning-rate schedules, and a preview of a schedule's rates.")
class FunctionController {

    private static final List<FunctionView> FUNCTIONS = FunctionCatalog.all().stream()
            .map(FunctionController::view)
            .toList();

    @GetMapping("/api/v1/functions")
    @Operation(summary = "List the catalog functions",
            description = "Each standard test function with its formula, dimensions, usual domain, known minima "
                    + "and default start. Use one as `{\"objective\": {\"function\": name, \"dimension\": n}}`.")
    List<FunctionView> functions() {
        return FUNCTIONS;
    }

    private static FunctionView view(CatalogFunction function) {
        int n = function.defaultDimension();
        return new FunctionView(function.name(), function.description(), function.formula(n), n,
                function.minDimension(), function.maxDimension(),
                List.of(function.domainLower(), function.domainUpper()),
                function.minima(n).stream()
                        .map(m -> new FunctionView.MinimumView(point(m.point()), m.value()))
                        .toList(),
                point(function.defaultStart(n)));
    }

    private static Map<String, Double> point(double[] x) {
        Map<String, Double> point = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) {
            point.put("x" + (i + 1), x[i]);
        }
        return point;
    }
}
