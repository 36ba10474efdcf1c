#!/usr/bin/python3
"""Generate golden reference fixtures for Descent's optimizers and LR schedules.

Runs PyTorch's torch.optim / torch.optim.lr_scheduler (float64) and writes:
  src/test/resources/golden/optimizers.json
  src/test/resources/golden/schedules.json
  src/test/resources/golden/maximize.json

Run by hand from the repository root (never in CI):
  /usr/bin/python3 scripts/golden/generate_torch_golden.py
"""
import inspect
import json
import math
import os
import re
import sys

import torch

torch.set_default_dtype(torch.float64)


# ---------------------------------------------------------------------------
# NAdam: Debian's torch 1.13 computes the next momentum product as
# mu_product * mu * mu_next, multiplying mu_t in twice; the torch.optim documentation (and torch >= 2.0, which
# fixed it) uses prod_{i<=t+1} mu_i = mu_product * mu_next. Descent follows the documentation, so the generator
# replaces 1.13's single-tensor NAdam with the documented rule, written with 1.13's own tensor operations.
# Every other optimizer runs torch's code untouched.
# ---------------------------------------------------------------------------
import torch.optim.nadam as _nadam_module


def _documented_single_tensor_nadam(params, grads, exp_avgs, exp_avg_sqs, mu_products, state_steps, *,
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
        mu_product_next = mu_product * mu_next          # the fix: 1.13 has mu_product * mu * mu_next
        exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        denom = exp_avg_sq.div(bias_correction2).sqrt().add_(eps)
        param.addcdiv_(grad, denom, value=-lr * (1. - mu) / (1. - mu_product.item()))
        param.addcdiv_(exp_avg, denom, value=-lr * mu_next / (1. - mu_product_next.item()))


if torch.__version__.startswith("1."):
    _nadam_module._single_tensor_nadam = _documented_single_tensor_nadam

GENERATOR = "scripts/golden/generate_torch_golden.py"
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT_DIR = os.path.join(ROOT, "src", "test", "resources", "golden")

# ---------------------------------------------------------------------------
# Objectives (in Descent's grammar) and their translation to torch
# ---------------------------------------------------------------------------

FUNCTIONS = ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh",
             "exp", "log", "log10", "sqrt", "abs"]


def natural_key(name):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def make_objective(expr, variables):
    """Return f(param_tensor) -> scalar tensor for an expression in our grammar."""
    py = expr.replace("^", "**")
    namespace = {"__builtins__": {}}
    for fn in FUNCTIONS:
        namespace[fn] = getattr(torch, fn)
    namespace["pi"] = math.pi
    namespace["e"] = math.e
    code = compile(py, "<objective>", "eval")

    def f(p):
        ns = dict(namespace)
        for i, v in enumerate(variables):
            ns[v] = p[i]
        return eval(code, ns)

    return f


QUAD = "x^2 + 4*x + 9"
XCOS = "x*cos(x)"
ROSEN = "(1-x)^2 + 100*(y-x^2)^2"
HIMMEL = "(x^2+y-11)^2 + (x+y^2-7)^2"
TRIVAR = "exp(0.1*x1) + log(1 + x2^2) + sin(x3) + 0.5*(x1 - x2)^2 + 0.1*x3^2"

OBJECTIVES = {
    "quad": (QUAD, ["x"], {"x": 3.0}),
    "xcos": (XCOS, ["x"], {"x": 1.0}),
    "rosenbrock": (ROSEN, ["x", "y"], {"x": -1.5, "y": 2.0}),
    "himmelblau": (HIMMEL, ["x", "y"], {"x": -1.0, "y": 1.0}),
    "trivar": (TRIVAR, ["x1", "x2", "x3"], {"x1": 2.0, "x2": -1.5, "x3": 1.0}),
}

# ---------------------------------------------------------------------------
# Optimizer types: our camelCase hyperparameters <-> torch
# ---------------------------------------------------------------------------

# type -> (torch class, {ourName: default}) ; defaults are torch's defaults
TYPES = {
    "gd": (torch.optim.SGD, {"learningRate": None, "weightDecay": 0.0}),
    "momentum": (torch.optim.SGD, {"learningRate": None, "momentum": None, "dampening": 0.0,
                                   "weightDecay": 0.0}),
    "nesterov": (torch.optim.SGD, {"learningRate": None, "momentum": None, "weightDecay": 0.0}),
    "adam": (torch.optim.Adam, {"learningRate": 1e-3, "beta1": 0.9, "beta2": 0.999,
                                "epsilon": 1e-8, "weightDecay": 0.0, "amsgrad": False}),
    "adamw": (torch.optim.AdamW, {"learningRate": 1e-3, "beta1": 0.9, "beta2": 0.999,
                                  "epsilon": 1e-8, "weightDecay": 1e-2, "amsgrad": False}),
    "adamax": (torch.optim.Adamax, {"learningRate": 2e-3, "beta1": 0.9, "beta2": 0.999,
                                    "epsilon": 1e-8, "weightDecay": 0.0}),
    "nadam": (torch.optim.NAdam, {"learningRate": 2e-3, "beta1": 0.9, "beta2": 0.999,
                                  "epsilon": 1e-8, "weightDecay": 0.0, "momentumDecay": 4e-3}),
    "radam": (torch.optim.RAdam, {"learningRate": 1e-3, "beta1": 0.9, "beta2": 0.999,
                                  "epsilon": 1e-8, "weightDecay": 0.0}),
    "adagrad": (torch.optim.Adagrad, {"learningRate": 1e-2, "lrDecay": 0.0, "weightDecay": 0.0,
                                      "initialAccumulatorValue": 0.0, "epsilon": 1e-10}),
    "rmsprop": (torch.optim.RMSprop, {"learningRate": 1e-2, "alpha": 0.99, "epsilon": 1e-8,
                                      "weightDecay": 0.0, "momentum": 0.0, "centered": False}),
    "adadelta": (torch.optim.Adadelta, {"learningRate": 1.0, "rho": 0.9, "epsilon": 1e-6,
                                        "weightDecay": 0.0}),
    "rprop": (torch.optim.Rprop, {"learningRate": 1e-2, "etaMinus": 0.5, "etaPlus": 1.2,
                                  "minStepSize": 1e-6, "maxStepSize": 50.0}),
    "asgd": (torch.optim.ASGD, {"learningRate": 1e-2, "lambda": 1e-4, "alpha": 0.75, "t0": 1e6,
                                "weightDecay": 0.0}),
}

# Tuples torch takes as one argument, split into two camelCase names.
PAIRS = {"betas": ("beta1", "beta2"), "etas": ("etaMinus", "etaPlus"),
         "step_sizes": ("minStepSize", "maxStepSize")}

SIMPLE_MAP = {"learningRate": "lr", "momentum": "momentum", "dampening": "dampening",
              "weightDecay": "weight_decay", "epsilon": "eps", "amsgrad": "amsgrad",
              "lrDecay": "lr_decay", "initialAccumulatorValue": "initial_accumulator_value",
              "alpha": "alpha", "centered": "centered", "rho": "rho",
              "momentumDecay": "momentum_decay", "lambda": "lambd", "t0": "t0"}


def full_optimizer_spec(spec):
    """Fill in every hyperparameter explicitly (torch defaults where not given)."""
    t = spec["type"]
    _, defaults = TYPES[t]
    unknown = set(spec) - set(defaults) - {"type"}
    if unknown:
        raise ValueError("unknown hyperparameters for %s: %s" % (t, unknown))
    out = {"type": t}
    for k, d in defaults.items():
        v = spec.get(k, d)
        if v is None:
            raise ValueError("%s requires %s" % (t, k))
        out[k] = v
    return out


def build_optimizer(spec, params):
    t = spec["type"]
    cls, _ = TYPES[t]
    kwargs = {}
    paired = {name for pair in PAIRS.values() for name in pair}
    for k, v in spec.items():
        if k == "type" or k in paired:
            continue
        kwargs[SIMPLE_MAP[k]] = v
    for torch_name, (first, second) in PAIRS.items():
        if first in spec:
            kwargs[torch_name] = (spec[first], spec[second])
    if t == "gd":
        kwargs["momentum"] = 0.0
        kwargs["dampening"] = 0.0
        kwargs["nesterov"] = False
    elif t == "momentum":
        kwargs["nesterov"] = False
    elif t == "nesterov":
        kwargs["nesterov"] = True
        kwargs["dampening"] = 0.0
    # Pin the plain single-tensor code path where the constructor knows the flag.
    sig = inspect.signature(cls.__init__).parameters
    pinned = {"foreach": False, "maximize": False, "capturable": False,
              "differentiable": False, "fused": False, "decoupled_weight_decay": False}
    for k, v in pinned.items():
        if k in sig:
            kwargs[k] = v
    return cls([params], **kwargs)


