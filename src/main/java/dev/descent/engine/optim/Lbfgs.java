package dev.descent.engine.optim;

import dev.descent.engine.param.Hyperparameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * L-BFGS, exactly as {@code torch.optim.LBFGS} computes it (torch 1.13's {@code lbfgs.py}, its {@code _strong_wolfe}
 * and {@code _cubic_interpolate} ported in the same order of operations). One {@link #step} is one call of torch's
 * {@code step(closure)}: up to maxIter iterations of
 * <pre>
 * (f, g) = closure(x)                                    (the first one: the f and ∇f the loop hands in)
 * if max|g| ≤ toleranceGrad: return                      (nothing moves)
 * repeat up to maxIter times:
 *     if this is the run's first iteration:  d = -g, H = 1, history empty
 *     else:
 *         y = g - g_prev,  s = t d,  ys = y·s
 *         if ys &gt; 1e-10:  push (y, s, ρ = 1/ys) into the history (dropping the oldest past historySize),
 *                          H = ys / y·y
 *         q = -g;  for i newest to oldest:  α_i = ρ_i s_i·q,  q = q - α_i y_i
 *         r = H q;  for i oldest to newest:  β_i = ρ_i y_i·r,  r = r + (α_i - β_i) s_i
 *         d = r
 *     g_prev = g,  f_prev = f
 *     t = lr min(1, 1/Σ|g_i|) on the run's first iteration, else lr
 *     if g·d &gt; -toleranceChange: stop
 *     with lineSearchFn "strong_wolfe":  (f, g, t) = strong Wolfe search along d from t;  x = x + t d
 *     else:  x = x + t d,  and (f, g) = closure(x) unless this was the maxIter-th iteration
 *     stop when: maxIter iterations are done, or maxEval evaluations, or max|g| ≤ toleranceGrad,
 *                or max|t d| ≤ toleranceChange, or |f - f_prev| &lt; toleranceChange
 * </pre>
 * The strong Wolfe search (Nocedal and Wright's algorithms 3.5 and 3.6, minFunc's version) brackets a step with
 * cubic interpolation and zooms in on one that satisfies f(x + t d) ≤ f + c1 t g·d and |∇f(x + t d)·d| ≤ -c2 g·d,
 * with c1 = 1e-4, c2 = 0.9, at most 25 evaluations, and a bracket tolerance of 1e-9 (torch's own defaults, which
 * its LBFGS does not pass on: toleranceChange does not reach the line search).
 *
 * <p>Evaluations are counted as torch counts them in {@code state['func_evals']}: one for the closure call that
 * starts each step (in a run, the evaluation of the iterate the loop already made), and one for each closure call
 * inside it. History, direction, step, H, previous gradient and loss, and the counts live in the {@link State}, so a
 * run resumes from a checkpoint to the bit.
 *
 * <p>Defaults as PyTorch's: lr = 1, maxIter = 20, maxEval = maxIter * 5 / 4 (rounded down), toleranceGrad = 1e-7,
 * toleranceChange = 1e-9, historySize = 100, no line search.
 *
 * <p>Reference: Liu and Nocedal, "On the limited memory BFGS method for large scale optimization", Mathematical
 * Programming 45, 1989; Nocedal and Wright, Numerical Optimization, 2nd ed., algorithms 7.4 and 3.5-3.6.
 *
 * @param maxIter         iterations per step, at least 1
 * @param maxEval         evaluations per step, at least 1
 * @param toleranceGrad   first-order optimality: a step ends (or does nothing) once max|g| ≤ it
 * @param toleranceChange a step ends once the step or the change in f is smaller
 * @param historySize     how many (s, y) pairs the inverse Hessian is built from, at least 1
 * @param strongWolfe     whether each iteration searches along d for a strong Wolfe point (torch's
 *                        {@code line_search_fn="strong_wolfe"}) rather than taking t as it is
 */
public record Lbfgs(int maxIter, int maxEval, double toleranceGrad, double toleranceChange, int historySize,
                    boolean strongWolfe) implements ClosureOptimizer<Lbfgs.State> {

    /** The most iterations (and evaluations) per step this service takes: one step must stay interruptible. */
    public static final int MAX_PER_STEP = 10_000;

    public static final Hyperparameter MAX_ITER = new Hyperparameter("maxIter", Hyperparameter.Type.INTEGER, 20,
            1.0, true, (double) MAX_PER_STEP, true, "The most L-BFGS iterations in one step (PyTorch's max_iter).");

    public static final Hyperparameter MAX_EVAL = new Hyperparameter("maxEval", Hyperparameter.Type.INTEGER, null,
            1.0, true, (double) MAX_PER_STEP, true, "The most evaluations of the objective in one step (PyTorch's "
            + "max_eval); absent, maxIter * 5 / 4 rounded down, as PyTorch derives it.", true, List.of());

    public static final Hyperparameter TOLERANCE_GRAD = Hyperparameter.atLeast("toleranceGrad", 1e-7, 0,
            "A step ends, or does nothing, once the largest gradient component is at most this (PyTorch's "
            + "tolerance_grad).");

    public static final Hyperparameter TOLERANCE_CHANGE = Hyperparameter.atLeast("toleranceChange", 1e-9, 0,
            "A step ends once the largest step component or the change in f is below this (PyTorch's "
            + "tolerance_change).");

    public static final Hyperparameter HISTORY_SIZE = new Hyperparameter("historySize", Hyperparameter.Type.INTEGER,
            100, 1.0, true, (double) MAX_PER_STEP, true, "How many past (step, gradient change) pairs approximate "
            + "the inverse Hessian (PyTorch's history_size).");

    /** torch's only line search. */
    public static final String STRONG_WOLFE = "strong_wolfe";

    public static final Hyperparameter LINE_SEARCH_FN = Hyperparameter.optionalChoice("lineSearchFn",
            List.of(STRONG_WOLFE), "The line search of each iteration (PyTorch's line_search_fn): \"strong_wolfe\", "
                    + "or absent (null) for none, a step of learningRate along the L-BFGS direction.");

    /** The sufficient-decrease and curvature constants and the limits of torch's {@code _strong_wolfe}. */
    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final double LINE_SEARCH_TOLERANCE_CHANGE = 1e-9;
    private static final int MAX_LINE_SEARCH = 25;

    public Lbfgs {
        MAX_ITER.check(maxIter);
        MAX_EVAL.check(maxEval);
        TOLERANCE_GRAD.check(toleranceGrad);
        TOLERANCE_CHANGE.check(toleranceChange);
        HISTORY_SIZE.check(historySize);
    }

    /** maxEval, whether given or derived: as the receipt and the answer's optimizer show it. */
    @Override
    public Map<String, Object> derivedHyperparameters() {
        return Map.of(MAX_EVAL.name(), maxEval);
    }

        /** torch's default maxEval for {@code maxIter}: {@code max_iter * 5 // 4}. */
    public static int defaultMaxEval(int maxIter) {
        return (int) Math.min((long) maxIter * 5 / 4, MAX_PER_STEP);
    }

    /**
     * The most evaluations one step makes, the loop's own evaluation of the new iterate included: without a line
     * search one per iteration but the last; with it, up to 25 in the iteration that reaches maxEval.
     */
    @Override
    public long evaluationsPerStep() {
        return 1 + (strongWolfe ? Math.min((long) maxIter * MAX_LINE_SEARCH, maxEval - 1L + MAX_LINE_SEARCH)
                : Math.min(maxIter - 1L, maxEval));
    }

    /**
     * torch's {@code state}: the step count n_iter and func_evals, the direction d and step t of the last
     * iteration, the scale H of the initial inverse Hessian, the previous gradient and loss, and the history of
     * (y, s, ρ), oldest first. Before the first iteration d, t and the previous gradient and loss are unset.
     */
    public static final class State {
        long nIter;
        long funcEvals;
        double[] d;
        double t = Double.NaN;
        double hDiag = 1;
        final double[] prevFlatGrad;
        double prevLoss = Double.NaN;
        final List<double[]> oldDirs = new ArrayList<>();
        final List<double[]> oldStps = new ArrayList<>();
        final List<Double> ro = new ArrayList<>();

        State(int dimension) {
            d = new double[dimension];
            prevFlatGrad = new double[dimension];
        }

        /** torch's {@code state['func_evals']}. */
        public long functionEvaluations() {
            return funcEvals;
        }

        /** torch's {@code state['n_iter']}: the iterations of every step so far. */
        public long iterations() {
            return nIter;
        }
    }

    @Override
    public State init(int dimension) {
        return new State(dimension);
    }

    /**
     * Counters {n_iter, func_evals, m (the history's length)}; scalars {t, H, f_prev, ρ_1..ρ_m}; vectors
     * {d, g_prev, y_1..y_m, s_1..s_m}, oldest first.
     */
    @Override
    public OptimizerState save(State state) {
        int m = state.oldDirs.size();
        double[] scalars = new double[3 + m];
        scalars[0] = state.t;
        scalars[1] = state.hDiag;
        scalars[2] = state.prevLoss;
        double[][] vectors = new double[2 + 2 * m][];
        vectors[0] = state.d;
        vectors[1] = state.prevFlatGrad;
        for (int i = 0; i < m; i++) {
            scalars[3 + i] = state.ro.get(i);
            vectors[2 + i] = state.oldDirs.get(i);
            vectors[2 + m + i] = state.oldStps.get(i);
        }
        return new OptimizerState(new long[] {state.nIter, state.funcEvals, m}, scalars, vectors);
    }

    @Override
    public State restore(OptimizerState saved, int dimension) {
        long[] counters = saved.counters();
        long m = counters.length == 3 ? counters[2] : -1;
        if (m < 0 || m > historySize || counters[0] < 0 || counters[1] < 0) {
            throw new IllegalArgumentException("Not the state of L-BFGS with history size " + historySize + ": "
                    + java.util.Arrays.toString(counters));
        }
        int history = (int) m;
        saved.expect("L-BFGS", 3, 3 + history, 2 + 2 * history, dimension);
        State state = new State(dimension);
        state.nIter = counters[0];
        state.funcEvals = counters[1];
        double[] scalars = saved.scalars();
        state.t = scalars[0];
        state.hDiag = scalars[1];
        state.prevLoss = scalars[2];
        saved.copyInto(0, state.d);
        saved.copyInto(1, state.prevFlatGrad);
        for (int i = 0; i < history; i++) {
            state.ro.add(scalars[3 + i]);
            state.oldDirs.add(saved.vector(2 + i));
            state.oldStps.add(saved.vector(2 + history + i));
        }
        return state;
    }

    @Override
    public void step(double[] x, double value, double[] gradient, State state, double learningRate,
                     Closure closure) {
        int n = x.length;
        double loss = value;
        int currentEvals = 1;
        state.funcEvals++;
        double[] flatGrad = gradient.clone();
        boolean optCond = maxAbs(flatGrad) <= toleranceGrad;
        if (optCond) {
            return;
        }
        double[] d = state.d;
        double t = state.t;
        double hDiag = state.hDiag;
        double prevLoss = state.prevLoss;
        List<double[]> oldDirs = state.oldDirs;
        List<double[]> oldStps = state.oldStps;
        List<Double> ro = state.ro;

        int nIter = 0;
        while (nIter < maxIter) {
            nIter++;
            state.nIter++;
            // the direction
            if (state.nIter == 1) {
                d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = -flatGrad[i];
                }
                oldDirs.clear();
                oldStps.clear();
                ro.clear();
                hDiag = 1;
            } else {
                double[] y = new double[n];
                double[] s = new double[n];
                for (int i = 0; i < n; i++) {
                    y[i] = flatGrad[i] - state.prevFlatGrad[i];
                    s[i] = d[i] * t;
                }
                double ys = dot(y, s);
                if (ys > 1e-10) {
                    if (oldDirs.size() == historySize) {
                        oldDirs.remove(0);
                        oldStps.remove(0);
                        ro.remove(0);
                    }
                    oldDirs.add(y);
                    oldStps.add(s);
                    ro.add(1.0 / ys);
                    hDiag = ys / dot(y, y);
                }
                int numOld = oldDirs.size();
                double[] al = new double[numOld];
                double[] q = new double[n];
                for (int j = 0; j < n; j++) {
                    q[j] = -flatGrad[j];
                }
                for (int i = numOld - 1; i >= 0; i--) {
                    al[i] = dot(oldStps.get(i), q) * ro.get(i);
                    addScaled(q, oldDirs.get(i), -al[i]);
                }
                double[] r = new double[n];
                for (int j = 0; j < n; j++) {
                    r[j] = q[j] * hDiag;
                }
                for (int i = 0; i < numOld; i++) {
                    double be = dot(oldDirs.get(i), r) * ro.get(i);
                    addScaled(r, oldStps.get(i), al[i] - be);
                }
                d = r;
            }
            System.arraycopy(flatGrad, 0, state.prevFlatGrad, 0, n);
            prevLoss = loss;

            // the step length
            if (state.nIter == 1) {
                double inverse = 1.0 / sumAbs(flatGrad);
                t = pyMin(1.0, inverse) * learningRate;
            } else {
                t = learningRate;
            }
            double gtd = dot(flatGrad, d);
            if (gtd > -toleranceChange) {
                break;
            }
            int lineSearchEvals = 0;
            if (strongWolfe) {
                LineSearch found = strongWolfe(closure, x, t, d, loss, flatGrad, gtd);
                loss = found.f;
                flatGrad = found.g;
                t = found.t;
                lineSearchEvals = found.evaluations;
                addScaled(x, d, t);
                optCond = maxAbs(flatGrad) <= toleranceGrad;
            } else {
                addScaled(x, d, t);
                if (nIter != maxIter) {
                    flatGrad = new double[n];
                    loss = closure.evaluate(x, flatGrad);
                    optCond = maxAbs(flatGrad) <= toleranceGrad;
                    lineSearchEvals = 1;
                }
            }
            currentEvals += lineSearchEvals;
            state.funcEvals += lineSearchEvals;

            // the conditions
            if (nIter == maxIter || currentEvals >= maxEval || optCond) {
                break;
            }
            double largestStep = 0;
            for (int i = 0; i < n; i++) {
                largestStep = Math.max(largestStep, Math.abs(d[i] * t));
            }
            if (largestStep <= toleranceChange || Math.abs(loss - prevLoss) < toleranceChange) {
                break;
            }
        }
        state.d = d;
        state.t = t;
        state.hDiag = hDiag;
        state.prevLoss = prevLoss;
    }

    /** What the line search found: f and ∇f at x + t d, and how many evaluations it took. */
    private record LineSearch(double f, double[] g, double t, int evaluations) {
    }

    /** torch's {@code _strong_wolfe}, line by line (the bracketing phase, then the zoom). */
    private static LineSearch strongWolfe(Closure closure, double[] x, double t, double[] d, double f, double[] g,
                                          double gtd) {
        int n = x.length;
        double[] trial = new double[n];
        double dNorm = maxAbs(d);
        g = g.clone();
        double[] gNew = new double[n];
        double fNew = directional(closure, x, t, d, trial, gNew);
        int evaluations = 1;
        double gtdNew = dot(gNew, d);

        double tPrev = 0;
        double fPrev = f;
        double[] gPrev = g;
        double gtdPrev = gtd;
        boolean done = false;
        int lsIter = 0;
        double[] bracket = null;
        double[] bracketF = null;
        double[][] bracketG = null;
        double[] bracketGtd = null;
        while (lsIter < MAX_LINE_SEARCH) {
            if (fNew > (f + C1 * t * gtd) || (lsIter > 1 && fNew >= fPrev)) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -C2 * gtd) {
                bracket = new double[] {t};
                bracketF = new double[] {fNew};
                bracketG = new double[][] {gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            // interpolate
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            // next step
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew.clone();
            gtdPrev = gtdNew;
            gNew = new double[n];
            fNew = directional(closure, x, t, d, trial, gNew);
            evaluations++;
            gtdNew = dot(gNew, d);
            lsIter++;
        }
        if (lsIter == MAX_LINE_SEARCH) {
            bracket = new double[] {0, t};
            bracketF = new double[] {f, fNew};
            bracketG = new double[][] {g, gNew};
        }

        // zoom
        boolean insufficientProgress = false;
        int lowPos = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
        int highPos = 1 - lowPos;
        while (!done && lsIter < MAX_LINE_SEARCH) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < LINE_SEARCH_TOLERANCE_CHANGE) {
                break;
            }
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1],
                    Double.NaN, Double.NaN);
            double high = pyMax(bracket[0], bracket[1]);
            double low = pyMin(bracket[0], bracket[1]);
            double eps = 0.1 * (high - low);
            if (pyMin(high - t, t - low) < eps) {
                // close to a boundary: move 0.1 of the bracket away from it if progress was already short
                if (insufficientProgress || t >= high || t <= low) {
                    if (Math.abs(t - high) < Math.abs(t - low)) {
                        t = high - eps;
                    } else {
                        t = low + eps;
                    }
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            gNew = new double[n];
            fNew = directional(closure, x, t, d, trial, gNew);
            evaluations++;
            gtdNew = dot(gNew, d);
            lsIter++;

            if (fNew > (f + C1 * t * gtd) || fNew >= bracketF[lowPos]) {
                // Armijo not satisfied, or not below the lowest point
                bracket[highPos] = t;
                bracketF[highPos] = fNew;
                bracketG[highPos] = gNew.clone();
                bracketGtd[highPos] = gtdNew;
                lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
                highPos = 1 - lowPos;
            } else {
                if (Math.abs(gtdNew) <= -C2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0) {
                    // the old high becomes the new low
                    bracket[highPos] = bracket[lowPos];
                    bracketF[highPos] = bracketF[lowPos];
                    bracketG[highPos] = bracketG[lowPos];
                    bracketGtd[highPos] = bracketGtd[lowPos];
                }
                bracket[lowPos] = t;
                bracketF[lowPos] = fNew;
                bracketG[lowPos] = gNew.clone();
                bracketGtd[lowPos] = gtdNew;
            }
        }
        return new LineSearch(bracketF[lowPos], bracketG[lowPos], bracket[lowPos], evaluations);
    }

    /**
     * torch's {@code _cubic_interpolate}: the minimizer of the cubic through (x1, f1, g1) and (x2, f2, g2), within
     * [minBound, maxBound] (the interval between x1 and x2 when the bounds are NaN), or the middle of the bounds
     * when the cubic has no minimizer.
     */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                                   double minBound, double maxBound) {
        double xminBound;
        double xmaxBound;
        if (!Double.isNaN(minBound)) {
            xminBound = minBound;
            xmaxBound = maxBound;
        } else if (x1 <= x2) {
            xminBound = x1;
            xmaxBound = x2;
        } else {
            xminBound = x2;
            xmaxBound = x1;
        }
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return pyMin(pyMax(minPos, xminBound), xmaxBound);
        }
        return (xminBound + xmaxBound) / 2.;
    }

    /** f and ∇f (into {@code gradient}) at x + t d, torch's {@code _directional_evaluate}. */
    private static double directional(Closure closure, double[] x, double t, double[] d, double[] trial,
                                      double[] gradient) {
        for (int i = 0; i < x.length; i++) {
            trial[i] = x[i] + t * d[i];
        }
        return closure.evaluate(trial, gradient);
    }

    /** Python's {@code min(a, b)}: a unless b is smaller. */
    private static double pyMin(double a, double b) {
        return b < a ? b : a;
    }

    /** Python's {@code max(a, b)}: a unless b is larger. */
    private static double pyMax(double a, double b) {
        return b > a ? b : a;
    }

    /** {@code v += alpha u}, as torch's {@code v.add_(u, alpha=alpha)}. */
    private static void addScaled(double[] v, double[] u, double alpha) {
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] + alpha * u[i];
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** max|v_i|, NaN when a component is NaN (as torch's {@code abs().max()}). */
    private static double maxAbs(double[] v) {
        double max = 0;
        for (double c : v) {
            max = Math.max(max, Math.abs(c));
        }
        return max;
    }

    private static double sumAbs(double[] v) {
        double sum = 0;
        for (double c : v) {
            sum += Math.abs(c);
        }
        return sum;
    }
}
