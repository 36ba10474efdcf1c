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
import java.util.Set;

/**
 * The registry of learning-rate schedules, read by the request mapper, the OpenAPI schema and
 * {@code GET /api/v1/schedules}. Every schedule can be preceded by a linear {@code warmup}.
 */
public final class ScheduleKinds {

    private static final Hyperparameter GAMMA = Hyperparameter.atLeast("gamma", 0.1, 0,
            "Multiplicative factor of each decay.");

    private static final Hyperparameter GAMMA_REQUIRED = new Hyperparameter("gamma", Hyperparameter.Type.REAL, null,
            0.0, true, null, false, "Multiplicative factor per step.");

    private static final Hyperparameter CYCLE_MOMENTUM = Hyperparameter.flag("cycleMomentum", true,
            "Cycle the optimizer's momentum (SGD, RMSprop) or beta1 (Adam, Adamax, NAdam, RAdam) inversely to the "
                    + "rate, as PyTorch sets it before each step (cycle_momentum); the optimizer's own value is then "
                    + "not used. A 400 on an optimizer without either.");

    /** The schedules that set the rate outright at each step: PyTorch's ChainedScheduler would drop a warmup. */
    private static final Set<String> WITHOUT_WARMUP = Set.of("oneCycle", "cyclic", "cosineWarmRestarts",
            "sequential");