def run_case(objective, variables, start, spec, steps, perturb=0.0):
    f = make_objective(objective, variables)
    x0 = []
    for v in variables:
        s = float(start[v])
        x0.append(s + perturb * max(abs(s), 1.0))
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = build_optimizer(spec, p)
    points, values = [], []

    def record():
        with torch.no_grad():
            points.append([float(c) for c in p.detach().tolist()])
            values.append(float(f(p.detach())))

    record()
    for _ in range(steps):
        opt.zero_grad()
        val = f(p)
        val.backward()
        opt.step()
        record()
    return points, values


def rel_diff(a, b):
    """Pure relative difference (no absolute floor), so fixtures that pass it can be
    compared with a relative tolerance alone."""
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


# name, objective key, optimizer spec (partial; filled to full), steps
CASES = [
    # ---- gd ----
    ("gd-quad", "quad", {"type": "gd", "learningRate": 0.05}, 60),
    ("gd-wd-quad", "quad", {"type": "gd", "learningRate": 0.05, "weightDecay": 0.5}, 60),
    ("gd-xcos", "xcos", {"type": "gd", "learningRate": 0.05}, 100),
    ("gd-rosenbrock", "rosenbrock", {"type": "gd", "learningRate": 5e-4}, 200),
    ("gd-himmelblau", "himmelblau", {"type": "gd", "learningRate": 0.001}, 100),
    ("gd-wd-trivar", "trivar", {"type": "gd", "learningRate": 0.05, "weightDecay": 0.1}, 150),
    # ---- momentum ----
    ("momentum-quad", "quad", {"type": "momentum", "learningRate": 0.02, "momentum": 0.9}, 100),
    ("momentum-dampening-xcos", "xcos",
     {"type": "momentum", "learningRate": 0.05, "momentum": 0.8, "dampening": 0.3}, 120),
    ("momentum-rosenbrock", "rosenbrock",
     {"type": "momentum", "learningRate": 1e-4, "momentum": 0.9}, 200),
    ("momentum-dampening-wd-himmelblau", "himmelblau",
     {"type": "momentum", "learningRate": 0.003, "momentum": 0.7, "dampening": 0.5,
      "weightDecay": 0.05}, 100),
    ("momentum-wd-trivar", "trivar",
     {"type": "momentum", "learningRate": 0.03, "momentum": 0.85, "weightDecay": 0.02}, 150),
    # ---- nesterov ----
    ("nesterov-quad", "quad", {"type": "nesterov", "learningRate": 0.02, "momentum": 0.9}, 80),
    ("nesterov-rosenbrock", "rosenbrock",
     {"type": "nesterov", "learningRate": 1e-4, "momentum": 0.9}, 200),
    ("nesterov-wd-himmelblau", "himmelblau",
     {"type": "nesterov", "learningRate": 0.003, "momentum": 0.8, "weightDecay": 0.1}, 100),
    ("nesterov-trivar", "trivar", {"type": "nesterov", "learningRate": 0.03, "momentum": 0.9}, 150),
    # ---- adam ----
    ("adam-quad", "quad", {"type": "adam", "learningRate": 0.1}, 80),
    ("adam-xcos", "xcos", {"type": "adam", "learningRate": 0.05, "beta1": 0.8, "beta2": 0.99}, 100),
    ("adam-rosenbrock", "rosenbrock", {"type": "adam", "learningRate": 0.01}, 200),
    ("adam-amsgrad-rosenbrock", "rosenbrock", {"type": "adam", "learningRate": 0.01, "amsgrad": True}, 100),
    ("adam-wd-himmelblau", "himmelblau",
     {"type": "adam", "learningRate": 0.05, "weightDecay": 0.1, "epsilon": 1e-6}, 120),
    ("adam-amsgrad-wd-trivar", "trivar",
     {"type": "adam", "learningRate": 0.03, "amsgrad": True, "weightDecay": 0.05}, 150),
    # ---- adamw ----
    ("adamw-quad", "quad", {"type": "adamw", "learningRate": 0.1}, 80),
    ("adamw-wd-rosenbrock", "rosenbrock", {"type": "adamw", "learningRate": 0.01, "weightDecay": 0.1}, 150),
    ("adamw-amsgrad-himmelblau", "himmelblau",
     {"type": "adamw", "learningRate": 0.05, "amsgrad": True, "beta1": 0.85}, 120),
    ("adamw-amsgrad-wd-trivar", "trivar",
     {"type": "adamw", "learningRate": 0.03, "amsgrad": True, "weightDecay": 0.2}, 150),
    ("adamw-nowd-xcos", "xcos", {"type": "adamw", "learningRate": 0.05, "weightDecay": 0.0}, 100),
    # ---- adamax ----
    ("adamax-quad", "quad", {"type": "adamax", "learningRate": 0.1}, 80),
    ("adamax-rosenbrock", "rosenbrock", {"type": "adamax", "learningRate": 0.02}, 200),
    ("adamax-wd-himmelblau", "himmelblau",
     {"type": "adamax", "learningRate": 0.05, "weightDecay": 0.1, "beta2": 0.99}, 120),
    ("adamax-trivar", "trivar", {"type": "adamax", "learningRate": 0.05, "beta1": 0.8}, 150),
    # ---- nadam ----
    ("nadam-quad", "quad", {"type": "nadam", "learningRate": 0.1}, 80),
    ("nadam-rosenbrock", "rosenbrock", {"type": "nadam", "learningRate": 0.01}, 200),
    ("nadam-momentumdecay-himmelblau", "himmelblau",
     {"type": "nadam", "learningRate": 0.02, "momentumDecay": 0.01}, 120),
    ("nadam-wd-momentumdecay-trivar", "trivar",
     {"type": "nadam", "learningRate": 0.03, "weightDecay": 0.05, "momentumDecay": 0.002}, 150),
    # ---- radam ----
    ("radam-quad", "quad", {"type": "radam", "learningRate": 0.1}, 80),
    ("radam-rosenbrock", "rosenbrock", {"type": "radam", "learningRate": 0.01}, 200),
    ("radam-wd-himmelblau", "himmelblau", {"type": "radam", "learningRate": 0.05, "weightDecay": 0.1}, 120),
    ("radam-trivar", "trivar", {"type": "radam", "learningRate": 0.05, "beta2": 0.99}, 150),
    # ---- adagrad ----
    ("adagrad-quad", "quad", {"type": "adagrad", "learningRate": 0.5}, 80),
    ("adagrad-lrdecay-rosenbrock", "rosenbrock", {"type": "adagrad", "learningRate": 0.1, "lrDecay": 0.01}, 200),
    ("adagrad-initacc-himmelblau", "himmelblau",
     {"type": "adagrad", "learningRate": 0.1, "initialAccumulatorValue": 0.1}, 120),
    ("adagrad-wd-lrdecay-initacc-trivar", "trivar",
     {"type": "adagrad", "learningRate": 0.3, "weightDecay": 0.05, "lrDecay": 0.005,
      "initialAccumulatorValue": 0.5, "epsilon": 1e-8}, 150),
    # ---- rmsprop ----
    ("rmsprop-quad", "quad", {"type": "rmsprop", "learningRate": 0.05}, 80),
    ("rmsprop-rosenbrock", "rosenbrock", {"type": "rmsprop", "learningRate": 0.001}, 200),
    ("rmsprop-centered-himmelblau", "himmelblau",
     {"type": "rmsprop", "learningRate": 0.01, "centered": True}, 120),
    ("rmsprop-momentum-trivar", "trivar",
     {"type": "rmsprop", "learningRate": 0.005, "momentum": 0.9, "alpha": 0.9}, 150),
    ("rmsprop-centered-momentum-wd-xcos", "xcos",
     {"type": "rmsprop", "learningRate": 0.005, "momentum": 0.8, "centered": True,
      "weightDecay": 0.05}, 100),
    # ---- adadelta ----
    ("adadelta-quad", "quad", {"type": "adadelta", "learningRate": 10.0}, 100),
    ("adadelta-rosenbrock", "rosenbrock", {"type": "adadelta", "learningRate": 1.0, "rho": 0.95}, 200),
    ("adadelta-wd-himmelblau", "himmelblau",
     {"type": "adadelta", "learningRate": 2.0, "weightDecay": 0.1, "epsilon": 1e-4}, 150),
    ("adadelta-trivar", "trivar", {"type": "adadelta", "learningRate": 5.0, "rho": 0.8}, 150),
    # ---- rprop ----
    ("rprop-quad", "quad", {"type": "rprop", "learningRate": 0.1}, 60),
    ("rprop-xcos", "xcos", {"type": "rprop", "learningRate": 0.05, "etaMinus": 0.3, "etaPlus": 1.5}, 60),
    ("rprop-rosenbrock", "rosenbrock", {"type": "rprop", "learningRate": 0.001}, 200),
    ("rprop-stepsizes-himmelblau", "himmelblau",
     {"type": "rprop", "learningRate": 0.05, "minStepSize": 1e-3, "maxStepSize": 0.2}, 30),
    ("rprop-trivar", "trivar", {"type": "rprop", "learningRate": 0.02, "etaPlus": 1.1}, 150),
    # ---- asgd ----
    ("asgd-quad", "quad", {"type": "asgd", "learningRate": 0.05}, 60),
    ("asgd-lambda-xcos", "xcos", {"type": "asgd", "learningRate": 0.05, "lambda": 0.5, "alpha": 0.6}, 100),
    ("asgd-t0-rosenbrock", "rosenbrock", {"type": "asgd", "learningRate": 5e-4, "t0": 50}, 200),
    ("asgd-wd-t0-himmelblau", "himmelblau",
     {"type": "asgd", "learningRate": 0.001, "weightDecay": 0.05, "t0": 20, "lambda": 0.01}, 100),
    ("asgd-trivar", "trivar", {"type": "asgd", "learningRate": 0.05, "lambda": 0.1}, 150),
]


