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
        ScheduleKind kind = ScheduleKinds.byName(type).orElseThrow();
        Map<String, Object> own = new LinkedHashMap<>(parameters);
        Object warmup = own.remove("warmup");
        Values v = Parameters.resolve(type, kind.parameters(), own);
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
                default -> "";
            };
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
}
