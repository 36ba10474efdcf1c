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
import java.util.List;
import java.util.Map;
import tools.jackson.databind.annotation.JsonTypeResolver;

/**
 * A learning-rate schedule in a request: one record per schedule of the registry
 * ({@link dev.descent.engine.schedule.ScheduleKinds}), chosen by {@code type}, each with an optional linear
 * {@code warmup}. As {@link OptimizerSpec}: {@code null} is the registry's default, the registry checks and
 * describes the values, a test keeps the records equal to the registry.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonTypeResolver(ObjectTypeResolver.class)
@JsonSubTypes({
        @JsonSubTypes.Type(ScheduleSpec.Constant.class),
        @JsonSubTypes.Type(ScheduleSpec.Step.class),
        @JsonSubTypes.Type(ScheduleSpec.MultiStep.class),
        @JsonSubTypes.Type(ScheduleSpec.Exponential.class),
        @JsonSubTypes.Type(ScheduleSpec.InverseTime.class),
        @JsonSubTypes.Type(ScheduleSpec.Cosine.class),
        @JsonSubTypes.Type(ScheduleSpec.ReduceOnPlateau.class),
        @JsonSubTypes.Type(ScheduleSpec.OneCycle.class),
        @JsonSubTypes.Type(ScheduleSpec.Cyclic.class),
        @JsonSubTypes.Type(ScheduleSpec.CosineWarmRestarts.class),
        @JsonSubTypes.Type(ScheduleSpec.Polynomial.class),
        @JsonSubTypes.Type(ScheduleSpec.Linear.class),
        @JsonSubTypes.Type(ScheduleSpec.Sequential.class)})
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Schedule",
        description = "A learning-rate schedule, chosen by `type`, with its parameters and an optional "
                + "`warmup`.",
        oneOf = {
                ScheduleSpec.Constant.class,
                ScheduleSpec.Step.class,
                ScheduleSpec.MultiStep.class,
                ScheduleSpec.Exponential.class,
                ScheduleSpec.InverseTime.class,
                ScheduleSpec.Cosine.class,
                ScheduleSpec.ReduceOnPlateau.class,
                ScheduleSpec.OneCycle.class,
                ScheduleSpec.Cyclic.class,
                ScheduleSpec.CosineWarmRestarts.class,
                ScheduleSpec.Polynomial.class,
                ScheduleSpec.Linear.class,
                ScheduleSpec.Sequential.class},
        discriminatorProperty = "type",
        discriminatorMapping = {
                @DiscriminatorMapping(value = "constant", schema = ScheduleSpec.Constant.class),
                @DiscriminatorMapping(value = "step", schema = ScheduleSpec.Step.class),
                @DiscriminatorMapping(value = "multiStep", schema = ScheduleSpec.MultiStep.class),
                @DiscriminatorMapping(value = "exponential", schema = ScheduleSpec.Exponential.class),
                @DiscriminatorMapping(value = "inverseTime", schema = ScheduleSpec.InverseTime.class),
                @DiscriminatorMapping(value = "cosine", schema = ScheduleSpec.Cosine.class),
                @DiscriminatorMapping(value = "reduceOnPlateau", schema = ScheduleSpec.ReduceOnPlateau.class),
                @DiscriminatorMapping(value = "oneCycle", schema = ScheduleSpec.OneCycle.class),
                @DiscriminatorMapping(value = "cyclic", schema = ScheduleSpec.Cyclic.class),
                @DiscriminatorMapping(value = "cosineWarmRestarts", schema = ScheduleSpec.CosineWarmRestarts.class),
                @DiscriminatorMapping(value = "polynomial", schema = ScheduleSpec.Polynomial.class),
                @DiscriminatorMapping(value = "linear", schema = ScheduleSpec.Linear.class),
                @DiscriminatorMapping(value = "sequential", schema = ScheduleSpec.Sequential.class)})
public sealed interface ScheduleSpec permits
        ScheduleSpec.Constant, ScheduleSpec.Step, ScheduleSpec.MultiStep, ScheduleSpec.Exponential,
        ScheduleSpec.InverseTime, ScheduleSpec.Cosine, ScheduleSpec.ReduceOnPlateau, ScheduleSpec.OneCycle,
        ScheduleSpec.Cyclic, ScheduleSpec.CosineWarmRestarts, ScheduleSpec.Polynomial, ScheduleSpec.Linear,
        ScheduleSpec.Sequential {

    /** The {@code type}: the registry's name of the schedule. */
    default String typeName() {
        return HyperparameterSpecs.typeName((Record) this);
    }

    /**
     * The given parameters by name as {@link dev.descent.engine.schedule.ScheduleKinds#configure} takes them
     * (defaults left out, a warmup as a map under {@code warmup}), unchecked values included.
     */
    default Map<String, Object> parameters() {
        return HyperparameterSpecs.values((Record) this);
    }

    /**
     * A linear warmup in front of a schedule ({@link dev.descent.engine.schedule.ScheduleKinds#WARMUP}).
     */
    @Schema(name = "Warmup")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Warmup(Integer steps, Double startFactor,
                  @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) {

        public Warmup {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Warmup(Integer steps, Double startFactor) {
            this(steps, startFactor, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Warmup of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Warmup.class, json);
        }
    }

    /** The {@code constant} schedule: the learning rate as it is. */
    @Schema(name = "ConstantSchedule")
    @JsonTypeName("constant")
    record Constant(
            Warmup warmup,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements ScheduleSpec {

        public Constant {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Constant(Warmup warmup) {
            this(warmup, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Constant of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Constant.class, json);
        }
    }

    /** The {@code step} schedule: {@code StepLR}. */
    @Schema(name = "StepSchedule")
    @JsonTypeName("step")
    record Step(
            Integer stepSize,
            Double gamma,
            Warmup warmup,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements ScheduleSpec {

        public Step {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Step(Integer stepSize, Double gamma, Warmup warmup) {
            this(stepSize, gamma, warmup, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Step of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Step.class, json);
        }
    }

    /** The {@code multiStep} schedule: {@code MultiStepLR}. */
    @Schema(name = "MultiStepSchedule")
    @JsonTypeName("multiStep")
    record MultiStep(
            List<Integer> milestones,
            Double gamma,
            Warmup warmup,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements ScheduleSpec {

        public MultiStep {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public MultiStep(List<Integer> milestones, Double gamma, Warmup warmup) {
            this(milestones, gamma, warmup, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static MultiStep of(Map<String, Object> json) {
            return HyperparameterSpecs.read(MultiStep.class, json);
        }
    }

    /** The {@code exponential} schedule: {@code ExponentialLR}. */
    @Schema(name = "ExponentialSchedule")
    @JsonTypeName("exponential")
    record Exponential(
            Double gamma,
            Warmup warmup,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements ScheduleSpec {

        public Exponential {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Exponential(Double gamma, Warmup warmup) {
            this(gamma, warmup, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Exponential of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Exponential.class, json);
        }
    }

    /** The {@code inverseTime} schedule: scikit-learn's invscaling. */
    @Schema(name = "InverseTimeSchedule")
    @JsonTypeName("inverseTime")
    record InverseTime(
            Double power,
            Warmup warmup,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements ScheduleSpec {

        public InverseTime {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public InverseTime(Double power, Warmup warmup) {
            this(power, warmup, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static InverseTime of(Map<String, Object> json) {
            return HyperparameterSpecs.read(InverseTime.class, json);
        }
    }

    /** The {@code cosine} schedule: {@code CosineAnnealingLR}. */
    @Schema(name = "CosineSchedule")
    @JsonTypeName("cosine")
    record Cosine(
            Integer tMax,
            Double etaMin,
            Warmup warmup,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements ScheduleSpec {

        public Cosine {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Cosine(Integer tMax, Double etaMin, Warmup warmup) {
            this(tMax, etaMin, warmup, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Cosine of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Cosine.class, json);
        }
    }

    /** The {@code reduceOnPlateau} schedule: {@code ReduceLROnPlateau}. */
    @Schema(name = "ReduceOnPlateauSchedule")
    @JsonTypeName("reduceOnPlateau")
    record ReduceOnPlateau(
            Double factor,
            Integer patience,
            Double threshold,
            Warmup warmup,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements ScheduleSpec {

        public ReduceOnPlateau {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public ReduceOnPlateau(Double factor, Integer patience, Double threshold, Warmup warmup) {
            this(factor, patience, threshold, warmup, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static ReduceOnPlateau of(Map<String, Object> json) {
            return HyperparameterSpecs.read(ReduceOnPlateau.class, json);
        }
    }
    // Issue 14's schedules.

    /** The {@code oneCycle} schedule: {@code OneCycleLR}. */
    @Schema(name = "OneCycleSchedule")
    @JsonTypeName("oneCycle")
    record OneCycle(
            Double maxLearningRate,
            Integer totalSteps,
            Double pctStart,
            String annealStrategy,
            Boolean cycleMomentum,
            Double baseMomentum,
            Double maxMomentum,
            Double divFactor,
            Double finalDivFactor,
            Boolean threePhase,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements ScheduleSpec {

        public OneCycle {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public OneCycle(Double maxLearningRate, Integer totalSteps, Double pctStart, String annealStrategy, Boolean cycleMomentum, Double baseMomentum, Double maxMomentum, Double divFactor, Double finalDivFactor, Boolean threePhase) {
            this(maxLearningRate, totalSteps, pctStart, annealStrategy, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static OneCycle of(Map<String, Object> json) {
            return HyperparameterSpecs.read(OneCycle.class, json);
        }
    }

    /** The {@code cyclic} schedule: {@code CyclicLR}. */
    @Schema(name = "CyclicSchedule")
    @JsonTypeName("cyclic")
    record Cyclic(
            Double maxLearningRate,
            Integer stepSizeUp,
            Integer stepSizeDown,
            String mode,
            Double gamma,
            Boolean cycleMomentum,
            Double baseMomentum,
            Double maxMomentum,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements ScheduleSpec {

        public Cyclic {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Cyclic(Double maxLearningRate, Integer stepSizeUp, Integer stepSizeDown, String mode, Double gamma, Boolean cycleMomentum, Double baseMomentum, Double maxMomentum) {
            this(maxLearningRate, stepSizeUp, stepSizeDown, mode, gamma, cycleMomentum, baseMomentum, maxMomentum, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Cyclic of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Cyclic.class, json);
        }
    }

    /** The {@code cosineWarmRestarts} schedule: {@code CosineAnnealingWarmRestarts}. */
    @Schema(name = "CosineWarmRestartsSchedule")
    @JsonTypeName("cosineWarmRestarts")
    record CosineWarmRestarts(
            Integer t0,
            Integer tMult,
            Double etaMin,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements ScheduleSpec {

        public CosineWarmRestarts {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public CosineWarmRestarts(Integer t0, Integer tMult, Double etaMin) {
            this(t0, tMult, etaMin, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static CosineWarmRestarts of(Map<String, Object> json) {
            return HyperparameterSpecs.read(CosineWarmRestarts.class, json);
        }
    }

    /** The {@code polynomial} schedule: {@code PolynomialLR}. */
    @Schema(name = "PolynomialSchedule")
    @JsonTypeName("polynomial")
    record Polynomial(
            Integer totalIters,
            Double power,
            Warmup warmup,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements ScheduleSpec {

        public Polynomial {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Polynomial(Integer totalIters, Double power, Warmup warmup) {
            this(totalIters, power, warmup, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Polynomial of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Polynomial.class, json);
        }
    }

    /** The {@code linear} schedule: {@code LinearLR}. */
    @Schema(name = "LinearSchedule")
    @JsonTypeName("linear")
    record Linear(
            Double startFactor,
            Double endFactor,
            Integer totalIters,
            Warmup warmup,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements ScheduleSpec {

        public Linear {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Linear(Double startFactor, Double endFactor, Integer totalIters, Warmup warmup) {
            this(startFactor, endFactor, totalIters, warmup, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Linear of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Linear.class, json);
        }
    }

    /** The {@code sequential} schedule: {@code SequentialLR}. */
    @Schema(name = "SequentialSchedule")
    @JsonTypeName("sequential")
    record Sequential(
            List<Map<String, Object>> schedules,
            List<Integer> milestones,
            @JsonIgnore @Schema(hidden = true) Map<String, Object> unchecked) implements ScheduleSpec {

        public Sequential {
            unchecked = HyperparameterSpecs.frozen(unchecked);
        }

        /** With the given values, null for a default. */
        public Sequential(List<Map<String, Object>> schedules, List<Integer> milestones) {
            this(schedules, milestones, Map.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Sequential of(Map<String, Object> json) {
            return HyperparameterSpecs.read(Sequential.class, json);
        }
    }
}