def generate_optimizers():
    cases = []
    dropped = []
    print("%-40s %-9s %5s %14s %14s %10s %10s" %
          ("case", "type", "steps", "f(start)", "f(end)", "maxPtDiff", "maxValDiff"))
    for name, okey, partial, steps in CASES:
        objective, variables, start = OBJECTIVES[okey]
        assert variables == sorted(variables, key=natural_key)
        spec = full_optimizer_spec(partial)
        points, values = run_case(objective, variables, start, spec, steps)
        finite = all(math.isfinite(v) for v in values) and all(
            math.isfinite(c) for row in points for c in row)
        pp, pv = run_case(objective, variables, start, spec, steps, perturb=1e-13)
        dpt = max(rel_diff(a, b) for r1, r2 in zip(points, pp) for a, b in zip(r1, r2))
        dval = max(rel_diff(a, b) for a, b in zip(values, pv))
        # Keep a case only if it is finite, insensitive to a 1e-13 relative perturbation of
        # the start (<= 1e-9 relative everywhere), actually moves, and never converges so far
        # that f is down in rounding noise (|f| >= 1e-5 at every recorded point).
        ok = (finite and dpt <= 1e-9 and dval <= 1e-9
              and abs(values[-1] - values[0]) > 1e-3 * max(1.0, abs(values[0]))
              and min(abs(v) for v in values) >= 1e-5)
        print("%-40s %-9s %5d %14.6g %14.6g %10.2e %10.2e %s" %
              (name, spec["type"], steps, values[0], values[-1], dpt, dval, "ok" if ok else "DROPPED"))
        if not ok:
            dropped.append(name)
            continue
        cases.append({
            "name": name,
            "objective": objective,
            "variables": variables,
            "start": {v: start[v] for v in variables},
            "optimizer": spec,
            "steps": steps,
            "points": points,
            "values": values,
        })
    return cases, dropped


# ---------------------------------------------------------------------------
# Learning-rate schedules
# ---------------------------------------------------------------------------

from torch.optim import lr_scheduler as S  # noqa: E402

SCHED_STEPS = 60


def make_sched(opt, spec):
    t = spec["type"]
    if t == "constant":
        return S.LambdaLR(opt, lambda _: 1.0)
    if t == "step":
        return S.StepLR(opt, step_size=spec["stepSize"], gamma=spec["gamma"])
    if t == "multiStep":
        return S.MultiStepLR(opt, milestones=spec["milestones"], gamma=spec["gamma"])
    if t == "exponential":
        return S.ExponentialLR(opt, gamma=spec["gamma"])
    if t == "cosine":
        return S.CosineAnnealingLR(opt, T_max=spec["tMax"], eta_min=spec["etaMin"])
    if t == "reduceOnPlateau":
        return S.ReduceLROnPlateau(opt, mode="min", factor=spec["factor"], patience=spec["patience"],
                                   threshold=spec["threshold"], threshold_mode="rel",
                                   cooldown=0, min_lr=0)
    raise ValueError(t)


def run_schedule(base_lr, spec, metrics=None, steps=SCHED_STEPS):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=base_lr)
    if "warmup" in spec:
        w = spec["warmup"]
        inner = {k: v for k, v in spec.items() if k != "warmup"}
        warm = S.LinearLR(opt, start_factor=w["startFactor"], end_factor=1.0, total_iters=w["steps"])
        sched = S.ChainedScheduler([warm, make_sched(opt, inner)])
    else:
        sched = make_sched(opt, spec)
    lrs = []
    for k in range(steps):
        lrs.append(float(opt.param_groups[0]["lr"]))
        opt.zero_grad()
        p.sum().backward()
        opt.step()
        if spec["type"] == "reduceOnPlateau":
            sched.step(metrics[k])
        else:
            sched.step()
    return lrs


