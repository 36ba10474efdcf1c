package dev.descent.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.engine.objective.CatalogFunction;
import dev.descent.engine.objective.FunctionCatalog;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.Runs;
import dev.descent.engine.stop.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered variant × several target functions (optax's product test): with PyTorch's defaults and a
 * learning rate of 0.001, 3000 steps from the function's default start must end lower than they began, without
 * diverging, and every iterate must stay finite. A variant whose update had a sign or a state error fails here even
 * where no golden trajectory covers it.
 */
class OptimizerFamilyTests {

    static Stream<Arguments> variantsAndFunctions() {
        List<Arguments> cases = new ArrayList<>();
        for (OptimizerKind kind : OptimizerKinds.all()) {
            for (String function : List.of("sphere", "booth", "himmelblau", "rosenbrock")) {
                cases.add(Arguments.of(kind.name(), function));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("variantsAndFunctions")
    @DisplayName("every variant descends every target function")
    void descends(String variant, String function) {
        OptimizerKind kind = OptimizerKinds.byName(variant).orElseThrow();
        // Adadelta's learning rate only rescales its self-sized steps: keep PyTorch's 1.0 for it.
        Map<String, ?> settings = variant.equals("adadelta") ? Map.of() : Map.of("learningRate", 0.001);
        OptimizerKind.Configured configured = kind.configure(settings);
        CatalogFunction target = FunctionCatalog.byName(function).orElseThrow();
        int n = target.defaultDimension();
        Result result = Runs.run(target.objective(n), target.defaultStart(n), configured.optimizer(),
                configured.learningRate(), 3000, 0);

        assertThat(result.stopReason().status()).isEqualTo(Status.MAX_ITERATIONS);
        double start = result.trajectory().get(0).value();
        assertThat(result.last().value()).as("f after 3000 steps, from %s", start).isLessThan(start);
        result.trajectory().all().forEach(iterate -> assertThat(iterate.value()).isFinite());
    }
}
