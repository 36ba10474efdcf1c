package dev.descent.export;

import dev.descent.engine.param.Parameters;
import dev.descent.engine.param.Values;
import dev.descent.engine.schedule.ScheduleKind;
import dev.descent.engine.schedule.ScheduleKinds;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A learning-rate schedule as the lines of an exported script: what sets it up after the optimizer, what tells it
 * each new value (reduce-on-plateau), and what advances it after each update.
 *
 * <p>Without a warmup, a schedule is its {@code torch.optim.lr_scheduler} class ({@code StepLR}, {@code MultiStepLR},
 * {@code ExponentialLR}, {@code CosineAnnealingLR}, {@code ReduceLROnPlateau}); those are recursive (each step
 * multiplies the current rate) and agree with Descent's closed forms to a few ulps. With a warmup, and for
 * {@code inverseTime} (which torch has no class for), it is a {@code LambdaLR} with Descent's closed form: torch's
 * {@code ChainedScheduler(LinearLR, CosineAnnealingLR)} with {@code etaMin > 0} does not scale {@code etaMin} during
 * the warmup and gives higher rates than the product Descent takes (see {@code scripts/golden/README.md}).
 * Reduce-on-plateau with a warmup is not exported.
 *
 * @param setup   statements after the optimizer is made, defining {@code scheduler} (empty for a constant rate)
 * @param observe statements in the loop once {@code value} is f(x_k), indented 4 (empty unless the schedule reacts)
 * @param step    statements after {@code optimizer.step()}, indented 4
 */
record TorchSchedule(String setup, String observe, String step) {

    static final TorchSchedule CONSTANT = new TorchSchedule("", "", "");

    private static final String STEP = "    scheduler.step()\n";

    /**
     * The schedule {@code type} with {@code parameters} (as the request gives them, a warmup as a map under
     * {@code warmup}; already checked by the mapper), on the base rate {@code base}; null for reduce-on-plateau
     * with a warmup.
     */
    static TorchSchedule of(String type, Map<String, Object> parameters, double base) {
        return of(type, parameters, base, false);
    }

    /**
     * As {@link #of(String, Map, double)}, for an optimizer with {@code betas} (Adam's family) when {@code betas}:
     * torch 1.13's CyclicLR refuses to cycle its beta1, so the script cycles it itself (see {@link #cyclicBeta1}).
     */
    static TorchSchedule of(String type, Map<String, Object> parameters, double base, boolean betas) {
        ScheduleKind kind = ScheduleKinds.byName(type).orElseThrow();
        Map<String, Object> own = new LinkedHashMap<>(parameters);
        Object warmup = own.remove("warmup");
        Values v = Parameters.resolve(type, kind.parameters(), ScheduleKinds.withDerivedDefaults(kind, own));
        if (warmup == null) {
            String made = switch (type) {
                case "constant" -> null;
                case "step" -> "torch.optim.lr_scheduler.StepLR(optimizer, step_size=" + v.whole("stepSize")
                        + ", gamma=" + PyTorchScript.python(v.real("gamma")) + ")";
                case "multiStep" -> "torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones="
                        + PyTorchScript.python(v.wholeList("milestones")) + ", gamma="
                        + PyTorchScript.python(v.real("gamma")) + ")";
                case "exponential" -> "torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma="
                        + PyTorchScript.python(v.real("gamma")) + ")";
                case "cosine" -> "torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=" + v.whole("tMax")
                        + ", eta_min=" + PyTorchScript.python(v.real("etaMin")) + ")";
                case "reduceOnPlateau" -> "torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode=\"min\", "
                        + "factor=" + PyTorchScript.python(v.real("factor")) + ", patience=" + v.whole("patience")
                        + ", threshold=" + PyTorchScript.python(v.real("threshold")) + ", threshold_mode=\"rel\", "
                        + "cooldown=0, min_lr=0.0, eps=1e-08)";
                case "linear", "polynomial", "cosineWarmRestarts", "oneCycle", "cyclic", "sequential" ->
                        cyclingClass(type, v, base);
                default -> "";
            };
            if (type.equals("cyclic") && v.flag("cycleMomentum") && betas) {
                return cyclicBeta1(made, v, base);
            }
            if (made == null) {
                return CONSTANT;
            }
            if (type.equals("reduceOnPlateau")) {
                // Descent tells the schedule f(x_{k+1}) after update k; the rate it sets is the next update's.
                return new TorchSchedule("scheduler = " + made + "\n", "    if k > 0:\n"
                        + "        scheduler.step(value.item())\n", "");
            }
            if (!made.isEmpty()) {
                return new TorchSchedule("scheduler = " + made + "\n", "", STEP);
            }
        }
        if (type.equals("reduceOnPlateau")) {
            return null;
        }
        String setup = "\n\ndef rate_factor(t):\n"
                + "    \"\"\"The rate of update t over the base rate: Descent's closed form.\"\"\"\n"
                + "    return " + factor(type, parameters, base, false) + "\n\n\n"
                + "scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, rate_factor)\n";
        return new TorchSchedule(setup, "", STEP);
    }

