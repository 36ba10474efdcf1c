package dev.descent.engine.schedule;

import dev.descent.engine.param.Hyperparameter;
import dev.descent.engine.param.InvalidHyperparameterException;
import dev.descent.engine.param.Parameters;
import dev.descent.engine.param.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of learning-rate schedules, read by the request mapper, the OpenAPI schema and
 * {@code GET /api/v1/schedules}. Every schedule can be preceded by a linear {@code warmup}.
 */
public final class ScheduleKinds {

    private static final Hyperparameter GAMMA = Hyperparameter.atLeast("gamma", 0.1, 0,
            "Multiplicative factor of each decay.");

    private static final Hyperparameter GAMMA_REQUIRED = new Hyperparameter("gamma", Hyperparameter.Type.REAL, null,
            0.0, true, null, false, "Multiplicative factor per step.");

    /** The warmup's parameters: {@code warmup: {"steps": 5, "startFactor": 0.1}} on any schedule. */
    public static final List<Hyperparameter> WARMUP = List.of(
            Hyperparameter.wholeAtLeast("steps", null, 1, "Number of steps over which the factor rises to 1."),
            new Hyperparameter("startFactor", Hyperparameter.Type.REAL, 1.0 / 3, 0.0, false, 1.0, true,
                    "The factor on the learning rate at step 0 (PyTorch's LinearLR start_factor)."));

    private static final Map<String, ScheduleKind> KINDS = index(List.of(
            new ScheduleKind("constant", "The optimizer's learning rate at every step.", "(no scheduler)",
                    List.of(), (base, v) -> LearningRateSchedule.constant(base)),
            new ScheduleKind("step", "Decays by gamma every stepSize steps.", "torch.optim.lr_scheduler.StepLR",
                    List.of(Hyperparameter.wholeAtLeast("stepSize", null, 1, "Steps between decays."), GAMMA),
                    (base, v) -> Schedules.step(base, v.whole("stepSize"), v.real("gamma"))),
            new ScheduleKind("multiStep", "Decays by gamma at each milestone step.",
                    "torch.optim.lr_scheduler.MultiStepLR",
                    List.of(Hyperparameter.wholeListAtLeast("milestones", 1, "The steps at which to decay."), GAMMA),
                    (base, v) -> Schedules.multiStep(base, v.wholeList("milestones"), v.real("gamma"))),
            new ScheduleKind("exponential", "Decays by gamma every step.", "torch.optim.lr_scheduler.ExponentialLR",
                    List.of(GAMMA_REQUIRED),
                    (base, v) -> Schedules.exponential(base, v.real("gamma"))),
            new ScheduleKind("inverseTime", "learningRate / (t + 1)^power: scikit-learn's invscaling.",
                    "sklearn SGDRegressor(learning_rate='invscaling')",
                    List.of(Hyperparameter.atLeast("power", 0.25, 0, "The exponent (scikit-learn's power_t).")),
                    (base, v) -> Schedules.inverseTime(base, v.real("power"))),
            new ScheduleKind("cosine", "Cosine annealing from the learning rate to etaMin over tMax steps.",
                    "torch.optim.lr_scheduler.CosineAnnealingLR",
                    List.of(Hyperparameter.wholeAtLeast("tMax", null, 1, "Steps of the half cosine period."),
                            Hyperparameter.atLeast("etaMin", 0, 0, "The smallest learning rate.")),
                    (base, v) -> Schedules.cosine(base, v.whole("tMax"), v.real("etaMin"))),
            new ScheduleKind("reduceOnPlateau", "Multiplies the rate by factor after more than patience steps "
                    + "without relative improvement of f by threshold.",
                    "torch.optim.lr_scheduler.ReduceLROnPlateau(mode='min', threshold_mode='rel')",
                    List.of(new Hyperparameter("factor", Hyperparameter.Type.REAL, 0.1, 0.0, true, 1.0, false,
                                    "The factor applied on a plateau."),
                            Hyperparameter.wholeAtLeast("patience", 10, 0, "Steps without improvement tolerated."),
                            Hyperparameter.atLeast("threshold", 1e-4, 0, "Relative improvement that counts.")),
                    (base, v) -> Schedules.reduceOnPlateau(base, v.real("factor"), v.whole("patience"),
                            v.real("threshold")))));

    private ScheduleKinds() {
    }

    /** Every schedule, in the order the API lists them. */
    public static List<ScheduleKind> all() {
        return List.copyOf(KINDS.values());
    }

    /** The schedule called {@code name}, if there is one. */
    public static Optional<ScheduleKind> byName(String name) {
        return Optional.ofNullable(KINDS.get(name));
    }

    /** The schedule names. */
    public static List<String> names() {
        return List.copyOf(KINDS.keySet());
    }

    /**
     * Builds a schedule from a request's values: {@code kind}'s parameters, plus an optional {@code warmup} object.
     *
     * @throws InvalidHyperparameterException naming every bad value ({@code warmup.steps} for the warmup's)
     */
    public static LearningRateSchedule configure(ScheduleKind kind, double baseLearningRate, Map<String, ?> given) {
        Map<String, Object> own = new LinkedHashMap<>(given);
        Object warmup = own.remove("warmup");
        List<InvalidHyperparameterException.Violation> violations = new ArrayList<>();
        LearningRateSchedule schedule = null;
        try {
            schedule = kind.configure(baseLearningRate, own);
        } catch (InvalidHyperparameterException e) {
            violations.addAll(e.violations());
        }
        Values warmupValues = null;
        if (warmup instanceof Map<?, ?> map) {
            Map<String, Object> byName = new LinkedHashMap<>();
            map.forEach((k, v) -> byName.put(String.valueOf(k), v));
            try {
                warmupValues = Parameters.resolve("warmup", WARMUP, byName);
            } catch (InvalidHyperparameterException e) {
                e.violations().forEach(v -> violations.add(
                        new InvalidHyperparameterException.Violation("warmup." + v.parameter(), v.reason())));
            }
        } else if (warmup != null) {
            violations.add(new InvalidHyperparameterException.Violation("warmup",
                    "must be an object {steps, startFactor}"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidHyperparameterException(violations);
        }
        return warmupValues == null ? schedule
                : Schedules.warmup(schedule, warmupValues.whole("steps"), warmupValues.real("startFactor"));
    }

    private static Map<String, ScheduleKind> index(List<ScheduleKind> kinds) {
        Map<String, ScheduleKind> byName = new LinkedHashMap<>();
        kinds.forEach(kind -> byName.put(kind.name(), kind));
        return byName;
    }
}
