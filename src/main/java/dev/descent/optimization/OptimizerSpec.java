package dev.descent.optimization;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.descent.system.ObjectTypeResolver;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.annotation.JsonTypeResolver;

/**
 * An optimizer in a request: one record per variant of the registry ({@link dev.descent.engine.optim.OptimizerKinds}),
 * chosen by {@code type} ({@code {"type": "adam", "beta1": 0.8}}). A component is a hyperparameter of the
 * variant under its registry name, {@code null} for the registry's default; the registry checks the values
 * ({@link dev.descent.engine.optim.OptimizerKind#configure}) and describes them in the OpenAPI document
 * ({@link RegistrySchemas}). A test keeps the records equal to the registry.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonTypeResolver(ObjectTypeResolver.class)
@JsonSubTypes({
        @JsonSubTypes.Type(OptimizerSpec.Gd.class),
        @JsonSubTypes.Type(OptimizerSpec.Momentum.class),
        @JsonSubTypes.Type(OptimizerSpec.Nesterov.class),
        @JsonSubTypes.Type(OptimizerSpec.Adagrad.class),
        @JsonSubTypes.Type(OptimizerSpec.RmsProp.class),
        @JsonSubTypes.Type(OptimizerSpec.Adadelta.class),
        @JsonSubTypes.Type(OptimizerSpec.Adam.class),
        @JsonSubTypes.Type(OptimizerSpec.AdamW.class),
        @JsonSubTypes.Type(OptimizerSpec.Adamax.class),
        @JsonSubTypes.Type(OptimizerSpec.NAdam.class),
        @JsonSubTypes.Type(OptimizerSpec.RAdam.class),
        @JsonSubTypes.Type(OptimizerSpec.Rprop.class),
        @JsonSubTypes.Type(OptimizerSpec.Asgd.class),
        @JsonSubTypes.Type(OptimizerSpec.Lbfgs.class)})
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Optimizer",
        description = "An optimizer variant, chosen by `type`, with its hyperparameters; absent hyperparameters "
                + "take PyTorch's defaults.",
        oneOf = {
                OptimizerSpec.Gd.class,
                OptimizerSpec.Momentum.class,
                OptimizerSpec.Nesterov.class,
                OptimizerSpec.Adagrad.class,
                OptimizerSpec.RmsProp.class,
                OptimizerSpec.Adadelta.class,
                OptimizerSpec.Adam.class,
                OptimizerSpec.AdamW.class,
                OptimizerSpec.Adamax.class,
                OptimizerSpec.NAdam.class,
                OptimizerSpec.RAdam.class,
                OptimizerSpec.Rprop.class,
                OptimizerSpec.Asgd.class,
                OptimizerSpec.Lbfgs.class},
        discriminatorProperty = "type",
        discriminatorMapping = {
                @DiscriminatorMapping(value = "gd", schema = OptimizerSpec.Gd.class),
                @DiscriminatorMapping(value = "momentum", schema = OptimizerSpec.Momentum.class),
                @DiscriminatorMapping(value = "nesterov", schema = OptimizerSpec.Nesterov.class),
                @DiscriminatorMapping(value = "adagrad", schema = OptimizerSpec.Adagrad.class),
                @DiscriminatorMapping(value = "rmsprop", schema = OptimizerSpec.RmsProp.class),
                @DiscriminatorMapping(value = "adadelta", schema = OptimizerSpec.Adadelta.class),
                @DiscriminatorMapping(value = "adam", schema = OptimizerSpec.Adam.class),
                @DiscriminatorMapping(value = "adamw", schema = OptimizerSpec.AdamW.class),
                @DiscriminatorMapping(value = "adamax", schema = OptimizerSpec.Adamax.class),
                @DiscriminatorMapping(value = "nadam", schema = OptimizerSpec.NAdam.class),
                @DiscriminatorMapping(value = "radam", schema = OptimizerSpec.RAdam.class),
                @DiscriminatorMapping(value = "rprop", schema = OptimizerSpec.Rprop.class),
                @DiscriminatorMapping(value = "asgd", schema = OptimizerSpec.Asgd.class),
                @DiscriminatorMapping(value = "lbfgs", schema = OptimizerSpec.Lbfgs.class)})
public sealed interface OptimizerSpec permits
        OptimizerSpec.Gd, OptimizerSpec.Momentum, OptimizerSpec.Nesterov, OptimizerSpec.Adagrad,
        OptimizerSpec.RmsProp, OptimizerSpec.Adadelta, OptimizerSpec.Adam, OptimizerSpec.AdamW, OptimizerSpec.Adamax,
        OptimizerSpec.NAdam, OptimizerSpec.RAdam, OptimizerSpec.Rprop, OptimizerSpec.Asgd, OptimizerSpec.Lbfgs {

    /** The plain gradient descent a request without {@code optimizer} runs. */
    OptimizerSpec DEFAULT = new Gd(null, null);

    /**
     * The optimizer of the registry's {@code type} with {@code values} as a JSON object would give them (values
     * of the wrong type kept for the registry to report); empty when no variant has that name.
     */
    static Optional<OptimizerSpec> of(String type, Map<String, Object> values) {
        return Optional.ofNullable(HyperparameterSpecs.variants(OptimizerSpec.class).get(type))
                .map(variant -> (OptimizerSpec) HyperparameterSpecs.read(variant, values));
    }

    /** The {@code type}: the registry's name of the variant. */
    default String typeName() {
        return HyperparameterSpecs.typeName((Record) this);
    }

    /** The given hyperparameters by name as the registry takes them (defaults left out), unchecked values included. */
    default Map<String, Object> hyperparameters() {
        return HyperparameterSpecs.values((Record) this);
    }

    /** The same optimizer with another learning rate (a comparison's sweep). */
    default OptimizerSpec withLearningRate(double learningRate) {
        return (OptimizerSpec) HyperparameterSpecs.with((Record) this, "learningRate", learningRate);
    }

    /** The {@code gd} variant: {@code torch.optim.SGD(momentum=0)}. */
    @Schema(name = "GdOptimizer")
    @JsonTypeName("gd")
    record Gd(
            Double learningRate,
            Double weightDecay,
            Boolean maximize,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements OptimizerSpec {

        public Gd {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Gd(Double learningRate, Double weightDecay) {
            this(learningRate, weightDecay, null, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Gd of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Gd.class, json);
        }
    }

    /** The {@code momentum} variant: {@code torch.optim.SGD(momentum>0)}. */
    @Schema(name = "MomentumOptimizer")
    @JsonTypeName("momentum")
    record Momentum(
            Double learningRate,
            Double momentum,
            Double dampening,
            Double weightDecay,
            Boolean maximize,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements OptimizerSpec {

        public Momentum {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Momentum(Double learningRate, Double momentum, Double dampening, Double weightDecay) {
            this(learningRate, momentum, dampening, weightDecay, null, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Momentum of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Momentum.class, json);
        }
    }

    /** The {@code nesterov} variant: {@code torch.optim.SGD(momentum>0, nesterov=True)}. */
    @Schema(name = "NesterovOptimizer")
    @JsonTypeName("nesterov")
    record Nesterov(
            Double learningRate,
            Double momentum,
            Double weightDecay,
            Boolean maximize,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements OptimizerSpec {

        public Nesterov {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Nesterov(Double learningRate, Double momentum, Double weightDecay) {
            this(learningRate, momentum, weightDecay, null, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Nesterov of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Nesterov.class, json);
        }
    }

    /** The {@code adagrad} variant: {@code torch.optim.Adagrad}. */
    @Schema(name = "AdagradOptimizer")
    @JsonTypeName("adagrad")
    record Adagrad(
            Double learningRate,
            Double lrDecay,
            Double weightDecay,
            Double initialAccumulatorValue,
            Double epsilon,
            Boolean maximize,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements OptimizerSpec {

        public Adagrad {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Adagrad(Double learningRate, Double lrDecay, Double weightDecay, Double initialAccumulatorValue,
                Double epsilon) {
            this(learningRate, lrDecay, weightDecay, initialAccumulatorValue, epsilon, null, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Adagrad of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Adagrad.class, json);
        }
    }

    /** The {@code rmsprop} variant: {@code torch.optim.RMSprop}. */
    @Schema(name = "RmspropOptimizer")
    @JsonTypeName("rmsprop")
    record RmsProp(
            Double learningRate,
            Double alpha,
            Double epsilon,
            Double weightDecay,
            Double momentum,
            Boolean centered,
            Boolean maximize,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements OptimizerSpec {

        public RmsProp {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public RmsProp(Double learningRate, Double alpha, Double epsilon, Double weightDecay, Double momentum,
                Boolean centered) {
            this(learningRate, alpha, epsilon, weightDecay, momentum, centered, null, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static RmsProp of(Map<String, Object> json) {
            return HyperparameterSpecs.read(RmsProp.class, json);
        }
    }

    /** The {@code adadelta} variant: {@code torch.optim.Adadelta}. */
    @Schema(name = "AdadeltaOptimizer")
    @JsonTypeName("adadelta")
    record Adadelta(
            Double learningRate,
            Double rho,
            Double epsilon,
            Double weightDecay,
            Boolean maximize,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements OptimizerSpec {

        public Adadelta {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Adadelta(Double learningRate, Double rho, Double epsilon, Double weightDecay) {
            this(learningRate, rho, epsilon, weightDecay, null, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Adadelta of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Adadelta.class, json);
        }
    }

    /** The {@code adam} variant: {@code torch.optim.Adam}. */
    @Schema(name = "AdamOptimizer")
    @JsonTypeName("adam")
    record Adam(
            Double learningRate,
            Double beta1,
            Double beta2,
            Double epsilon,
            Double weightDecay,
            Boolean amsgrad,
            Boolean maximize,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements OptimizerSpec {

        public Adam {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Adam(Double learningRate, Double beta1, Double beta2, Double epsilon, Double weightDecay,
                Boolean amsgrad) {
            this(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, null, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Adam of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Adam.class, json);
        }
    }

    /** The {@code adamw} variant: {@code torch.optim.AdamW}. */
    @Schema(name = "AdamwOptimizer")
    @JsonTypeName("adamw")
    record AdamW(
            Double learningRate,
            Double beta1,
            Double beta2,
            Double epsilon,
            Double weightDecay,
            Boolean amsgrad,
            Boolean maximize,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements OptimizerSpec {

        public AdamW {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public AdamW(Double learningRate, Double beta1, Double beta2, Double epsilon, Double weightDecay,
                Boolean amsgrad) {
            this(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, null, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static AdamW of(Map<String, Object> json) {
            return HyperparameterSpecs.read(AdamW.class, json);
        }
    }

    /** The {@code adamax} variant: {@code torch.optim.Adamax}. */
    @Schema(name = "AdamaxOptimizer")
    @JsonTypeName("adamax")
    record Adamax(
            Double learningRate,
            Double beta1,
            Double beta2,
            Double epsilon,
            Double weightDecay,
            Boolean maximize,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements OptimizerSpec {

        public Adamax {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Adamax(Double learningRate, Double beta1, Double beta2, Double epsilon, Double weightDecay) {
            this(learningRate, beta1, beta2, epsilon, weightDecay, null, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Adamax of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Adamax.class, json);
        }
    }

    /** The {@code nadam} variant: {@code torch.optim.NAdam}. */
    @Schema(name = "NadamOptimizer")
    @JsonTypeName("nadam")
    record NAdam(
            Double learningRate,
            Double beta1,
            Double beta2,
            Double epsilon,
            Double weightDecay,
            Double momentumDecay,
            Boolean decoupledWeightDecay,
            Boolean maximize,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements OptimizerSpec {

        public NAdam {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public NAdam(Double learningRate, Double beta1, Double beta2, Double epsilon, Double weightDecay,
                Double momentumDecay) {
            this(learningRate, beta1, beta2, epsilon, weightDecay, momentumDecay, null, null, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static NAdam of(Map<String, Object> json) {
            return HyperparameterSpecs.read(NAdam.class, json);
        }
    }

    /** The {@code radam} variant: {@code torch.optim.RAdam}. */
    @Schema(name = "RadamOptimizer")
    @JsonTypeName("radam")
    record RAdam(
            Double learningRate,
            Double beta1,
            Double beta2,
            Double epsilon,
            Double weightDecay,
            Boolean decoupledWeightDecay,
            Boolean maximize,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements OptimizerSpec {

        public RAdam {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public RAdam(Double learningRate, Double beta1, Double beta2, Double epsilon, Double weightDecay) {
            this(learningRate, beta1, beta2, epsilon, weightDecay, null, null, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static RAdam of(Map<String, Object> json) {
            return HyperparameterSpecs.read(RAdam.class, json);
        }
    }

    /** The {@code rprop} variant: {@code torch.optim.Rprop}. */
    @Schema(name = "RpropOptimizer")
    @JsonTypeName("rprop")
    record Rprop(
            Double learningRate,
            Double etaMinus,
            Double etaPlus,
            Double minStepSize,
            Double maxStepSize,
            Boolean maximize,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements OptimizerSpec {

        public Rprop {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Rprop(Double learningRate, Double etaMinus, Double etaPlus, Double minStepSize, Double maxStepSize) {
            this(learningRate, etaMinus, etaPlus, minStepSize, maxStepSize, null, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Rprop of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Rprop.class, json);
        }
    }

    /** The {@code asgd} variant: {@code torch.optim.ASGD}. */
    @Schema(name = "AsgdOptimizer")
    @JsonTypeName("asgd")
    record Asgd(
            Double learningRate,
            Double lambda,
            Double alpha,
            Double t0,
            Double weightDecay,
            Boolean maximize,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements OptimizerSpec {

        public Asgd {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Asgd(Double learningRate, Double lambda, Double alpha, Double t0, Double weightDecay) {
            this(learningRate, lambda, alpha, t0, weightDecay, null, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Asgd of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Asgd.class, json);
        }
    }

    /** The {@code lbfgs} variant: {@code torch.optim.LBFGS}. */
    @Schema(name = "LbfgsOptimizer")
    @JsonTypeName("lbfgs")
    record Lbfgs(
            Double learningRate,
            Integer maxIter,
            Integer maxEval,
            Double toleranceGrad,
            Double toleranceChange,
            Integer historySize,
            String lineSearchFn,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements OptimizerSpec {

        public Lbfgs {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default (for maxEval: derived from maxIter; lineSearchFn: none). */
        public Lbfgs(Double learningRate, Integer maxIter, Integer maxEval, Double toleranceGrad,
                Double toleranceChange, Integer historySize, String lineSearchFn) {
            this(learningRate, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn,
                    Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Lbfgs of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Lbfgs.class, json);
        }
    }
}
