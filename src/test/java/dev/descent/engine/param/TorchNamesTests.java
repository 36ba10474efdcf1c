package dev.descent.engine.param;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.optim.OptimizerKinds;
import dev.descent.engine.schedule.ScheduleKind;
import dev.descent.engine.schedule.ScheduleKinds;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** PyTorch's spellings and the Descent names they stand for. */
class TorchNamesTests {

    private static final List<String> ADAM = names(OptimizerKinds.byName("adam").orElseThrow().parameters());

    private static List<String> names(List<Hyperparameter> parameters) {
        return parameters.stream().map(Hyperparameter::name).toList();
    }

    @Test
    @DisplayName("every Descent name in the tables is one the registries know (no stale entry)")
    void tablesNameRegistryEntries() {
        Set<String> hyperparameters = new TreeSet<>(names(ScheduleKinds.WARMUP));
        OptimizerKinds.all().forEach(kind -> hyperparameters.addAll(names(kind.parameters())));
        ScheduleKinds.all().forEach(kind -> hyperparameters.addAll(names(kind.parameters())));
        TorchNames.hyperparameters().forEach((torch, descent) ->
                assertThat(hyperparameters).as(torch).containsAll(descent));
        Set<String> types = new TreeSet<>(OptimizerKinds.names());
        types.addAll(ScheduleKinds.names());
        assertThat(types).containsAll(TorchNames.types().values());
    }

    @Test
    @DisplayName("every optimizer and schedule answers to its PyTorch class name")
    void everyTorchClassHasAnEntry() {
        for (OptimizerKind kind : OptimizerKinds.all()) {
            String torch = kind.torchEquivalent().replaceFirst("^torch\\.optim\\.", "").replaceFirst("\\(.*", "");
            assertThat(TorchNames.type(torch, OptimizerKinds.names())).as(kind.name()).isPresent()
                    .hasValueSatisfying(s -> assertThat(s).startsWith(kind.name().equals("momentum")
                            || kind.name().equals("nesterov") ? "gd" : kind.name()));
        }
        for (ScheduleKind kind : ScheduleKinds.all()) {
            if (kind.torchEquivalent().startsWith("torch.optim.lr_scheduler.")) {
                String torch = kind.torchEquivalent().replaceFirst("^torch\\.optim\\.lr_scheduler\\.", "")
                        .replaceFirst("\\(.*", "");
                assertThat(TorchNames.type(torch, ScheduleKinds.names())).as(kind.name()).contains(kind.name());
            }
        }
    }

    @Test
    @DisplayName("a hyperparameter: PyTorch's spelling, then snake_case in camelCase, else nothing")
    void hyperparameters() {
        assertThat(TorchNames.hyperparameter("adam", "lr", ADAM)).contains("learningRate");
        assertThat(TorchNames.hyperparameter("adam", "betas", ADAM)).contains("beta1 and beta2");
        assertThat(TorchNames.hyperparameter("adam", "eps", ADAM)).contains("epsilon");
        assertThat(TorchNames.hyperparameter("adam", "weight_decay", ADAM)).contains("weightDecay");
        assertThat(TorchNames.hyperparameter("adam", "learning_rate", ADAM)).contains("learningRate");
        assertThat(TorchNames.hyperparameter("adam", "Beta1", ADAM)).contains("beta1");
        assertThat(TorchNames.hyperparameter("adam", "decoupled_weight_decay", ADAM)).contains("type adamw");
        assertThat(TorchNames.hyperparameter("gd", "nesterov", List.of("learningRate", "weightDecay")))
                .contains("type nesterov");
        assertThat(TorchNames.hyperparameter("adam", "momentum", ADAM)).isEmpty();
        assertThat(TorchNames.hyperparameter("adam", "lr_decay", ADAM)).as("lrDecay is not adam's").isEmpty();
        assertThat(TorchNames.hyperparameter("cosine", "T_max", List.of("tMax", "etaMin"))).contains("tMax");
    }

    @Test
    @DisplayName("a type: PyTorch's class name in any case, or the same name in another case")
    void types() {
        assertThat(TorchNames.type("SGD", OptimizerKinds.names()))
                .contains("gd (or momentum / nesterov with momentum > 0)");
        assertThat(TorchNames.type("sgd", OptimizerKinds.names()))
                .contains("gd (or momentum / nesterov with momentum > 0)");
        assertThat(TorchNames.type("steplr", ScheduleKinds.names())).contains("step");
        assertThat(TorchNames.type("AdamW", OptimizerKinds.names())).contains("adamw");
        assertThat(TorchNames.type("ADAM", OptimizerKinds.names())).contains("adam");
        assertThat(TorchNames.type("ReduceLROnPlateau", ScheduleKinds.names())).contains("reduceOnPlateau");
        assertThat(TorchNames.type("StepLR", OptimizerKinds.names())).as("not an optimizer").isEmpty();
        assertThat(TorchNames.type("LBFGS", OptimizerKinds.names())).contains("lbfgs");
        assertThat(TorchNames.type("SparseAdam", OptimizerKinds.names())).isEmpty();
    }

    @Test
    @DisplayName("the message names the suggestion first and keeps the known names")
    void message() {
        assertThat(TorchNames.unknown("unknown hyperparameter for 'adam'", Optional.of("learningRate"), ADAM))
                .isEqualTo("unknown hyperparameter for 'adam'; did you mean learningRate? (known: learningRate, "
                        + "beta1, beta2, epsilon, weightDecay, amsgrad, maximize)");
        assertThat(TorchNames.unknown("unknown optimizer 'x'", Optional.empty(), List.of("gd", "adam")))
                .isEqualTo("unknown optimizer 'x'; known: gd, adam");
    }
}