    /** The schedules a sequential schedule may not hold. */
    private static final Set<String> NOT_IN_SEQUENTIAL = Set.of("oneCycle", "cyclic", "reduceOnPlateau",
            "sequential");

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
                            v.real("threshold"))),
            // Issue 14: the schedules of CyclingSchedules.
            new ScheduleKind("oneCycle", "One cycle: up from maxLearningRate / divFactor to maxLearningRate over "
                    + "pctStart of totalSteps, then down to maxLearningRate / divFactor / finalDivFactor; cycles the "
                    + "momentum (or beta1) the other way. The optimizer's learningRate is not used (PyTorch overwrites "
                    + "it with maxLearningRate / divFactor); maxIterations may not exceed totalSteps.",
                    "torch.optim.lr_scheduler.OneCycleLR",
                    List.of(Hyperparameter.atLeast("maxLearningRate", 0, 0, "The peak learning rate (max_lr).")
                                    .withDefault(null),
                            Hyperparameter.wholeAtLeast("totalSteps", null, 1, "The number of steps in the cycle "
                                    + "(total_steps); the run may make at most this many updates."),
                            Hyperparameter.inClosed("pctStart", 0.3, 0, 1,
                                    "The fraction of the cycle spent increasing the rate (pct_start)."),
                            Hyperparameter.choice("annealStrategy", "cos", List.of("cos", "linear"),
                                    "Half cosines or straight lines between the rates (anneal_strategy)."),
                            CYCLE_MOMENTUM,
                            Hyperparameter.inHalfOpen("baseMomentum", 0.85, 0, 1,
                                    "The momentum (or beta1) at the rate's peak (base_momentum)."),
                            Hyperparameter.inHalfOpen("maxMomentum", 0.95, 0, 1,
                                    "The momentum (or beta1) at the rate's lows (max_momentum)."),
                            new Hyperparameter("divFactor", Hyperparameter.Type.REAL, 25.0, 0.0, false, null, false,
                                    "The initial rate is maxLearningRate / divFactor (div_factor)."),
                            new Hyperparameter("finalDivFactor", Hyperparameter.Type.REAL, 1e4, 0.0, false, null,
                                    false, "The final rate is the initial rate / finalDivFactor (final_div_factor)."),
                            Hyperparameter.flag("threePhase", false, "Come back down to the initial rate "
                                    + "symmetrically before the final decay (three_phase).")),
                    (base, v) -> CyclingSchedules.oneCycle(v.real("maxLearningRate"), v.whole("totalSteps"),
                            v.real("pctStart"), v.choice("annealStrategy").equals("cos"), v.flag("cycleMomentum"),
                            v.real("baseMomentum"), v.real("maxMomentum"), v.real("divFactor"),
                            v.real("finalDivFactor"), v.flag("threePhase"))),
            new ScheduleKind("cyclic", "Cycles between the optimizer's learningRate (PyTorch's base_lr) and "
                    + "maxLearningRate: stepSizeUp steps up, stepSizeDown down; cycles the momentum (or beta1) the "
                    + "other way.", "torch.optim.lr_scheduler.CyclicLR",
                    List.of(Hyperparameter.atLeast("maxLearningRate", 0, 0, "The rate at the top of a cycle "
                                    + "(max_lr).").withDefault(null),
                            Hyperparameter.wholeAtLeast("stepSizeUp", 2000, 1,
                                    "Steps from the low to the top (step_size_up)."),
                            Hyperparameter.wholeAtLeast("stepSizeDown", 2000, 1,
                                    "Steps from the top back to the low (step_size_down); when absent, stepSizeUp."),
                            Hyperparameter.choice("mode", "triangular", CyclingSchedules.CyclicMode.names(),
                                    "triangular: the same amplitude each cycle; triangular2: halved each cycle; "
                                    + "exp_range: scaled by gamma^t."),
                            Hyperparameter.atLeast("gamma", 1.0, 0, "The factor per step of exp_range."),
                            CYCLE_MOMENTUM,
                            Hyperparameter.inHalfOpen("baseMomentum", 0.8, 0, 1,
                                    "The momentum (or beta1) at the top of the rate (base_momentum)."),
                            Hyperparameter.inHalfOpen("maxMomentum", 0.9, 0, 1,
                                    "The momentum (or beta1) at the rate's low (max_momentum).")),
                    (base, v) -> CyclingSchedules.cyclic(base, v.real("maxLearningRate"), v.whole("stepSizeUp"),
                            v.whole("stepSizeDown"), CyclingSchedules.CyclicMode.of(v.choice("mode")),
                            v.real("gamma"), v.flag("cycleMomentum"), v.real("baseMomentum"),
                            v.real("maxMomentum"))),
            new ScheduleKind("cosineWarmRestarts", "Cosine annealing from the learning rate to etaMin over t0 "
                    + "steps, then a restart, each period tMult times the last.",
                    "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts",
                    List.of(Hyperparameter.wholeAtLeast("t0", null, 1, "Steps of the first period (T_0)."),
                            Hyperparameter.wholeAtLeast("tMult", 1, 1, "The factor on the period at each restart "
                                    + "(T_mult)."),
                            Hyperparameter.atLeast("etaMin", 0, 0, "The smallest learning rate (eta_min).")),
                    (base, v) -> CyclingSchedules.cosineWarmRestarts(base, v.whole("t0"), v.whole("tMult"),
                            v.real("etaMin"))),
            new ScheduleKind("polynomial", "Decays to 0 over totalIters steps as (1 - t / totalIters)^power.",
                    "torch.optim.lr_scheduler.PolynomialLR",
                    List.of(Hyperparameter.wholeAtLeast("totalIters", 5, 1, "Steps of the decay (total_iters)."),
                            Hyperparameter.atLeast("power", 1.0, 0, "The polynomial's power.")),
                    (base, v) -> CyclingSchedules.polynomial(base, v.whole("totalIters"), v.real("power"))),
            new ScheduleKind("linear", "Multiplies the rate by a factor going linearly from startFactor to "
                    + "endFactor over totalIters steps, then endFactor.", "torch.optim.lr_scheduler.LinearLR",
                    List.of(new Hyperparameter("startFactor", Hyperparameter.Type.REAL, 1.0 / 3, 0.0, false, 1.0,
                                    true, "The factor at step 0 (start_factor)."),
                            Hyperparameter.inClosed("endFactor", 1.0, 0, 1, "The factor from totalIters on "
                                    + "(end_factor)."),
                            Hyperparameter.wholeAtLeast("totalIters", 5, 1, "Steps of the change (total_iters).")),
                    (base, v) -> CyclingSchedules.linear(base, v.real("startFactor"), v.real("endFactor"),
                            v.whole("totalIters"))),
            new ScheduleKind("sequential", "Runs schedules one after the other: schedules[i] from milestones[i-1] "
                    + "on, each started afresh there, all on the optimizer's learningRate.",
                    "torch.optim.lr_scheduler.SequentialLR",
                    List.of(Hyperparameter.scheduleList("schedules", "The schedules, each an object with its type "
                                    + "and parameters (not oneCycle, cyclic, reduceOnPlateau or sequential, and "
                                    + "without warmup)."),
                            Hyperparameter.wholeListAtLeast("milestones", 1, "The steps at which the next schedule "
                                    + "starts: increasing, one fewer than the schedules.")),
                    ScheduleKinds::sequential)));

    private ScheduleKinds() {
    }

    /**
     * Whether {@code kind} may be preceded by a {@code warmup}: not the schedules that set the rate outright at each
     * step (oneCycle, cyclic, cosineWarmRestarts, sequential), whose warmup PyTorch's ChainedScheduler would drop.
     * The typed request schema offers {@code warmup} only where this holds.
     */
    public static boolean takesWarmup(ScheduleKind kind) {
        return !WITHOUT_WARMUP.contains(kind.name());
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
        Map<String, Object> own = withDerivedDefaults(kind, given);
        Object warmup = own.remove("warmup");
        List<InvalidHyperparameterException.Violation> violations = new ArrayList<>();
        if (warmup != null && !takesWarmup(kind)) {
            violations.add(new InvalidHyperparameterException.Violation("warmup", kind.name() + " takes no warmup: "
                    + "it sets the rate outright at every step, so PyTorch's ChainedScheduler would drop the warmup's "
                    + "factor (use sequential with a linear schedule first)"));
            warmup = null;
        }
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

    /**
     * {@code given} with the defaults that depend on other values filled in: cyclic's {@code stepSizeDown} is its
     * {@code stepSizeUp} when absent (PyTorch's {@code step_size_down=None}).
     */
    public static Map<String, Object> withDerivedDefaults(ScheduleKind kind, Map<String, ?> given) {
        Map<String, Object> own = new LinkedHashMap<>(given);
        if (kind.name().equals("cyclic") && !own.containsKey("stepSizeDown") && own.get("stepSizeUp") != null) {
            own.put("stepSizeDown", own.get("stepSizeUp"));
        }
        return own;
    }

    /** SequentialLR: each schedule configured on the base rate, its problems named {@code schedules[i].name}. */
    private static LearningRateSchedule sequential(double base, Values values) {
        List<?> given = values.list("schedules");
        List<InvalidHyperparameterException.Violation> violations = new ArrayList<>();
        List<LearningRateSchedule> schedules = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String at = "schedules[" + i + "]";
            if (!(given.get(i) instanceof Map<?, ?> map)) {
                violations.add(new InvalidHyperparameterException.Violation(at, "must be a schedule object"));
                continue;
            }
            Map<String, Object> byName = new LinkedHashMap<>();
            map.forEach((k, v) -> byName.put(String.valueOf(k), v));
            Object type = byName.remove("type");
            ScheduleKind kind = type instanceof String name ? KINDS.get(name) : null;
            if (kind == null || NOT_IN_SEQUENTIAL.contains(kind.name())) {
                List<String> allowed = names().stream().filter(n -> !NOT_IN_SEQUENTIAL.contains(n)).toList();
                violations.add(new InvalidHyperparameterException.Violation(at + ".type", "must be one of "
                        + String.join(", ", allowed) + ", was " + type));
                continue;
            }
            if (byName.containsKey("warmup")) {
                violations.add(new InvalidHyperparameterException.Violation(at + ".warmup", "a schedule in sequential "
                        + "takes no warmup: put a linear schedule before it"));
                continue;
            }
            try {
                schedules.add(configure(kind, base, byName));
            } catch (InvalidHyperparameterException e) {
                e.violations().forEach(v -> violations.add(
                        new InvalidHyperparameterException.Violation(at + "." + v.parameter(), v.reason())));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidHyperparameterException(violations);
        }
        return CyclingSchedules.sequential(schedules, values.wholeList("milestones"));
    }

    private static Map<String, ScheduleKind> index(List<ScheduleKind> kinds) {
        Map<String, ScheduleKind> byName = new LinkedHashMap<>();
        kinds.forEach(kind -> byName.put(kind.name(), kind));
        return byName;
    }
}