    /**
     * The rate of update {@code t} over the base rate {@code base}, Descent's closed form, as a Python expression of
     * {@code t} (an int, or for {@code jax} a jax integer scalar, which Optax passes a schedule); cosine through
     * torch (or jax.numpy) since those are the script's imports. The schedule {@code type} must not be
     * reduceOnPlateau, which has no closed form.
     */
    static String factor(String type, Map<String, Object> parameters, double base, boolean jax) {
        ScheduleKind kind = ScheduleKinds.byName(type).orElseThrow();
        Map<String, Object> own = new LinkedHashMap<>(parameters);
        Object warmup = own.remove("warmup");
        Values v = Parameters.resolve(type, kind.parameters(), own);
        String factor = "1.0";
        if (warmup instanceof Map<?, ?> map) {
            Map<String, Object> byName = new LinkedHashMap<>();
            map.forEach((name, value) -> byName.put(String.valueOf(name), value));
            Values w = Parameters.resolve("warmup", ScheduleKinds.WARMUP, byName);
            String start = PyTorchScript.python(w.real("startFactor"));
            factor = "(" + start + " + (1 - " + start + ") * min(t, " + w.whole("steps") + ") / " + w.whole("steps")
                    + ")";
        }
        String inner = switch (type) {
            case "constant" -> "1.0";
            case "step" -> PyTorchScript.python(v.real("gamma")) + " ** (t // " + v.whole("stepSize") + ")";
            case "multiStep" -> PyTorchScript.python(v.real("gamma")) + " ** sum(1 for m in "
                    + PyTorchScript.python(v.wholeList("milestones")) + " if m <= t)";
            case "exponential" -> PyTorchScript.python(v.real("gamma")) + " ** t";
            case "inverseTime" -> "1.0 / (t + 1) ** " + PyTorchScript.python(v.real("power"));
            case "cosine" -> cosine(base, v.whole("tMax"), v.real("etaMin"), jax);
            // Issue 14: the two of its schedules that take a warmup, as closed forms.
            case "linear" -> "(" + PyTorchScript.python(v.real("startFactor")) + " + ("
                    + PyTorchScript.python(v.real("endFactor")) + " - " + PyTorchScript.python(v.real("startFactor"))
                    + ") * min(" + v.whole("totalIters") + ", t) / " + v.whole("totalIters") + ")";
            case "polynomial" -> "(1.0 - min(" + v.whole("totalIters") + ", t) / " + v.whole("totalIters") + ") ** "
                    + PyTorchScript.python(v.real("power"));
            default -> throw new IllegalArgumentException("schedule " + type);
        };
        return factor + " * " + inner;
    }

    /** etaMin + (base - etaMin) (1 + cos(pi t / tMax)) / 2, over base; cos by torch, as json and torch are the imports. */
    private static String cosine(double base, int tMax, double etaMin, boolean jax) {
        String eta = PyTorchScript.python(etaMin);
        String b = PyTorchScript.python(base);
        String cos = jax ? "jnp.cos(" + PyTorchScript.python(Math.PI) + " * t / " + tMax + ")"
                : "torch.cos(torch.tensor(" + PyTorchScript.python(Math.PI) + " * t / " + tMax + ")).item()";
        return "(" + eta + " + (" + b + " - " + eta + ") * (1 + " + cos + ") / 2) / " + b;
    }

    // Issue 14: LinearLR, PolynomialLR, CosineAnnealingWarmRestarts, OneCycleLR, CyclicLR and SequentialLR.

