package dev.descent.catalog;

import dev.descent.engine.optim.OptimizerKinds;
import dev.descent.engine.param.Hyperparameter;
import dev.descent.engine.schedule.ScheduleKinds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists the optimizer variants and the learning-rate schedules, read from the engine's registries. */
@RestController
@Tag(name = "Catalog")
class OptimizerController {

    private static final List<OptimizerView> OPTIMIZERS = OptimizerKinds.all().stream()
            .map(kind -> view(kind.name(), kind.summary(), kind.torchEquivalent(), kind.parameters()))
            .toList();

    private static final List<OptimizerView> SCHEDULES = ScheduleKinds.all().stream()
            .map(kind -> view(kind.name(), kind.summary(), kind.torchEquivalent(), kind.parameters()))
            .toList();

    private static OptimizerView view(String type, String summary, String pytorch, List<Hyperparameter> parameters) {
        return new OptimizerView(type, summary, pytorch, parameters.stream().map(ParameterView::of).toList());
    }

    @GetMapping("/api/v1/optimizers")
    @Operation(summary = "List the optimizer variants",
            description = "Every `optimizer.type` with each hyperparameter's name, PyTorch default, allowed range "
                    + "and meaning.")
    List<OptimizerView> optimizers() {
        return OPTIMIZERS;
    }

    @GetMapping("/api/v1/schedules")
    @Operation(summary = "List the learning-rate schedules",
            description = "Every `schedule.type` with each parameter's name, default, allowed range and meaning. "
                    + "Any schedule also takes `warmup: {steps, startFactor}`.")
    List<OptimizerView> schedules() {
        return SCHEDULES;
    }
}
