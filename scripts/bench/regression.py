#!/usr/bin/env python3
"""The Python baselines of scripts/bench/regression.sh, on the data set RegressionBenchmark wrote.

  regression.py DATA_FILE [EPOCHS]

DATA_FILE holds little-endian doubles: rows, features, the features row-major, then the targets. Two fits, each
timed around the fit alone (the data already in memory) and reported in rows x epochs per second of the process's
CPU time (as RegressionBenchmark counts it: a machine shared with other work disturbs it far less than the clock;
the clock's figure is printed beside it):

- scikit-learn's SGDRegressor, per-sample SGD, shuffled every epoch, constant rate. What differs from Descent's
  per-sample SGD: sklearn's squared_error is (y - p)^2 / 2, so its eta0 is twice Descent's rate for the same step
  (eta0 = 0.001 here, Descent 0.0005); it draws its own permutation each epoch (another generator), so the weights
  agree only loosely; it updates in place with no trajectory, no stopping-rule checks and no whole-data loss per
  epoch (Descent records all three).
- a numpy loop of mini-batch gradient descent on the mean squared error (Descent's loss, gradient 2 X^T e / m),
  batches of 32 from a fresh permutation each epoch, rate 0.01, as one would write it by hand.

Prints, per fit, a line "<name>: <figure> rows x epochs / s; b ..., w1 ..., w2 ..., wP ..." and a machine line
"RESULT <name> <figure>".
"""
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDRegressor

RATE_STOCHASTIC = 0.0005
RATE_MINI_BATCH = 0.01


def clocks():
    return time.process_time(), time.perf_counter()


def since(start):
    """CPU and clock seconds since start."""
    return time.process_time() - start[0], time.perf_counter() - start[1]


def load(path):
    values = np.fromfile(path, dtype="<f8")
    rows, features = int(values[0]), int(values[1])
    x = values[2:2 + rows * features].reshape(rows, features)
    y = values[2 + rows * features:2 + rows * features + rows]
    return np.ascontiguousarray(x), np.ascontiguousarray(y)


def report(name, rows, epochs, seconds, intercept, weights):
    cpu, wall = seconds
    figure = rows * epochs / cpu
    print(f"{name}: {figure:.3g} rows x epochs / s (CPU time; {rows * epochs / wall:.3g} by the clock); "
          f"b {intercept:.4f}, w1 {weights[0]:.4f}, w2 {weights[1]:.4f}, w{len(weights)} {weights[-1]:.4f}")
    print(f"RESULT {name} {figure:.6g}")


def sklearn_sgd(x, y, epochs):
    model = SGDRegressor(loss="squared_error", penalty=None, learning_rate="constant", eta0=2 * RATE_STOCHASTIC,
                         max_iter=epochs, tol=None, shuffle=True, fit_intercept=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = clocks()
        model.fit(x, y)
        seconds = since(start)
    return seconds, model.intercept_[0], model.coef_


def numpy_mini_batch(x, y, epochs, batch=32):
    rows, features = x.shape
    rng = np.random.default_rng(0)
    w = np.zeros(features)
    b = 0.0
    start = clocks()
    for _ in range(epochs):
        order = rng.permutation(rows)
        for at in range(0, rows, batch):
            index = order[at:at + batch]
            xb = x[index]
            e = xb @ w + b - y[index]
            m = len(index)
            w -= RATE_MINI_BATCH * (2.0 / m) * (xb.T @ e)
            b -= RATE_MINI_BATCH * 2.0 * e.mean()
    return since(start), b, w


def main():
    path = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    x, y = load(path)
    rows = x.shape[0]
    # The better of two fits, as the Java side reports the best of its timed runs.
    best = min((sklearn_sgd(x, y, epochs) for _ in range(2)), key=lambda fit: fit[0][0])
    report("sklearn SGDRegressor", rows, epochs, *best)
    best = min((numpy_mini_batch(x, y, epochs) for _ in range(2)), key=lambda fit: fit[0][0])
    report("numpy mini-batch 32", rows, epochs, *best)


if __name__ == "__main__":
    main()