def closed_form(base_lr, spec, k):
    """Closed-form lr at step k (used only for the chained-cosine comparison)."""
    t = spec["type"]
    if t == "cosine":
        T, eta = spec["tMax"], spec["etaMin"]
        v = eta + (base_lr - eta) * (1 + math.cos(math.pi * k / T)) / 2
    elif t == "step":
        v = base_lr * spec["gamma"] ** (k // spec["stepSize"])
    elif t == "exponential":
        v = base_lr * spec["gamma"] ** k
    elif t == "multiStep":
        v = base_lr * spec["gamma"] ** sum(1 for m in spec["milestones"] if m <= k)
    else:
        raise ValueError(t)
    if "warmup" in spec:
        w = spec["warmup"]
        factor = w["startFactor"] + (1.0 - w["startFactor"]) * min(k, w["steps"]) / w["steps"]
        v *= factor
    return v


def plateau_metrics():
    m = []
    v = 10.0
    for k in range(SCHED_STEPS):
        if k < 12:
            v = 10.0 - 0.5 * k          # decreasing
        elif k < 30:
            v = 4.5 + 0.0001 * ((k % 3) - 1)  # plateau with tiny jitter
        elif k < 42:
            v = 4.5 - 0.2 * (k - 29)    # decreasing again
        else:
            v = 2.1                    # flat again
        m.append(round(v, 10))
    return m


SCHEDULE_CASES = [
    ("constant", 0.1, {"type": "constant"}),
    ("step-10-0.5", 0.1, {"type": "step", "stepSize": 10, "gamma": 0.5}),
    ("step-7-0.9", 0.05, {"type": "step", "stepSize": 7, "gamma": 0.9}),
    ("step-1-0.95", 0.1, {"type": "step", "stepSize": 1, "gamma": 0.95}),
    ("multistep-10-25-40-0.5", 0.1, {"type": "multiStep", "milestones": [10, 25, 40], "gamma": 0.5}),
    ("multistep-30-0.1", 0.2, {"type": "multiStep", "milestones": [30], "gamma": 0.1}),
    ("exponential-0.95", 0.1, {"type": "exponential", "gamma": 0.95}),
    ("exponential-0.9", 0.5, {"type": "exponential", "gamma": 0.9}),
    ("cosine-60-0", 0.1, {"type": "cosine", "tMax": 60, "etaMin": 0.0}),
    ("cosine-20-0-past-tmax", 0.1, {"type": "cosine", "tMax": 20, "etaMin": 0.0}),
    ("cosine-20-0.01-past-tmax", 0.1, {"type": "cosine", "tMax": 20, "etaMin": 0.01}),
    ("cosine-25-0.001", 0.1, {"type": "cosine", "tMax": 25, "etaMin": 0.001}),
    ("plateau-0.5-3-1e-4", 0.1, {"type": "reduceOnPlateau", "factor": 0.5, "patience": 3, "threshold": 1e-4}),
    ("plateau-0.1-5-0.01", 0.1, {"type": "reduceOnPlateau", "factor": 0.1, "patience": 5, "threshold": 0.01}),
    ("plateau-0.5-0-1e-4", 0.1, {"type": "reduceOnPlateau", "factor": 0.5, "patience": 0, "threshold": 1e-4}),
    ("warmup-5-0.1-step-10-0.5", 0.1,
     {"type": "step", "stepSize": 10, "gamma": 0.5, "warmup": {"steps": 5, "startFactor": 0.1}}),
    ("warmup-8-0.25-exponential-0.95", 0.1,
     {"type": "exponential", "gamma": 0.95, "warmup": {"steps": 8, "startFactor": 0.25}}),
    ("warmup-5-0.1-multistep-10-30-0.5", 0.1,
     {"type": "multiStep", "milestones": [10, 30], "gamma": 0.5, "warmup": {"steps": 5, "startFactor": 0.1}}),
    ("warmup-5-0.1-cosine-60-0", 0.1,
     {"type": "cosine", "tMax": 60, "etaMin": 0.0, "warmup": {"steps": 5, "startFactor": 0.1}}),
    ("warmup-5-0.1-cosine-20-0-past-tmax", 0.1,
     {"type": "cosine", "tMax": 20, "etaMin": 0.0, "warmup": {"steps": 5, "startFactor": 0.1}}),
    ("warmup-5-0.1-cosine-20-0.01-past-tmax", 0.1,
     {"type": "cosine", "tMax": 20, "etaMin": 0.01, "warmup": {"steps": 5, "startFactor": 0.1}}),
]


def generate_schedules():
    cases = []
    print()
    print("%-40s %-16s %12s %12s %12s" % ("schedule case", "type", "lr[0]", "lr[59]", "maxRelVsClosed"))
    for name, base_lr, spec in SCHEDULE_CASES:
        metrics = plateau_metrics() if spec["type"] == "reduceOnPlateau" else None
        lrs = run_schedule(base_lr, spec, metrics)
        assert len(lrs) == SCHED_STEPS and all(math.isfinite(v) and v >= 0 for v in lrs)
        cmp = ""
        if spec["type"] in ("cosine", "step", "exponential", "multiStep"):
            diff = max(abs(lrs[k] - closed_form(base_lr, spec, k)) / max(abs(lrs[k]), 1e-300)
                       for k in range(SCHED_STEPS))
            cmp = "%12.3e" % diff
        print("%-40s %-16s %12.6g %12.6g %s" % (name, spec["type"], lrs[0], lrs[-1], cmp))
        case = {"name": name, "baseLearningRate": base_lr, "schedule": spec}
        if metrics is not None:
            case["metrics"] = metrics
        case["learningRates"] = lrs
        cases.append(case)

    # Chained cosine vs product of closed forms, step by step.
    print()
    print("Chained LinearLR + CosineAnnealingLR vs product of closed forms:")
    for name, base_lr, spec in SCHEDULE_CASES:
        if spec["type"] == "cosine" and "warmup" in spec:
            lrs = run_schedule(base_lr, spec)
            diffs = [lrs[k] - closed_form(base_lr, spec, k) for k in range(SCHED_STEPS)]
            kmax = max(range(SCHED_STEPS), key=lambda k: abs(diffs[k]))
            print("  %s: max |torch - product| = %.3e at k=%d (torch %.10g, product %.10g)" %
                  (name, abs(diffs[kmax]), kmax, lrs[kmax], closed_form(base_lr, spec, kmax)))
            for k in (0, 1, 4, 5, 6, 10, 20, 30, 59):
                print("    k=%2d torch=%.12g product=%.12g" % (k, lrs[k], closed_form(base_lr, spec, k)))
    return cases


def write(path, cases):
    # One case per line: compact, yet diffs stay per case. Floats are written with
    # Python's shortest round-trip repr, so they parse back to the exact doubles.
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        fh.write('{"generator": %s, "torch": %s,\n "cases": [\n' %
                 (json.dumps(GENERATOR), json.dumps(torch.__version__)))
        fh.write(",\n".join("  " + json.dumps(c, allow_nan=False) for c in cases))
        fh.write("\n ]}\n")


# ---------------------------------------------------------------------------
# maximize and decoupledWeightDecay (PyTorch 2's flags) -> src/test/resources/golden/maximize.json
#
# PyTorch 2 documents, for every optimizer that has `maximize`, the gradient negated first thing in the update
# (g_t <- -grad f before weight decay and everything else). torch 1.13's single-tensor code of SGD, Adam, AdamW,
# Adamax, Adagrad, Adadelta, RMSprop, Rprop and ASGD does exactly that (`grad = -grad` at the top; 1.13's SGD
# docstring puts the sign at the end, its code does not), so those run torch untouched with maximize=True.
# torch 1.13's NAdam and RAdam have neither `maximize` nor `decoupled_weight_decay`. PyTorch 2's rule for them:
#     if maximize: grad = -grad                                   (first)
#     if weight_decay != 0:
#         if decoupled_weight_decay: param.mul_(1 - lr * weight_decay)
#         else: grad = grad.add(param, alpha=weight_decay)
# Neither depends on anything the step computes before it, so it is done here with 1.13's own tensor operations
# just before opt.step() (p.grad negated; p multiplied by 1 - lr * weight_decay with the optimizer's own
# weight_decay set to 0), which is the documented update to the last bit. NAdam runs the documented
# _single_tensor_nadam above.
# ---------------------------------------------------------------------------

MAXIMIZE_OBJECTIVES = {
    "negquad": ("-(x^2 + 4*x + 9)", ["x"], {"x": 3.0}),
    "xcos-max": ("x*cos(x)", ["x"], {"x": 0.2}),
    "paraboloid": ("-(x-3)^2 - (y+1)^2 + 5", ["x", "y"], {"x": 0.5, "y": 1.0}),
    "negtrivar": ("-(" + TRIVAR + ")", ["x1", "x2", "x3"], {"x1": 2.0, "x2": -1.5, "x3": 1.0}),
}

FLAGS_2X = ("maximize", "decoupledWeightDecay")


def run_case_2x(objective, variables, start, spec, steps, perturb=0.0):
    """run_case with PyTorch 2's maximize and decoupledWeightDecay (see above); f recorded as typed."""
    f = make_objective(objective, variables)
    x0 = [float(start[v]) + perturb * max(abs(float(start[v])), 1.0) for v in variables]
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    maximize = spec.get("maximize", False)
    decoupled = spec.get("decoupledWeightDecay", False) and spec.get("weightDecay", 0.0) != 0
    base = {k: v for k, v in spec.items() if k not in FLAGS_2X}
    if decoupled:
        base["weightDecay"] = 0.0
    opt = build_optimizer(base, p)
    native = "maximize" in opt.param_groups[0]          # torch 1.13 has it but on NAdam and RAdam
    if maximize and native:
        opt.param_groups[0]["maximize"] = True
    points, values = [], []

    def record():
        with torch.no_grad():
            points.append([float(c) for c in p.detach().tolist()])
            values.append(float(f(p.detach())))

    record()
    for _ in range(steps):
        opt.zero_grad()
        f(p).backward()
        with torch.no_grad():
            if maximize and not native:
                p.grad.neg_()
            if decoupled:
                p.mul_(1 - spec["learningRate"] * spec["weightDecay"])
        opt.step()
        record()
    return points, values


MAXIMIZE_CASES = [
    ("gd-max-negquad", "negquad", {"type": "gd", "learningRate": 0.05, "maximize": True}, 60),
    ("gd-max-wd-paraboloid", "paraboloid",
     {"type": "gd", "learningRate": 0.05, "weightDecay": 0.1, "maximize": True}, 60),
    ("gd-max-xcos", "xcos-max", {"type": "gd", "learningRate": 0.1, "maximize": True}, 60),
    ("momentum-max-negquad", "negquad", {"type": "momentum", "learningRate": 0.02, "momentum": 0.9,
                                         "maximize": True}, 80),
    ("momentum-max-dampening-wd-paraboloid", "paraboloid",
     {"type": "momentum", "learningRate": 0.03, "momentum": 0.8, "dampening": 0.3, "weightDecay": 0.05,
      "maximize": True}, 80),
    ("momentum-max-negtrivar", "negtrivar", {"type": "momentum", "learningRate": 0.03, "momentum": 0.85,
                                             "maximize": True}, 100),
    ("nesterov-max-negquad", "negquad", {"type": "nesterov", "learningRate": 0.02, "momentum": 0.9,
                                         "maximize": True}, 80),
    ("nesterov-max-wd-paraboloid", "paraboloid",
     {"type": "nesterov", "learningRate": 0.03, "momentum": 0.8, "weightDecay": 0.1, "maximize": True}, 80),
    ("nesterov-max-xcos", "xcos-max", {"type": "nesterov", "learningRate": 0.05, "momentum": 0.5,
                                       "maximize": True}, 60),
    ("adagrad-max-negquad", "negquad", {"type": "adagrad", "learningRate": 0.5, "maximize": True}, 80),
    ("adagrad-max-wd-lrdecay-paraboloid", "paraboloid",
     {"type": "adagrad", "learningRate": 0.5, "weightDecay": 0.05, "lrDecay": 0.01, "maximize": True}, 80),
    ("adagrad-max-negtrivar", "negtrivar", {"type": "adagrad", "learningRate": 0.3, "maximize": True}, 100),
    ("rmsprop-max-negquad", "negquad", {"type": "rmsprop", "learningRate": 0.05, "maximize": True}, 80),
    ("rmsprop-max-centered-momentum-wd-paraboloid", "paraboloid",
     {"type": "rmsprop", "learningRate": 0.01, "momentum": 0.8, "centered": True, "weightDecay": 0.05,
      "maximize": True}, 80),
    ("rmsprop-max-xcos", "xcos-max", {"type": "rmsprop", "learningRate": 0.01, "maximize": True}, 60),
    ("adadelta-max-negquad", "negquad", {"type": "adadelta", "learningRate": 10.0, "maximize": True}, 80),
    ("adadelta-max-wd-paraboloid", "paraboloid",
     {"type": "adadelta", "learningRate": 5.0, "weightDecay": 0.1, "maximize": True}, 80),
    ("adadelta-max-negtrivar", "negtrivar", {"type": "adadelta", "learningRate": 5.0, "rho": 0.8,
                                             "maximize": True}, 100),
    ("adam-max-negquad", "negquad", {"type": "adam", "learningRate": 0.1, "maximize": True}, 80),
    ("adam-max-amsgrad-wd-paraboloid", "paraboloid",
     {"type": "adam", "learningRate": 0.1, "amsgrad": True, "weightDecay": 0.1, "maximize": True}, 80),
    ("adam-max-xcos", "xcos-max", {"type": "adam", "learningRate": 0.05, "maximize": True}, 60),
    ("adamw-max-negquad", "negquad", {"type": "adamw", "learningRate": 0.1, "maximize": True}, 80),
    ("adamw-max-wd-paraboloid", "paraboloid",
     {"type": "adamw", "learningRate": 0.1, "weightDecay": 0.1, "maximize": True}, 80),
    ("adamw-max-negtrivar", "negtrivar", {"type": "adamw", "learningRate": 0.05, "maximize": True}, 100),
    ("adamax-max-negquad", "negquad", {"type": "adamax", "learningRate": 0.1, "maximize": True}, 80),
    ("adamax-max-wd-paraboloid", "paraboloid",
     {"type": "adamax", "learningRate": 0.1, "weightDecay": 0.1, "maximize": True}, 80),
    ("adamax-max-xcos", "xcos-max", {"type": "adamax", "learningRate": 0.05, "maximize": True}, 60),
    ("nadam-max-negquad", "negquad", {"type": "nadam", "learningRate": 0.1, "maximize": True}, 80),
    ("nadam-max-wd-paraboloid", "paraboloid",
     {"type": "nadam", "learningRate": 0.1, "weightDecay": 0.1, "maximize": True}, 80),
    ("nadam-max-negtrivar", "negtrivar", {"type": "nadam", "learningRate": 0.05, "momentumDecay": 0.01,
                                          "maximize": True}, 100),
    ("radam-max-negquad", "negquad", {"type": "radam", "learningRate": 0.1, "maximize": True}, 80),
    ("radam-max-wd-paraboloid", "paraboloid",
     {"type": "radam", "learningRate": 0.1, "weightDecay": 0.1, "maximize": True}, 80),
    ("radam-max-xcos", "xcos-max", {"type": "radam", "learningRate": 0.05, "maximize": True}, 60),
    ("rprop-max-negquad", "negquad", {"type": "rprop", "learningRate": 0.1, "maximize": True}, 60),
    ("rprop-max-paraboloid", "paraboloid", {"type": "rprop", "learningRate": 0.05, "etaPlus": 1.1,
                                            "maximize": True}, 60),
    ("rprop-max-negtrivar", "negtrivar", {"type": "rprop", "learningRate": 0.02, "maximize": True}, 100),
    ("asgd-max-negquad", "negquad", {"type": "asgd", "learningRate": 0.05, "maximize": True}, 60),
    ("asgd-max-wd-t0-paraboloid", "paraboloid",
     {"type": "asgd", "learningRate": 0.05, "weightDecay": 0.05, "t0": 20, "lambda": 0.01, "maximize": True}, 80),
    ("asgd-max-xcos", "xcos-max", {"type": "asgd", "learningRate": 0.1, "lambda": 0.1, "maximize": True}, 60),
    # decoupledWeightDecay: NAdam and RAdam (PyTorch 2)
    ("nadam-decoupled-quad", "quad", {"type": "nadam", "learningRate": 0.1, "weightDecay": 0.1,
                                      "decoupledWeightDecay": True}, 80),
    ("nadam-decoupled-rosenbrock", "rosenbrock", {"type": "nadam", "learningRate": 0.01, "weightDecay": 0.05,
                                                  "decoupledWeightDecay": True}, 200),
    ("nadam-decoupled-momentumdecay-himmelblau", "himmelblau",
     {"type": "nadam", "learningRate": 0.02, "weightDecay": 0.1, "momentumDecay": 0.01,
      "decoupledWeightDecay": True}, 120),
    ("nadam-decoupled-max-paraboloid", "paraboloid",
     {"type": "nadam", "learningRate": 0.1, "weightDecay": 0.1, "decoupledWeightDecay": True,
      "maximize": True}, 80),
    ("radam-decoupled-quad", "quad", {"type": "radam", "learningRate": 0.1, "weightDecay": 0.1,
                                      "decoupledWeightDecay": True}, 80),
    ("radam-decoupled-himmelblau", "himmelblau", {"type": "radam", "learningRate": 0.05, "weightDecay": 0.1,
                                                  "decoupledWeightDecay": True}, 120),
    ("radam-decoupled-trivar", "trivar", {"type": "radam", "learningRate": 0.05, "weightDecay": 0.2,
                                          "beta2": 0.99, "decoupledWeightDecay": True}, 150),
    ("radam-decoupled-max-paraboloid", "paraboloid",
     {"type": "radam", "learningRate": 0.1, "weightDecay": 0.1, "decoupledWeightDecay": True,
      "maximize": True}, 80),
]


def generate_maximize():
    """The MAXIMIZE_CASES, with generate_optimizers' stability check; every flag written out."""
    cases, dropped = [], []
    print()
    print("%-44s %5s %14s %14s %10s %10s" % ("maximize case", "steps", "f(start)", "f(end)", "maxPtDiff",
                                             "maxValDiff"))
    # The runner with both flags off is run_case to the bit (the flags change nothing else).
    for name, okey, partial, steps in CASES[:3] + [c for c in CASES if c[2]["type"] in ("nadam", "radam")]:
        objective, variables, start = OBJECTIVES[okey]
        spec = full_optimizer_spec(partial)
        assert run_case_2x(objective, variables, start, spec, steps) == \
            run_case(objective, variables, start, spec, steps), name
    for name, okey, partial, steps in MAXIMIZE_CASES:
        objective, variables, start = {**OBJECTIVES, **MAXIMIZE_OBJECTIVES}[okey]
        flags = {k: partial[k] for k in FLAGS_2X if k in partial}
        spec = full_optimizer_spec({k: v for k, v in partial.items() if k not in FLAGS_2X})
        spec["maximize"] = flags.get("maximize", False)
        if spec["type"] in ("nadam", "radam"):
            spec["decoupledWeightDecay"] = flags.get("decoupledWeightDecay", False)
        points, values = run_case_2x(objective, variables, start, spec, steps)
        pp, pv = run_case_2x(objective, variables, start, spec, steps, perturb=1e-13)
        finite = all(math.isfinite(v) for v in values) and all(math.isfinite(c) for r in points for c in r)
        dpt = max(rel_diff(a, b) for r1, r2 in zip(points, pp) for a, b in zip(r1, r2))
        dval = max(rel_diff(a, b) for a, b in zip(values, pv))
        ok = (finite and dpt <= 1e-9 and dval <= 1e-9
              and abs(values[-1] - values[0]) > 1e-3 * max(1.0, abs(values[0]))
              and min(abs(v) for v in values) >= 1e-5
              and (not spec["maximize"] or values[-1] > values[0]))
        print("%-44s %5d %14.6g %14.6g %10.2e %10.2e %s" %
              (name, steps, values[0], values[-1], dpt, dval, "ok" if ok else "DROPPED"))
        if not ok:
            dropped.append(name)
            continue
        cases.append({"name": name, "objective": objective, "variables": variables,
                      "start": {v: start[v] for v in variables}, "optimizer": spec, "steps": steps,
                      "points": points, "values": values})
    return cases, dropped


def main():
    print("torch", torch.__version__, "python", sys.version.split()[0])
    opt_cases, dropped = generate_optimizers()
    sched_cases = generate_schedules()
    write(os.path.join(OUT_DIR, "optimizers.json"), opt_cases)
    write(os.path.join(OUT_DIR, "schedules.json"), sched_cases)
    print()
    print("optimizer cases: %d written, %d dropped %s" % (len(opt_cases), len(dropped), dropped))
    print("schedule cases: %d written" % len(sched_cases))
    max_cases, max_dropped = generate_maximize()
    write(os.path.join(OUT_DIR, "maximize.json"), max_cases)
    print("maximize cases: %d written, %d dropped %s" % (len(max_cases), len(max_dropped), max_dropped))
    main_lbfgs()


# ---------------------------------------------------------------------------
# L-BFGS (its own block and file: src/test/resources/golden/lbfgs.json, read by LbfgsGoldenTests).
# torch.optim.LBFGS.step(closure) evaluates the objective several times: one case step is one step() call, as one
# service iteration is. points/values have a row for the start and one per step; funcEvals[k] is
# state['func_evals'] after step k + 1 (torch's count: the closure call that starts each step, and every one inside).
# A case is cut at the last step before it leaves what a relative 1e-10 can compare: f in rounding noise
# (|f| < 1e-5), or a point or value moved by more than 1e-9 (relative) by a 1e-13 relative perturbation of the
# start, or by more than 1e-11 by an error of 1e-14 (relative) in every evaluation (f and its gradient scaled by
# 1 + 1e-14: an error that grows at most a thousandfold, so that last-bit differences stay far below 1e-10). The
# second is the one that bites: a step of L-BFGS builds on many evaluations, and an implementation whose gradients
# differ from torch's in the last bit (another order of the same operations) drifts from its trajectory as far as
# such errors grow, which the start's perturbation alone does not show.
# ---------------------------------------------------------------------------

LBFGS_DEFAULTS = {"learningRate": 1.0, "maxIter": 20, "toleranceGrad": 1e-7, "toleranceChange": 1e-9,
                  "historySize": 100, "lineSearchFn": None}

# name, objective key, optimizer spec (maxEval absent: derived as torch derives it), steps
LBFGS_CASES = [
    ("lbfgs-quad", "quad", {}, 3),
    ("lbfgs-wolfe-quad", "quad", {"lineSearchFn": "strong_wolfe"}, 3),
    ("lbfgs-xcos", "xcos", {}, 4),
    ("lbfgs-wolfe-xcos", "xcos", {"lineSearchFn": "strong_wolfe"}, 4),
    ("lbfgs-maxiter2-xcos", "xcos", {"maxIter": 2, "learningRate": 0.3}, 6),
    ("lbfgs-maxiter5-rosenbrock", "rosenbrock", {"learningRate": 0.2, "maxIter": 5}, 15),
    ("lbfgs-maxiter10-rosenbrock", "rosenbrock", {"learningRate": 0.2, "maxIter": 10}, 12),
    ("lbfgs-wolfe-rosenbrock", "rosenbrock", {"lineSearchFn": "strong_wolfe"}, 6),
    ("lbfgs-maxiter1-rosenbrock", "rosenbrock", {"maxIter": 1, "learningRate": 0.5}, 60),
    ("lbfgs-wolfe-maxiter1-rosenbrock", "rosenbrock", {"maxIter": 1, "lineSearchFn": "strong_wolfe"}, 60),
    ("lbfgs-wolfe-history2-maxiter5-rosenbrock", "rosenbrock",
     {"historySize": 2, "maxIter": 5, "lineSearchFn": "strong_wolfe"}, 20),
    ("lbfgs-wolfe-maxiter2-himmelblau", "himmelblau", {"lineSearchFn": "strong_wolfe", "maxIter": 2}, 6),
    ("lbfgs-maxeval4-himmelblau", "himmelblau", {"maxIter": 10, "maxEval": 4, "learningRate": 0.02}, 6),
    ("lbfgs-history2-himmelblau", "himmelblau", {"historySize": 2, "maxIter": 4, "learningRate": 0.05}, 15),
    ("lbfgs-wolfe-maxeval7-himmelblau", "himmelblau",
     {"maxIter": 10, "maxEval": 7, "lineSearchFn": "strong_wolfe"}, 6),
    ("lbfgs-trivar", "trivar", {}, 4),
    ("lbfgs-wolfe-history3-trivar", "trivar", {"historySize": 3, "lineSearchFn": "strong_wolfe"}, 4),
    ("lbfgs-maxiter1-history3-trivar", "trivar", {"maxIter": 1, "historySize": 3}, 40),
    ("lbfgs-tolerances-trivar", "trivar", {"toleranceGrad": 1e-3, "toleranceChange": 1e-4, "maxIter": 6}, 5),
]


def run_lbfgs_case(objective, variables, start, spec, steps, perturb=0.0, noise=0.0):
    f = make_objective(objective, variables)
    x0 = [float(start[v]) + perturb * max(abs(float(start[v])), 1.0) for v in variables]
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    kwargs = {"lr": spec["learningRate"], "max_iter": spec["maxIter"], "tolerance_grad": spec["toleranceGrad"],
              "tolerance_change": spec["toleranceChange"], "history_size": spec["historySize"],
              "line_search_fn": spec["lineSearchFn"]}
    if "maxEval" in spec:
        kwargs["max_eval"] = spec["maxEval"]
    opt = torch.optim.LBFGS([p], **kwargs)

    def closure():
        opt.zero_grad()
        loss = f(p)
        loss.backward()
        if noise:
            p.grad.mul_(1 + noise)
            return loss * (1 + noise)
        return loss

    points, values, evals = [], [], []

    def record():
        with torch.no_grad():
            points.append([float(c) for c in p.detach().tolist()])
            values.append(float(f(p.detach())))

    record()
    for _ in range(steps):
        opt.step(closure)
        record()
        evals.append(int(opt.state[p]["func_evals"]))
    return points, values, evals


def generate_lbfgs():
    cases = []
    print()
    print("%-44s %5s %14s %14s %10s" % ("lbfgs case", "steps", "f(start)", "f(end)", "funcEvals"))
    for name, okey, partial, steps in LBFGS_CASES:
        objective, variables, start = OBJECTIVES[okey]
        spec = dict(LBFGS_DEFAULTS)
        spec.update(partial)
        points, values, evals = run_lbfgs_case(objective, variables, start, spec, steps)
        pp, pv, _ = run_lbfgs_case(objective, variables, start, spec, steps, perturb=1e-13)
        np_, nv, _ = run_lbfgs_case(objective, variables, start, spec, steps, noise=1e-14)
        kept = 0
        for k in range(steps + 1):
            ok = (all(math.isfinite(c) for c in points[k]) and math.isfinite(values[k])
                  and abs(values[k]) >= 1e-5
                  and rel_diff(values[k], pv[k]) <= 1e-9 and rel_diff(values[k], nv[k]) <= 1e-11
                  and all(rel_diff(a, b) <= 1e-9 for a, b in zip(points[k], pp[k]))
                  and all(rel_diff(a, b) <= 1e-11 for a, b in zip(points[k], np_[k])))
            if not ok:
                break
            kept = k
        if kept < 1:
            print("%-44s DROPPED" % name)
            continue
        out = {"type": "lbfgs"}
        out.update(spec)
        cases.append({
            "name": name,
            "objective": objective,
            "variables": variables,
            "start": {v: start[v] for v in variables},
            "optimizer": out,
            "steps": kept,
            "points": points[:kept + 1],
            "values": values[:kept + 1],
            "funcEvals": evals[:kept],
        })
        print("%-44s %5d %14.6g %14.6g %10d%s" % (name, kept, values[0], values[kept], evals[kept - 1],
                                                 "" if kept == steps else " (cut from %d)" % steps))
    return cases


def main_lbfgs():
    write(os.path.join(OUT_DIR, "lbfgs.json"), generate_lbfgs())


# ---------------------------------------------------------------------------
# Issue 14: oneCycle, cyclic, cosineWarmRestarts, polynomial, linear, sequential, and momentum cycling
# -> src/test/resources/golden/schedules2.json (only this block: `generate_torch_golden.py schedules2`)
#
# Each schedule case: SGD(lr=base, momentum=0.9) on a dummy parameter; learningRates[k] and (when the schedule
# cycles it) momenta[k] are param_groups[0]['lr'] / ['momentum'] read before step k. Each run case: the
# optimizer on an objective under the schedule, points/values after each step as in optimizers.json, with the
# rate and momentum/beta1 each step used.
#
# CyclicLR on Adam-family optimizers: torch 1.13's CyclicLR raises ('optimizer must support momentum'); torch
# 2.x cycles betas[0] (use_beta1 = 'betas' in optimizer.defaults). CyclicLR2 below is 2.x's documented
# behaviour: 1.13's CyclicLR with only that check and the momentum writes changed (its lr arithmetic is 1.13's
# own get_lr, untouched). Only the cases whose optimizer has betas use it.
# ---------------------------------------------------------------------------


class CyclicLR2(S.CyclicLR):
    """torch 2.x CyclicLR momentum handling (use_beta1) on torch 1.13's CyclicLR."""

    def __init__(self, optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None, mode="triangular",
                 gamma=1.0, cycle_momentum=True, base_momentum=0.8, max_momentum=0.9):
        use_beta1 = "betas" in optimizer.defaults
        if cycle_momentum and not use_beta1:
            return super().__init__(optimizer, base_lr, max_lr, step_size_up, step_size_down, mode, gamma,
                                    cycle_momentum=True, base_momentum=base_momentum, max_momentum=max_momentum)
        # Let 1.13 set up everything but momentum (its initial step calls get_lr below), doing what 2.x does for
        # betas: beta1 set to max_momentum, then to each step's value in get_lr.
        self.use_beta1 = use_beta1
        self._cycle_beta1 = cycle_momentum
        self.base_momentums = [base_momentum for _ in optimizer.param_groups]
        self.max_momentums = [max_momentum for _ in optimizer.param_groups]
        if cycle_momentum:
            for m, group in zip(self.max_momentums, optimizer.param_groups):
                group["betas"] = (m, *group["betas"][1:])
        super().__init__(optimizer, base_lr, max_lr, step_size_up, step_size_down, mode, gamma,
                         cycle_momentum=False, base_momentum=base_momentum, max_momentum=max_momentum)

    def _set_momenta(self):
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1. + self.last_epoch / self.total_size - cycle
        if x <= self.step_ratio:
            scale_factor = x / self.step_ratio
        else:
            scale_factor = (x - 1) / (self.step_ratio - 1)
        for base_m, max_m, group in zip(self.base_momentums, self.max_momentums, self.optimizer.param_groups):
            base_height = (max_m - base_m) * scale_factor
            if self.scale_mode == "cycle":
                m = max_m - base_height * self.scale_fn(cycle)
            else:
                m = max_m - base_height * self.scale_fn(self.last_epoch)
            group["betas"] = (m, *group["betas"][1:])

    def get_lr(self):
        lrs = super().get_lr()
        if getattr(self, "_cycle_beta1", False):
            self._set_momenta()
        return lrs


def make_sched2(opt, spec, base_lr):
    t = spec["type"]
    if t == "linear":
        return S.LinearLR(opt, start_factor=spec["startFactor"], end_factor=spec["endFactor"],
                          total_iters=spec["totalIters"])
    if t == "polynomial":
        return S.PolynomialLR(opt, total_iters=spec["totalIters"], power=spec["power"])
    if t == "cosineWarmRestarts":
        return S.CosineAnnealingWarmRestarts(opt, T_0=spec["t0"], T_mult=spec["tMult"], eta_min=spec["etaMin"])
    if t == "cyclic":
        return CyclicLR2(opt, base_lr=base_lr, max_lr=spec["maxLearningRate"], step_size_up=spec["stepSizeUp"],
                         step_size_down=spec.get("stepSizeDown"), mode=spec["mode"], gamma=spec["gamma"],
                         cycle_momentum=spec["cycleMomentum"], base_momentum=spec["baseMomentum"],
                         max_momentum=spec["maxMomentum"])
    if t == "oneCycle":
        return S.OneCycleLR(opt, max_lr=spec["maxLearningRate"], total_steps=spec["totalSteps"],
                            pct_start=spec["pctStart"], anneal_strategy=spec["annealStrategy"],
                            cycle_momentum=spec["cycleMomentum"], base_momentum=spec["baseMomentum"],
                            max_momentum=spec["maxMomentum"], div_factor=spec["divFactor"],
                            final_div_factor=spec["finalDivFactor"], three_phase=spec["threePhase"])
    if t == "sequential":
        parts = [make_sched2(opt, sub, base_lr) for sub in spec["schedules"]]
        return S.SequentialLR(opt, parts, milestones=spec["milestones"])
    return make_sched(opt, spec)


def cycled(opt):
    g = opt.param_groups[0]
    return float(g["betas"][0]) if "betas" in g else float(g["momentum"])


def run_schedule2(base_lr, spec, steps):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=base_lr, momentum=0.9)
    sched = make_sched2(opt, spec, base_lr)
    lrs, moms = [], []
    for _ in range(steps):
        lrs.append(float(opt.param_groups[0]["lr"]))
        moms.append(cycled(opt))
        opt.zero_grad()
        p.sum().backward()
        opt.step()
        sched.step()
    return lrs, moms