    /** The {@code torch.optim.lr_scheduler} class of one of issue 14's schedules, every argument written out. */
    private static String cyclingClass(String type, Values v, double base) {
        String lr = "torch.optim.lr_scheduler.";
        return switch (type) {
            case "linear" -> lr + "LinearLR(optimizer, start_factor=" + PyTorchScript.python(v.real("startFactor"))
                    + ", end_factor=" + PyTorchScript.python(v.real("endFactor")) + ", total_iters="
                    + v.whole("totalIters") + ")";
            case "polynomial" -> lr + "PolynomialLR(optimizer, total_iters=" + v.whole("totalIters") + ", power="
                    + PyTorchScript.python(v.real("power")) + ")";
            case "cosineWarmRestarts" -> lr + "CosineAnnealingWarmRestarts(optimizer, T_0=" + v.whole("t0")
                    + ", T_mult=" + v.whole("tMult") + ", eta_min=" + PyTorchScript.python(v.real("etaMin")) + ")";
            case "oneCycle" -> lr + "OneCycleLR(optimizer, max_lr=" + PyTorchScript.python(v.real("maxLearningRate"))
                    + ", total_steps=" + v.whole("totalSteps") + ", pct_start="
                    + PyTorchScript.python(v.real("pctStart")) + ", anneal_strategy=\"" + v.choice("annealStrategy")
                    + "\", cycle_momentum=" + python(v.flag("cycleMomentum")) + ", base_momentum="
                    + PyTorchScript.python(v.real("baseMomentum")) + ", max_momentum="
                    + PyTorchScript.python(v.real("maxMomentum")) + ", div_factor="
                    + PyTorchScript.python(v.real("divFactor")) + ", final_div_factor="
                    + PyTorchScript.python(v.real("finalDivFactor")) + ", three_phase="
                    + python(v.flag("threePhase")) + ")";
            case "cyclic" -> lr + "CyclicLR(optimizer, base_lr=" + PyTorchScript.python(base) + ", max_lr="
                    + PyTorchScript.python(v.real("maxLearningRate")) + ", step_size_up=" + v.whole("stepSizeUp")
                    + ", step_size_down=" + v.whole("stepSizeDown") + ", mode=\"" + v.choice("mode") + "\", gamma="
                    + PyTorchScript.python(v.real("gamma")) + ", cycle_momentum=" + python(v.flag("cycleMomentum"))
                    + ", base_momentum=" + PyTorchScript.python(v.real("baseMomentum")) + ", max_momentum="
                    + PyTorchScript.python(v.real("maxMomentum")) + ")";
            case "sequential" -> {
                StringBuilder parts = new StringBuilder();
                for (Object element : v.list("schedules")) {
                    Map<String, Object> sub = new LinkedHashMap<>();
                    ((Map<?, ?>) element).forEach((k, value) -> sub.put(String.valueOf(k), value));
                    String subType = String.valueOf(sub.remove("type"));
                    ScheduleKind subKind = ScheduleKinds.byName(subType).orElseThrow();
                    Values sv = Parameters.resolve(subType, subKind.parameters(), sub);
                    String made = switch (subType) {
                        case "constant" -> lr + "LambdaLR(optimizer, lambda t: 1.0)";
                        case "inverseTime" -> lr + "LambdaLR(optimizer, lambda t: 1.0 / (t + 1) ** "
                                + PyTorchScript.python(sv.real("power")) + ")";
                        case "step" -> lr + "StepLR(optimizer, step_size=" + sv.whole("stepSize") + ", gamma="
                                + PyTorchScript.python(sv.real("gamma")) + ")";
                        case "multiStep" -> lr + "MultiStepLR(optimizer, milestones="
                                + PyTorchScript.python(sv.wholeList("milestones")) + ", gamma="
                                + PyTorchScript.python(sv.real("gamma")) + ")";
                        case "exponential" -> lr + "ExponentialLR(optimizer, gamma="
                                + PyTorchScript.python(sv.real("gamma")) + ")";
                        case "cosine" -> lr + "CosineAnnealingLR(optimizer, T_max=" + sv.whole("tMax") + ", eta_min="
                                + PyTorchScript.python(sv.real("etaMin")) + ")";
                        default -> cyclingClass(subType, sv, base);
                    };
                    parts.append(parts.length() == 0 ? "" : ",\n    ").append(made);
                }
                yield lr + "SequentialLR(optimizer, [\n    " + parts + "],\n    milestones="
                        + PyTorchScript.python(v.wholeList("milestones")) + ")";
            }
            default -> throw new IllegalArgumentException("schedule " + type);
        };
    }

    private static String python(boolean flag) {
        return flag ? "True" : "False";
    }

    /**
     * CyclicLR cycling an Adam-family beta1: torch 2.x's CyclicLR does (use_beta1), torch 1.13's refuses (it looks
     * for a 'momentum' key). The script runs CyclicLR for the rate with cycle_momentum=False, and sets betas[0]
     * before each update to 2.x's value, computed as 2.x's get_lr computes it.
     */
    private static TorchSchedule cyclicBeta1(String made, Values v, double base) {
        String withoutMomentum = made.replace("cycle_momentum=True", "cycle_momentum=False");
        int up = v.whole("stepSizeUp");
        int down = v.whole("stepSizeDown");
        String scale = switch (v.choice("mode")) {
            case "triangular" -> "1.0";
            case "triangular2" -> "1 / (2.0 ** (cycle - 1))";
            default -> PyTorchScript.python(v.real("gamma")) + " ** t";
        };
        String setup = "scheduler = " + withoutMomentum + "\n\n\n"
                + "def cyclic_beta1(t):\n"
                + "    \"\"\"torch 2.x's CyclicLR beta1 for update t (torch 1.13's CyclicLR cycles only a "
                + "'momentum').\"\"\"\n"
                + "    total = " + up + ".0 + " + down + ".0\n"
                + "    cycle = float(int(1 + t / total))\n"
                + "    x = 1. + t / total - cycle\n"
                + "    ratio = " + up + ".0 / total\n"
                + "    scale_factor = x / ratio if x <= ratio else (x - 1) / (ratio - 1)\n"
                + "    base_height = (" + PyTorchScript.python(v.real("maxMomentum")) + " - "
                + PyTorchScript.python(v.real("baseMomentum")) + ") * scale_factor\n"
                + "    return " + PyTorchScript.python(v.real("maxMomentum")) + " - base_height * (" + scale + ")\n\n\n"
                + "for group in optimizer.param_groups:\n"
                + "    group[\"betas\"] = (cyclic_beta1(0), group[\"betas\"][1])\n";
        return new TorchSchedule(setup, "", STEP + "    for group in optimizer.param_groups:\n"
                + "        group[\"betas\"] = (cyclic_beta1(k + 1), group[\"betas\"][1])\n");
    }
}
