package dev.descent.catalog;

import dev.descent.engine.optim.Hyperparameter;
import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.optim.OptimizerKinds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists the optimizer variants, read from the engine's registry. */
@RestController
@Tag(name = "Catalog")
class OptimizerController {

    private static final List<OptimizerView> OPTIMIZERS = OptimizerKinds.all().stream()
            .map(OptimizerController::view)
            .toList();

    @GetMapping("/api/v1/optimizers")
    @Operation(summary = "List the optimizer variants",
            description = "Every `optimizer.type` with each hyperparameter's name, PyTorch default, allowed range "
                    + "and meaning.")
    List<OptimizerView> optimizers() {
        return OPTIMIZERS;
    }

    private static OptimizerView view(OptimizerKind kind) {
        return new OptimizerView(kind.name(), kind.summary(), kind.torchEquivalent(),
                kind.parameters().stream().map(OptimizerController::view).toList());
    }

    private static OptimizerView.ParameterView view(Hyperparameter p) {
        return new OptimizerView.ParameterView(p.name(),
                p.type() == Hyperparameter.Type.REAL ? "number" : "boolean", p.defaultValue(),
                p.type() == Hyperparameter.Type.REAL ? p.range() : null, p.description());
    }
}