def run_case2(objective_key, spec, schedule, steps):
    expr, variables, start = OBJECTIVES[objective_key]
    f = make_objective(expr, variables)
    p = torch.tensor([float(start[v]) for v in variables], dtype=torch.float64, requires_grad=True)
    opt = build_optimizer(spec, p)
    sched = make_sched2(opt, schedule, spec["learningRate"])
    points, values, lrs, moms = [], [], [], []

    def record():
        with torch.no_grad():
            points.append([float(c) for c in p.detach().tolist()])
            values.append(float(f(p.detach())))

    record()
    for _ in range(steps):
        lrs.append(float(opt.param_groups[0]["lr"]))
        moms.append(cycled(opt))
        opt.zero_grad()
        f(p).backward()
        opt.step()
        sched.step()
        record()
    return points, values, lrs, moms


def full_schedule2(spec):
    """Every parameter written explicitly, with PyTorch's defaults (stepSizeDown: absent is stepSizeUp)."""
    defaults = {
        "linear": {"startFactor": 1.0 / 3, "endFactor": 1.0, "totalIters": 5},
        "polynomial": {"totalIters": 5, "power": 1.0},
        "cosineWarmRestarts": {"tMult": 1, "etaMin": 0.0},
        "cyclic": {"stepSizeUp": 2000, "mode": "triangular", "gamma": 1.0, "cycleMomentum": True,
                   "baseMomentum": 0.8, "maxMomentum": 0.9},
        "oneCycle": {"pctStart": 0.3, "annealStrategy": "cos", "cycleMomentum": True, "baseMomentum": 0.85,
                     "maxMomentum": 0.95, "divFactor": 25.0, "finalDivFactor": 1e4, "threePhase": False},
    }.get(spec["type"], {})
    out = dict(defaults)
    out.update(spec)
    if spec["type"] == "sequential":
        out["schedules"] = [full_schedule2(s) for s in spec["schedules"]]
    return out


