package dev.descent.export;

import dev.descent.engine.expr.Expr;
import dev.descent.engine.optim.Clipping;
import dev.descent.engine.run.Box;
import dev.descent.engine.param.Values;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * The text of an exported PyTorch script: the objective in torch operations ({@link TorchExpression}), the
 * optimizer as its {@code torch.optim} class with every hyperparameter written out, the learning-rate schedule
 * ({@link TorchSchedule}), and the loop that prints one JSON object per iterate. It runs as many updates as the
 * service's run made ({@code updates}), so that whatever stopping rule ended that run, the script stops there too.
 *
 * <p>lbfgs, whose {@code step} evaluates the objective itself, is stepped as torch's LBFGS must be, with a closure
 * that re-evaluates f and its gradient: one {@code optimizer.step(closure)} per update of the service.
 *
 * <p>Works with torch 1.13 (Debian's {@code python3-torch}) and 2.x. Torch 1.13's NAdam multiplies the momentum
 * product by μ_t twice; where it runs, the script puts the documented update in its place (as
 * {@code scripts/golden/generate_torch_golden.py} does). Torch 1.13's NAdam and RAdam have neither {@code maximize}
 * nor {@code decoupled_weight_decay}: on 2.x the script passes them, on 1.x it applies PyTorch 2's documented rule
 * around each step (the gradient negated first; x multiplied by 1 - lr · weight_decay before the update), which is
 * the same update to the last bit. Every other class takes {@code maximize} in 1.13 already, with 2.x's rule.
 */
final class PyTorchScript {

    /** The torch class and the camelCase → PyTorch argument names of each optimizer type. */
    private static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("gd", "SGD"), Map.entry("momentum", "SGD"), Map.entry("nesterov", "SGD"),
            Map.entry("adagrad", "Adagrad"), Map.entry("rmsprop", "RMSprop"), Map.entry("adadelta", "Adadelta"),
            Map.entry("adam", "Adam"), Map.entry("adamw", "AdamW"), Map.entry("adamax", "Adamax"),
            Map.entry("nadam", "NAdam"), Map.entry("radam", "RAdam"), Map.entry("rprop", "Rprop"),
            Map.entry("asgd", "ASGD"), Map.entry("lbfgs", "LBFGS"));

    private static final Map<String, String> ARGUMENTS = Map.ofEntries(
            Map.entry("learningRate", "lr"), Map.entry("momentum", "momentum"), Map.entry("dampening", "dampening"),
            Map.entry("weightDecay", "weight_decay"), Map.entry("epsilon", "eps"), Map.entry("amsgrad", "amsgrad"),
            Map.entry("lrDecay", "lr_decay"), Map.entry("initialAccumulatorValue", "initial_accumulator_value"),
            Map.entry("alpha", "alpha"), Map.entry("centered", "centered"), Map.entry("rho", "rho"),
            Map.entry("momentumDecay", "momentum_decay"), Map.entry("lambda", "lambd"), Map.entry("t0", "t0"),
            Map.entry("maxIter", "max_iter"), Map.entry("maxEval", "max_eval"),
            Map.entry("toleranceGrad", "tolerance_grad"), Map.entry("toleranceChange", "tolerance_change"),
            Map.entry("historySize", "history_size"), Map.entry("lineSearchFn", "line_search_fn"));

    /** PyTorch's tuple arguments and the two camelCase hyperparameters each is split into. */
    private static final Map<String, List<String>> PAIRS = Map.of(
            "betas", List.of("beta1", "beta2"),
            "etas", List.of("etaMinus", "etaPlus"),
            "step_sizes", List.of("minStepSize", "maxStepSize"));

    private static final String NADAM_1_13 = """
            # torch 1.13 multiplies NAdam's momentum product by mu_t twice (mu_product * mu * mu_next); the
            # documentation, torch >= 2.0 and Descent use mu_product * mu_next. On 1.x, the documented update:
            if torch.__version__.startswith("1."):
                import torch.optim.nadam as _nadam

                def _documented_nadam(params, grads, exp_avgs, exp_avg_sqs, mu_products, state_steps, *,
                                      beta1, beta2, lr, weight_decay, momentum_decay, eps, **_ignored):
                    for i, param in enumerate(params):
                        grad = grads[i]
                        exp_avg = exp_avgs[i]
                        exp_avg_sq = exp_avg_sqs[i]
                        mu_product = mu_products[i]
                        step_t = state_steps[i]
                        step_t += 1
                        step = step_t.item()
                        bias_correction2 = 1 - beta2 ** step
                        if weight_decay != 0:
                            grad = grad.add(param, alpha=weight_decay)
                        mu = beta1 * (1. - 0.5 * (0.96 ** (step * momentum_decay)))
                        mu_next = beta1 * (1. - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
                        mu_product *= mu
                        mu_product_next = mu_product * mu_next
                        exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
                        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                        denom = exp_avg_sq.div(bias_correction2).sqrt().add_(eps)
                        param.addcdiv_(grad, denom, value=-lr * (1. - mu) / (1. - mu_product.item()))
                        param.addcdiv_(exp_avg, denom, value=-lr * mu_next / (1. - mu_product_next.item()))

                _nadam._single_tensor_nadam = _documented_nadam

            """;

    /** The optimizers whose torch 1.13 class lacks PyTorch 2's maximize and decoupled_weight_decay. */
    private static final List<String> FLAGS_SINCE_2 = List.of("nadam", "radam");

    private static final String FLAGS_1_13 = """
            # PyTorch 2's maximize and decoupled_weight_decay: torch 1.13's %1$s has neither. On 1.x the documented
            # rule is applied around each step instead: the gradient negated first, and with decoupled weight decay
            # x <- x (1 - lr * weight_decay) before the update (the optimizer's own weight_decay then 0).
            TORCH_1 = torch.__version__.startswith("1.")
            MAXIMIZE = %2$s
            DECOUPLED_WEIGHT_DECAY = %3$s
            WEIGHT_DECAY = %4$s
            if TORCH_1:
                OPTIONS = {"weight_decay": 0.0 if DECOUPLED_WEIGHT_DECAY else WEIGHT_DECAY}
            else:
                OPTIONS = {"weight_decay": WEIGHT_DECAY, "decoupled_weight_decay": DECOUPLED_WEIGHT_DECAY,
                           "maximize": MAXIMIZE}

            """;

    private static final String STEP_1_13 = """
                if TORCH_1:
                    with torch.no_grad():
                        if MAXIMIZE:
                            x.grad.neg_()
                        if DECOUPLED_WEIGHT_DECAY and WEIGHT_DECAY != 0:
                            x.mul_(1 - optimizer.param_groups[0]["lr"] * WEIGHT_DECAY)
            """;

    /**
     * LBFGS's closure, {@code %s} the objective's value at x: its step calls it for f and the gradient at x, and
     * again at each point it tries (max_eval None is torch's own default, max_iter * 5 // 4).
     */
    private static final String CLOSURE = """
            def closure():
                optimizer.zero_grad()
                loss = %s
                loss.backward()
                return loss


            """;

    private PyTorchScript() {
    }

    /**
     * What the script minimizes, as Python text.
     *
     * @param summary     what it is, for the script's docstring (one line or a few, unindented)
     * @param definitions statements defining {@code NAMES} (the printed names), {@code x} (the parameter tensor,
     *                    at the start, requiring its gradient) and what {@code value} reads
     * @param value       the expression of f at iterate {@code k} (a tensor of one number), evaluated once per
     *                    iterate in the loop, before its update
     */
    record Objective(String summary, String definitions, String value) {
    }

    /** The objective {@code formula} ({@code expr}) in {@code variables}, from {@code start}. */
    static Objective expression(String formula, Expr expr, List<String> variables, double[] start) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            index.put(variables.get(i), i);
        }
        TorchExpression.Source objective = TorchExpression.of(expr, index);
        String definitions = "NAMES = " + strings(variables) + "\n"
                + "x = torch.tensor(" + numbers(start) + ", requires_grad=True)\n"
                + "# The formula's constants, as tensors: torch's float / tensor is not one rounding.\n"
                + "C = [" + objective.constants().stream().map(c -> "torch.tensor(" + TorchExpression.literal(c)
                        + ")").collect(Collectors.joining(", ")) + "]\n\n\n"
                + "def f(x):\n    return " + objective.expression() + "\n\n\n";
        return new Objective("minimizes\n\n    " + formula, definitions, "f(x)");
    }

    /**
     * The script minimizing {@code objective}.
     *
     * @param optimizer the optimizer type ({@code "adam"})
     * @param values    its hyperparameters, every one given (defaults included), camelCase
     * @param schedule  the schedule's Python statements, reading {@code optimizer}, with {@code scheduler_step(value)}
     * @param updates   the number of updates the service's run made
     */
    static String write(Objective objective, String optimizer, Values values, TorchSchedule schedule, int updates) {
        return write(objective, optimizer, values, schedule, Clipping.NONE, Box.unbounded(0), updates);
    }

    /**
     * As {@link #write(Objective, String, Values, TorchSchedule, int)}, with the run's gradient clipping (torch's
     * {@code clip_grad_norm_} or {@code clip_grad_value_} between backward and step: the engine's arithmetic, the
     * norm clip's factor maxNorm / (‖g‖ + 1e-6) applied when below 1, where torch multiplies by it clamped to 1) and
     * its bounds (x clamped to them after each step, under {@code no_grad}: the engine's projection).
     */
    static String write(Objective objective, String optimizer, Values values, TorchSchedule schedule,
                        Clipping clipping, Box bounds, int updates) {
        boolean closure = optimizer.equals("lbfgs");
        StringBuilder script = new StringBuilder();
        script.append("#!/usr/bin/env python3\n")
                .append("\"\"\"A Descent run, exported: ")
                .append(objective.summary().replace("\\", "\\\\").replace("\"\"\"", "\\\"\\\"\\\""))
                .append("\n\nwith torch.optim.").append(CLASSES.get(optimizer)).append(" (Descent's ").append(optimizer)
                .append(") in float64, and prints one JSON object per iterate, {\"iteration\", \"point\", \"value\"},\n")
                .append("one per line: the start, then the point after each of the ").append(updates)
                .append(" updates the service made (its stopping\nrules ended the run there). Runs on torch 1.13 "
                        + "and 2.x.\n\"\"\"\n")
                .append("import json\n\nimport torch\n\ntorch.set_default_dtype(torch.float64)\n\n");
        if (optimizer.equals("nadam")) {
            script.append(NADAM_1_13);
        }
        script.append(objective.definitions());
        if (!bounds.isUnbounded()) {
            script.append("# The bounds, kept by projection after each update.\n")
                    .append("LOWER = torch.tensor(").append(numbers(bounds.lower())).append(")\n")
                    .append("UPPER = torch.tensor(").append(numbers(bounds.upper())).append(")\n\n\n");
        }
        boolean flagsSince2 = FLAGS_SINCE_2.contains(optimizer);
        script.append("def finite(v):\n    return v if abs(v) != float(\"inf\") and v == v else None\n\n\n");
        if (flagsSince2) {
            script.append(String.format(FLAGS_1_13, CLASSES.get(optimizer), python(values.flag("maximize")),
                    python(values.flag("decoupledWeightDecay")), python(values.real("weightDecay"))));
        }
        script
                .append(closure ? CLOSURE.formatted(objective.value()) : "")
                .append("optimizer = torch.optim.").append(CLASSES.get(optimizer)).append("([x], ")
                .append(arguments(optimizer, values)).append(flagsSince2 ? ", **OPTIONS" : "").append(")\n")
                .append(schedule.setup())
                .append("UPDATES = ").append(updates).append("\n\n")
                .append("for k in range(UPDATES + 1):\n")
                .append("    optimizer.zero_grad()\n")
                .append("    value = ").append(objective.value()).append("\n")
                .append("    print(json.dumps({\"iteration\": k, \"point\": {n: finite(v) for n, v in "
                        + "zip(NAMES, x.tolist())},\n")
                .append("                      \"value\": finite(value.item())}))\n")
                .append(schedule.observe())
                .append("    if k == UPDATES:\n        break\n")
                .append(closure ? "    optimizer.step(closure)\n" : "    value.backward()\n" + clip(clipping)
                        + (flagsSince2 ? STEP_1_13 : "") + "    optimizer.step()\n")
                .append(bounds.isUnbounded() ? "" : "    with torch.no_grad():\n"
                        + "        x.clamp_(min=LOWER, max=UPPER)\n")
                .append(schedule.step());
        return script.toString();
    }

    private static String clip(Clipping clipping) {
        if (clipping instanceof Clipping.ByNorm norm) {
            return "    torch.nn.utils.clip_grad_norm_([x], max_norm=" + python(norm.maxNorm()) + ")\n";
        }
        if (clipping instanceof Clipping.ByValue value) {
            return "    torch.nn.utils.clip_grad_value_([x], clip_value=" + python(value.maxValue()) + ")\n";
        }
        return "";
    }

    /** The keyword arguments of the optimizer's constructor. */
    private static String arguments(String optimizer, Values values) {
        Map<String, Object> byName = new LinkedHashMap<>(values.byName());
        if (FLAGS_SINCE_2.contains(optimizer)) {
            // In OPTIONS, by torch's version.
            byName.keySet().removeAll(List.of("maximize", "decoupledWeightDecay", "weightDecay"));
        }
        StringJoiner arguments = new StringJoiner(", ");
        Map<String, String> pairs = new LinkedHashMap<>();
        PAIRS.forEach((torch, names) -> {
            Object first = byName.remove(names.get(0));
            Object second = byName.remove(names.get(1));
            if (first != null) {
                pairs.put(torch, "(" + python(first) + ", " + python(second) + ")");
            }
        });
        byName.forEach((name, value) -> arguments.add(ARGUMENTS.getOrDefault(name, name) + "=" + python(value)));
        pairs.forEach((torch, tuple) -> arguments.add(torch + "=" + tuple));
        switch (optimizer) {
            case "gd" -> arguments.add("momentum=0.0").add("dampening=0.0").add("nesterov=False");
            case "momentum" -> arguments.add("nesterov=False");
            case "nesterov" -> arguments.add("dampening=0.0").add("nesterov=True");
            default -> {
            }
        }
        return arguments.toString();
    }

    static String python(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof String text) {
            return string(text);
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Number n && !(value instanceof Double)) {
            return n.toString();
        }
        if (value instanceof Number n) {
            return TorchExpression.literal(n.doubleValue());
        }
        if (value instanceof int[] list) {
            return "[" + Arrays.stream(list).mapToObj(Integer::toString).collect(Collectors.joining(", "))
                    + "]";
        }
        throw new IllegalArgumentException("no Python form for " + value);
    }

    static String numbers(double[] values) {
        StringJoiner list = new StringJoiner(", ", "[", "]");
        for (double v : values) {
            list.add(TorchExpression.literal(v));
        }
        return list.toString();
    }

    static String strings(List<String> names) {
        return names.stream().map(PyTorchScript::string).collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * {@code text} as a Python string literal: a feature name comes from a CSV header, and must stay a name (a quote
     * in it must not end the literal and run the rest as code). Backslash, quote and every control or non-ASCII
     * character escaped.
     */
    static String string(String text) {
        StringBuilder literal = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '\\' || c == '"') {
                literal.append('\\').appendCodePoint(c);
            } else if (c >= 0x20 && c < 0x7f) {
                literal.appendCodePoint(c);
            } else if (c <= 0xffff) {
                literal.append(String.format("\\u%04x", c));
            } else {
                literal.append(String.format("\\U%08x", c));
            }
        });
        return literal.append('"').toString();
    }
}
