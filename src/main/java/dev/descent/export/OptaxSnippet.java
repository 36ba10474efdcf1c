package dev.descent.export;

import dev.descent.engine.data.Dataset;
import dev.descent.engine.expr.Expr;
import dev.descent.engine.objective.RegressionObjective;
import dev.descent.engine.optim.Clipping;
import dev.descent.engine.run.Box;
import dev.descent.engine.param.Values;
import dev.descent.system.FieldProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * The text of an exported Optax snippet: the objective in jax.numpy, the optimizer as the {@code optax} alias with
 * the same rule as the service's (PyTorch's), the schedule as Descent's closed form passed as Optax's
 * {@code learning_rate} callable, x64 enabled, and the loop printing the same JSON lines as the PyTorch script.
 *
 * <p>Only what Optax computes by the same rule is exported; the rest is a 400 naming the field and why (see
 * {@link #unsupported}), never a snippet that computes something else:
 * <ul>
 *   <li>{@code momentum} with {@code dampening}: {@code optax.sgd}'s trace has no dampening.
 *   <li>{@code adagrad}: Optax adds {@code eps} inside the square root (1/√(G + ε)), torch outside (1/(√G + ε));
 *       exported only with {@code epsilon} 0. Its {@code lrDecay} has no Optax argument.
 *   <li>{@code rmsprop} with momentum and a schedule: Optax's trace accumulates the scaled steps (lr_t·g/avg),
 *       torch's buffer the unscaled ones, multiplied by the current rate.
 *   <li>{@code adam}/{@code adamw} with {@code amsgrad}: {@code optax.amsgrad} keeps the maximum of the
 *       bias-corrected second moment, torch the maximum of the raw one, corrected after.
 *   <li>{@code nadam}: {@code optax.nadam} is Adam with Nesterov momentum, without torch's momentum schedule
 *       μ_t = β1(1 - 0.96^(t·momentumDecay)/2) (it is torch's rule only as momentumDecay goes to infinity).
 *   <li>{@code radam}: Optax divides by √v̂ + ε, torch multiplies by √(1 - β2^t)/(√v + ε): ε scaled otherwise;
 *       exported only with {@code epsilon} 0.
 *   <li>{@code reduceOnPlateau}: Optax's {@code contrib.reduce_on_plateau} scales the updates after the rate,
 *       with its own patience and cooldown rules.
 * </ul>
 * An L2 {@code weightDecay} (torch's, added to the gradient) is {@code optax.add_decayed_weights} chained before
 * the optimizer; AdamW's decoupled decay is {@code optax.adamw}'s {@code weight_decay}. Optax has no
 * {@code maximize}: PyTorch 2's rule (the gradient negated first thing in the update) is {@code optax.scale(-1.0)}
 * chained first, exactly. RAdam's {@code decoupledWeightDecay} (with a weight decay) is a 400: {@code optax.radam}
 * has no decoupled decay.
 */
final class OptaxSnippet {

    /** The Optax alias of each optimizer type. */
    static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("gd", "sgd"), Map.entry("momentum", "sgd"), Map.entry("nesterov", "sgd"),
            Map.entry("adagrad", "adagrad"), Map.entry("rmsprop", "rmsprop"), Map.entry("adadelta", "adadelta"),
            Map.entry("adam", "adam"), Map.entry("adamw", "adamw"), Map.entry("adamax", "adamax"),
            Map.entry("nadam", "nadam"), Map.entry("radam", "radam"));

    private OptaxSnippet() {
    }

    /**
     * The fields of a run of {@code optimizer} ({@code values}) with {@code schedule} (its type, null when the rate
     * is constant: no schedule, or constant without a warmup) that Optax cannot compute by the service's rule, each
     * with why.
     */
    static List<FieldProblem> unsupported(String optimizer, Values values, String schedule) {
        Map<String, Object> v = values.byName();
        List<FieldProblem> errors = new java.util.ArrayList<>();
        switch (optimizer) {
            case "momentum" -> {
                if (real(v, "dampening") != 0) {
                    errors.add(new FieldProblem("optimizer.dampening", "Optax's sgd momentum (optax.trace) has no "
                            + "dampening: the Optax export needs dampening 0"));
                }
            }
            case "adagrad" -> {
                if (real(v, "epsilon") != 0) {
                    errors.add(new FieldProblem("optimizer.epsilon", "optax.adagrad adds eps inside the square "
                            + "root, 1/sqrt(G + eps), where the service (as torch) takes 1/(sqrt(G) + eps): the Optax "
                            + "export needs epsilon 0"));
                }
                if (real(v, "lrDecay") != 0) {
                    errors.add(new FieldProblem("optimizer.lrDecay", "optax.adagrad has no learning-rate decay "
                            + "(torch's lr / (1 + (t - 1) lrDecay)): the Optax export needs lrDecay 0"));
                }
            }
            case "rmsprop" -> {
                if (real(v, "momentum") != 0 && schedule != null) {
                    errors.add(new FieldProblem("schedule", "optax.rmsprop's momentum accumulates the steps "
                            + "already scaled by each update's rate, torch's the unscaled ones times the current "
                            + "rate: the same only for a constant rate"));
                }
            }
            case "adam", "adamw" -> {
                if (Boolean.TRUE.equals(v.get("amsgrad"))) {
                    errors.add(new FieldProblem("optimizer.amsgrad", "optax.amsgrad keeps the running maximum of "
                            + "the bias-corrected second moment, the service (as torch) of the raw one, corrected "
                            + "after: not exported to Optax"));
                }
            }
            case "rprop" -> errors.add(new FieldProblem("optimizer.type", "optax.rprop has no step-size bounds "
                    + "(torch's step_sizes, the service's minStepSize and maxStepSize) and does not skip the update "
                    + "after a sign flip as torch does: rprop is not exported to Optax"));
            case "asgd" -> errors.add(new FieldProblem("optimizer.type", "Optax has no averaged SGD with torch's "
                    + "decaying step lr / (1 + lambda lr t)^alpha: asgd is not exported to Optax"));
            case "lbfgs" -> errors.add(new FieldProblem("optimizer.type", "optax.lbfgs makes one iteration per "
                    + "update, with its own zoom line search (optax.scale_by_zoom_linesearch), where torch's LBFGS "
                    + "step makes up to maxIter with a fixed step or torch's strong Wolfe search, and stops on "
                    + "toleranceGrad, toleranceChange and maxEval: lbfgs is not exported to Optax"));
            case "nadam" -> errors.add(new FieldProblem("optimizer.momentumDecay", "optax.nadam is Adam with "
                    + "Nesterov momentum, without NAdam's momentum schedule mu_t = beta1 (1 - 0.96^(t momentumDecay) "
                    + "/ 2) that the service (as torch) follows: not exported to Optax"));
            case "radam" -> {
                if (Boolean.TRUE.equals(v.get("decoupledWeightDecay")) && real(v, "weightDecay") != 0) {
                    errors.add(new FieldProblem("optimizer.decoupledWeightDecay", "optax.radam has no decoupled "
                            + "weight decay (x <- x (1 - lr weightDecay) before the update, as torch 2): not "
                            + "exported to Optax"));
                }
                if (real(v, "epsilon") != 0) {
                    errors.add(new FieldProblem("optimizer.epsilon", "optax.radam divides by sqrt(v_hat) + eps, the "
                            + "service (as torch) multiplies by sqrt(1 - beta2^t) / (sqrt(v) + eps): the Optax "
                            + "export needs epsilon 0"));
                }
            }
            default -> {
            }
        }
        // Issue 14: linear and polynomial go as their closed forms; these do not.
        String why = schedule == null ? null : switch (schedule) {
            case "oneCycle" -> "optax.cosine_onecycle_schedule peaks at step int(pctStart totalSteps) and ends at "
                    + "totalSteps, torch's OneCycleLR one step earlier in each phase, and Optax cycles no momentum";
            case "cyclic" -> "Optax has no cyclic schedule, and cycles no momentum";
            case "cosineWarmRestarts" -> "optax.sgdr_schedule restarts after fixed periods with a warmup each, not "
                    + "torch's periods growing by tMult";
            case "sequential" -> "optax.join_schedules is not exported from a sequential schedule yet";
            default -> null;
        };
        if (why != null) {
            errors.add(new FieldProblem("schedule.type", why + ": " + schedule + " is not exported to Optax"));
        }
        if ("reduceOnPlateau".equals(schedule)) {
            errors.add(new FieldProblem("schedule.type", "Optax's reduce_on_plateau scales the updates after the "
                    + "rate, with its own patience and cooldown rules: reduceOnPlateau is not exported to Optax"));
        }
        return errors;
    }

    private static double real(Map<String, Object> values, String name) {
        return values.get(name) instanceof Number n ? n.doubleValue() : 0;
    }

    /**
     * The optimizer as an Optax expression, its rate {@code rate} (a float literal, or {@code "learning_rate"},
     * the schedule function): the alias with every hyperparameter written out, L2 weight decay chained before.
     */
    static String optimizer(String optimizer, Values values, String rate) {
        Map<String, Object> v = new LinkedHashMap<>(values.byName());
        StringJoiner arguments = new StringJoiner(", ");
        arguments.add("learning_rate=" + rate);
        double weightDecay = real(v, "weightDecay");
        boolean decoupled = optimizer.equals("adamw");
        switch (optimizer) {
            case "gd" -> {
            }
            case "momentum" -> arguments.add("momentum=" + py(v.get("momentum"))).add("nesterov=False");
            case "nesterov" -> arguments.add("momentum=" + py(v.get("momentum"))).add("nesterov=True");
            case "adagrad" -> arguments.add("initial_accumulator_value=" + py(v.get("initialAccumulatorValue")))
                    .add("eps=" + py(v.get("epsilon")));
            case "rmsprop" -> {
                arguments.add("decay=" + py(v.get("alpha"))).add("eps=" + py(v.get("epsilon")))
                        .add("initial_scale=0.0").add("eps_in_sqrt=False")
                        .add("centered=" + py(v.get("centered")))
                        .add("momentum=" + (real(v, "momentum") == 0 ? "None" : py(v.get("momentum"))))
                        .add("nesterov=False").add("bias_correction=False");
            }
            case "adadelta" -> arguments.add("rho=" + py(v.get("rho"))).add("eps=" + py(v.get("epsilon")));
            case "adam", "adamax", "radam", "adamw" -> {
                arguments.add("b1=" + py(v.get("beta1"))).add("b2=" + py(v.get("beta2")))
                        .add("eps=" + py(v.get("epsilon")));
                if (!optimizer.equals("adamax")) {
                    arguments.add("eps_root=0.0");
                }
                if (optimizer.equals("radam")) {
                    arguments.add("threshold=5.0");
                }
                if (decoupled) {
                    arguments.add("weight_decay=" + py(v.get("weightDecay")));
                }
            }
            default -> throw new IllegalArgumentException("no Optax export of " + optimizer);
        }
        String made = "optax." + ALIASES.get(optimizer) + "(" + arguments + ")";
        if (weightDecay != 0 && !decoupled) {
            made = "optax.chain(\n    optax.add_decayed_weights(" + py(v.get("weightDecay")) + "),  # L2: the "
                    + "gradient plus weightDecay * x, as torch\n    " + made + ",\n)";
        }
        if (Boolean.TRUE.equals(v.get("maximize"))) {
            made = "optax.chain(\n    optax.scale(-1.0),  # maximize: the gradient negated first, as torch 2\n    "
                    + made.replace("\n", "\n    ") + ",\n)";
        }
        return made;
    }

    private static String py(Object value) {
        return PyTorchScript.python(value);
    }

    /**
     * What the snippet minimizes: {@code NAMES}, {@code x}, and a function {@code value_and_grad(k)} that answers f
     * at iterate k and its gradient.
     */
    record Objective(String summary, String definitions) {
    }

    /** The formula {@code formula} ({@code expr}) in {@code variables} from {@code start}, in jax.numpy. */
    static Objective expression(String formula, Expr expr, List<String> variables, double[] start) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            index.put(variables.get(i), i);
        }
        TorchExpression.Source source = TorchExpression.jax(expr, index);
        String definitions = "NAMES = " + PyTorchScript.strings(variables) + "\n"
                + "x = jnp.array(" + PyTorchScript.numbers(start) + ")\n"
                + "C = [" + source.constants().stream().map(c -> "jnp.asarray(" + TorchExpression.literal(c)
                        + ")").collect(Collectors.joining(", ")) + "]\n\n\n"
                + "def f(x):\n    return " + source.expression() + "\n\n\n"
                + "def value_and_grad(k):\n    return jax.value_and_grad(f)(x)\n\n\n";
        return new Objective("minimizes\n\n    " + formula, definitions);
    }

    /** A regression, its data set inline and its row orders as the engine drew them (see {@link TorchRegression}). */
    static Objective regression(RegressionObjective regression, List<String> variables, double[] start,
                                int updates) {
        Dataset data = regression.dataset();
        boolean logistic = regression.model() == RegressionObjective.Model.LOGISTIC;
        int batches = regression.batchesPerEpoch();
        StringBuilder text = new StringBuilder();
        text.append("NAMES = ").append(PyTorchScript.strings(variables)).append('\n')
                .append("x = jnp.array(").append(PyTorchScript.numbers(start)).append(")\n\n")
                .append("# The data set as the service read it.\nFEATURES = jnp.array([\n");
        TorchRegression.rows(data, text);
        text.append("])\nTARGETS = jnp.array(").append(PyTorchScript.numbers(data.sharedTargets().clone()))
                .append(")\n");
        if (regression.standardizes()) {
            text.append("FEATURES = (FEATURES - jnp.array(").append(PyTorchScript.numbers(regression.means()))
                    .append(")) / jnp.array(").append(PyTorchScript.numbers(regression.scales())).append(")\n");
        }
        text.append("L1 = ").append(py(regression.l1())).append('\n')
                .append("L2 = ").append(py(regression.l2())).append('\n')
                .append("BATCH_SIZE = ").append(regression.batchSize()).append('\n')
                .append("BATCHES = ").append(batches).append("  # per epoch\n");
        if (regression.shuffles()) {
            text.append("# Each epoch's rows in the order the service's seeded shuffle visited them.\n")
                    .append("ORDERS = jnp.array([\n");
            for (int e = 0; e <= updates / batches; e++) {
                text.append("    ").append(java.util.Arrays.stream(regression.epochOrder(e))
                        .mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"))).append(",\n");
            }
            text.append("])\n");
        } else {
            text.append("ORDERS = jnp.arange(").append(data.rows()).append(").reshape(1, -1)\n");
        }
        String weights = regression.fitsIntercept() ? "x[1:]" : "x";
        text.append("ALL_ROWS = jnp.arange(").append(data.rows()).append(")\n\n\n")
                .append("def batch(k):\n")
                .append("    epoch, b = divmod(k, BATCHES)\n")
                .append("    return ORDERS[min(epoch, len(ORDERS) - 1)][b * BATCH_SIZE:(b + 1) * BATCH_SIZE]\n\n\n")
                .append("def f(x, rows):\n")
                .append("    z = ").append(regression.fitsIntercept() ? "x[0] + " : "").append("FEATURES[rows] @ ")
                .append(weights).append('\n')
                .append("    y = TARGETS[rows]\n")
                // jax.nn.softplus is logaddexp(z, 0) = max(z, 0) + log1p(exp(-|z|)): the service's form, and its
                // derivative is sigmoid(z), 1/2 at z = 0 too.
                .append(logistic ? "    loss = jnp.mean(jax.nn.softplus(z) - y * z)\n"
                        : "    loss = jnp.mean((z - y) ** 2)\n")
                .append("    w = ").append(weights).append('\n')
                .append("    return loss + jnp.sum(0.5 * L2 * w * w + L1 * jnp.abs(w))\n\n\n")
                .append("def value_and_grad(k):\n")
                .append("    return jax.value_and_grad(f)(x, ")
                .append(batches > 1 ? "ALL_ROWS if k == UPDATES else batch(k)" : "ALL_ROWS").append(")\n\n\n");
        String summary = (logistic ? "fits logistic regression (mean log-loss)" : "fits linear regression (mean "
                + "squared error)") + " on " + data.rows() + " rows";
        return new Objective(summary, text.toString());
    }

    /**
     * The snippet minimizing {@code objective} with {@code optimizer} ({@code values}), its rate over the base the
     * Python expression {@code factor} of {@code t} (null for a constant rate), for {@code updates} updates.
     */
    static String write(Objective objective, String optimizer, Values values, double base, String factor,
                        Clipping clipping, Box bounds, int updates) {
        String rate = factor == null ? PyTorchScript.python(base) : "learning_rate";
        StringBuilder snippet = new StringBuilder();
        snippet.append("#!/usr/bin/env python3\n")
                .append("\"\"\"A Descent run, exported to Optax: ").append(objective.summary())
                .append("\n\nwith optax.").append(ALIASES.get(optimizer)).append(" (Descent's ").append(optimizer)
                .append(") in float64, and prints one JSON object per iterate, {\"iteration\", \"point\", \"value\"},\n")
                .append("one per line: the start, then the point after each of the ").append(updates)
                .append(" updates the service made.\n\"\"\"\n")
                .append("import json\n\nimport jax\n\njax.config.update(\"jax_enable_x64\", True)\n\n"
                        + "import jax.numpy as jnp  # noqa: E402\nimport optax  # noqa: E402\n\n")
                .append("UPDATES = ").append(updates).append("\n")
                .append(objective.definitions())
                .append("def finite(v):\n    return v if abs(v) != float(\"inf\") and v == v else None\n\n\n");
        if (factor != null) {
            snippet.append("def learning_rate(t):\n")
                    .append("    \"\"\"The rate of update t (Optax's count, from 0): Descent's closed form.\"\"\"\n")
                    .append("    return ").append(PyTorchScript.python(base)).append(" * (").append(factor)
                    .append(")\n\n\n");
        }
        if (!bounds.isUnbounded()) {
            snippet.append("# The bounds, kept by projection after each update.\n")
                    .append("LOWER = jnp.array(").append(PyTorchScript.numbers(bounds.lower())).append(")\n")
                    .append("UPPER = jnp.array(").append(PyTorchScript.numbers(bounds.upper())).append(")\n");
        }
        String made = optimizer(optimizer, values, rate);
        if (clipping instanceof Clipping.ByValue value) {
            made = "optax.chain(\n    optax.clip(" + PyTorchScript.python(value.maxValue()) + "),  # each component "
                    + "of the gradient into [-maxValue, maxValue], first\n    " + made.replace("\n", "\n    ")
                    + ",\n)";
        }
        snippet.append("optimizer = ").append(made).append('\n')
                .append("state = optimizer.init(x)\n\n")
                .append("for k in range(UPDATES + 1):\n")
                .append("    value, grad = value_and_grad(k)\n")
                .append("    print(json.dumps({\"iteration\": k, \"point\": {n: finite(v) for n, v in "
                        + "zip(NAMES, x.tolist())},\n")
                .append("                      \"value\": finite(float(value))}))\n")
                .append("    if k == UPDATES:\n        break\n")
                .append("    updates, state = optimizer.update(grad, state, x)\n")
                .append("    x = optax.apply_updates(x, updates)\n")
                .append(bounds.isUnbounded() ? "" : "    x = jnp.clip(x, LOWER, UPPER)\n");
        return snippet.toString();
    }
}