SCHEDULE2_CASES = [
    ("linear-defaults", 0.1, {"type": "linear"}),
    ("linear-0.1-1-10", 0.1, {"type": "linear", "startFactor": 0.1, "endFactor": 1.0, "totalIters": 10}),
    ("linear-1-0.2-20", 0.05, {"type": "linear", "startFactor": 1.0, "endFactor": 0.2, "totalIters": 20}),
    ("polynomial-defaults", 0.1, {"type": "polynomial"}),
    ("polynomial-30-2", 0.1, {"type": "polynomial", "totalIters": 30, "power": 2.0}),
    ("polynomial-40-0.5", 0.2, {"type": "polynomial", "totalIters": 40, "power": 0.5}),
    ("warmrestarts-10-1-0", 0.1, {"type": "cosineWarmRestarts", "t0": 10, "tMult": 1, "etaMin": 0.0}),
    ("warmrestarts-5-2-0.001", 0.1, {"type": "cosineWarmRestarts", "t0": 5, "tMult": 2, "etaMin": 0.001}),
    ("warmrestarts-3-3-0.01", 0.1, {"type": "cosineWarmRestarts", "t0": 3, "tMult": 3, "etaMin": 0.01}),
    ("cyclic-triangular-10", 0.01, {"type": "cyclic", "maxLearningRate": 0.1, "stepSizeUp": 10}),
    ("cyclic-triangular2-5-15", 0.01, {"type": "cyclic", "maxLearningRate": 0.1, "stepSizeUp": 5,
                                        "stepSizeDown": 15, "mode": "triangular2"}),
    ("cyclic-exprange-8-0.97", 0.001, {"type": "cyclic", "maxLearningRate": 0.05, "stepSizeUp": 8,
                                       "mode": "exp_range", "gamma": 0.97, "baseMomentum": 0.7,
                                       "maxMomentum": 0.95}),
    ("cyclic-nomomentum", 0.01, {"type": "cyclic", "maxLearningRate": 0.1, "stepSizeUp": 7,
                                 "cycleMomentum": False}),
    ("onecycle-cos-60", 0.1, {"type": "oneCycle", "maxLearningRate": 0.1, "totalSteps": 60}),
    ("onecycle-linear-60", 0.1, {"type": "oneCycle", "maxLearningRate": 0.2, "totalSteps": 60,
                                 "annealStrategy": "linear", "pctStart": 0.25, "divFactor": 10.0,
                                 "finalDivFactor": 100.0}),
    ("onecycle-threephase-60", 0.1, {"type": "oneCycle", "maxLearningRate": 0.1, "totalSteps": 60,
                                     "threePhase": True, "baseMomentum": 0.8, "maxMomentum": 0.9}),
    ("onecycle-nomomentum-80", 0.1, {"type": "oneCycle", "maxLearningRate": 0.1, "totalSteps": 80,
                                     "cycleMomentum": False}),
    ("sequential-linear-cosine", 0.1, {"type": "sequential", "milestones": [10], "schedules": [
        {"type": "linear", "startFactor": 0.1, "endFactor": 1.0, "totalIters": 10},
        {"type": "cosine", "tMax": 50, "etaMin": 0.001}]}),
    ("sequential-constant-exponential-step", 0.1, {"type": "sequential", "milestones": [5, 25], "schedules": [
        {"type": "constant"}, {"type": "exponential", "gamma": 0.9}, {"type": "step", "stepSize": 7, "gamma": 0.5}]}),
    ("sequential-linear-warmrestarts-polynomial", 0.1, {"type": "sequential", "milestones": [5, 35], "schedules": [
        {"type": "linear", "startFactor": 0.25, "endFactor": 1.0, "totalIters": 5},
        {"type": "cosineWarmRestarts", "t0": 10, "tMult": 2, "etaMin": 0.0},
        {"type": "polynomial", "totalIters": 20, "power": 2.0}]}),
]

# name, objective key, optimizer spec, schedule, steps
RUN2_CASES = [
    ("momentum-onecycle-trivar", "trivar", {"type": "momentum", "learningRate": 0.05, "momentum": 0.9},
     {"type": "oneCycle", "maxLearningRate": 0.1, "totalSteps": 60}, 60),
    ("nesterov-onecycle-linear-quad", "quad", {"type": "nesterov", "learningRate": 0.05, "momentum": 0.9},
     {"type": "oneCycle", "maxLearningRate": 0.05, "totalSteps": 50, "annealStrategy": "linear"}, 50),
    ("momentum-cyclic-trivar", "trivar", {"type": "momentum", "learningRate": 0.01, "momentum": 0.9,
                                          "dampening": 0.1},
     {"type": "cyclic", "maxLearningRate": 0.1, "stepSizeUp": 10, "mode": "triangular2"}, 60),
    ("rmsprop-cyclic-rosenbrock", "rosenbrock", {"type": "rmsprop", "learningRate": 0.001},
     {"type": "cyclic", "maxLearningRate": 0.005, "stepSizeUp": 8, "stepSizeDown": 12}, 60),
    ("adam-onecycle-rosenbrock", "rosenbrock", {"type": "adam", "learningRate": 0.01},
     {"type": "oneCycle", "maxLearningRate": 0.05, "totalSteps": 60, "threePhase": True}, 60),
    ("adam-cyclic-himmelblau", "himmelblau", {"type": "adam", "learningRate": 0.01},
     {"type": "cyclic", "maxLearningRate": 0.1, "stepSizeUp": 10, "mode": "exp_range", "gamma": 0.99}, 60),
    ("adamax-onecycle-trivar", "trivar", {"type": "adamax", "learningRate": 0.01},
     {"type": "oneCycle", "maxLearningRate": 0.05, "totalSteps": 60}, 60),
    ("nadam-cyclic-trivar", "trivar", {"type": "nadam", "learningRate": 0.01},
     {"type": "cyclic", "maxLearningRate": 0.05, "stepSizeUp": 10}, 60),
    ("radam-onecycle-himmelblau", "himmelblau", {"type": "radam", "learningRate": 0.01},
     {"type": "oneCycle", "maxLearningRate": 0.1, "totalSteps": 60}, 60),
    ("gd-cosinewarmrestarts-xcos", "xcos", {"type": "gd", "learningRate": 0.1},
     {"type": "cosineWarmRestarts", "t0": 7, "tMult": 2}, 40),
]


def generate_schedules2():
    cases = []
    print()
    print("%-44s %-20s %12s %12s" % ("schedule case (issue 14)", "type", "lr[0]", "lr[-1]"))
    for name, base_lr, spec in SCHEDULE2_CASES:
        full = full_schedule2(spec)
        lrs, moms = run_schedule2(base_lr, full, SCHED_STEPS)
        assert all(math.isfinite(v) and v >= 0 for v in lrs)
        print("%-44s %-20s %12.6g %12.6g" % (name, spec["type"], lrs[0], lrs[-1]))
        case = {"name": name, "baseLearningRate": base_lr, "schedule": full, "learningRates": lrs}
        if full.get("cycleMomentum"):
            case["momenta"] = moms
        cases.append(case)
    for name, key, opt_spec, schedule, steps in RUN2_CASES:
        full_opt = full_optimizer_spec(opt_spec)
        full = full_schedule2(schedule)
        points, values, lrs, moms = run_case2(key, full_opt, full, steps)
        assert all(math.isfinite(v) for v in values), name
        print("%-44s %-20s %12.6g %12.6g  f: %.6g -> %.6g" % (name, schedule["type"], lrs[0], lrs[-1],
                                                             values[0], values[-1]))
        expr, variables, start = OBJECTIVES[key]
        case = {"name": name, "objective": expr, "variables": variables, "start": start, "optimizer": full_opt,
                "schedule": full, "steps": steps, "learningRates": lrs}
        if full.get("cycleMomentum"):
            case["momenta"] = moms
        case["points"] = points
        case["values"] = values
        cases.append(case)
    return cases


def main_schedules2():
    print("torch", torch.__version__, "python", sys.version.split()[0])
    cases = generate_schedules2()
    write(os.path.join(OUT_DIR, "schedules2.json"), cases)
    print("schedules2 cases: %d written" % len(cases))

# --------------------------------------------------------------------------- end of issue 14's block


if __name__ == "__main__":
    if sys.argv[1:] == ["--lbfgs"]:
        main_lbfgs()    # the L-BFGS block alone: writes lbfgs.json only
    elif sys.argv[1:] == ["schedules2"]:
        main_schedules2()
    else:
        main()
        main_schedules2()
