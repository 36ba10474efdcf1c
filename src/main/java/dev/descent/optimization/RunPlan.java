package dev.descent.optimization;

import dev.descent.engine.curvature.Curvature;
import dev.descent.engine.curvature.CurvatureProfile;
import dev.descent.engine.run.Result;
import dev.descent.engine.stop.Status;
import dev.descent.engine.data.Dataset;
import dev.descent.engine.objective.RegressionObjective;
import dev.descent.engine.optim.ClosureOptimizer;
import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.optim.Quantity;
import dev.descent.engine.objective.Negated;
import dev.descent.engine.objective.Objective;
import dev.descent.engine.run.Problem;
import dev.descent.engine.run.Trajectory;
import dev.descent.engine.text.GeneralFormat;
import java.math.BigDecimal;
import java.util.List;

/**
 * A request mapped onto the engine: the problem to run and what the response needs to present its result.
 *
 * @param problem       the engine's problem
 * @param formula       the formula that is minimized
 * @param variables     the variable names, in the engine's order
 * @param optimizer     the configured optimizer, for the echo of its hyperparameters
 * @param trajectory    what part of the trajectory to return
 * @param maxIterations the iteration cap of the run
 * @param regression    the regression objective, for the fitted model and its metrics; null for other objectives
 * @param standardize   whether the regression reports its standardization
 * @param request       the request mapped, without its inline data or CSV text, for the result's {@link Receipt};
 *                      null for a plan made otherwise (a range test's, a benchmark's), whose result has no receipt
 */
public record RunPlan(Problem problem, String formula, List<String> variables, OptimizerKind.Configured optimizer,
                      TrajectoryOptions trajectory, int maxIterations, RegressionObjective regression,
                      boolean standardize, OptimizationRequest request) {

    /**
     * What a run may record while it goes, in bytes, unless its answer needs more: 8 MB, every iterate of a run of
     * up to 131,072 iterations in 2 variables, 10,000 in 100.
     */
    public static final long RECORD_BYTES = 8L << 20;

    /** Numbers of an answer besides its trajectory and epoch losses: counts, times, the echo of the settings. */
    private static final int FIXED_NUMBERS = 32;

    /** How a picture's legend names this run: {@code adam, lr 0.001}; {@code gd, line search}. */
    public String legend() {
        String type = optimizer.kind().name();
        return problem.lineSearch() != null ? type + ", line search"
                : type + ", lr " + legendNumber(optimizer.learningRate());
    }

    /** 0.1 as {@code 0.1}, not {@code 0.1000000000000000055511151231257827}; tiny and huge numbers in E form. */
    public static String legendNumber(double value) {
        double magnitude = Math.abs(value);
        if (value == 0 || (magnitude >= 1e-4 && magnitude < 1e6)) {
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
        return GeneralFormat.format(value, 3);
    }

    /**
     * All of the formula a picture's title shows: the formula on one line (every run of white space one space,
     * trimmed), cut to {@value #TITLE_FORMULA} characters; the title writes at most {@code TITLE_FORMULA - 1} of them,
     * and an ellipsis when there are more (ChartStyle.formula).
     */
    public String titleFormula() {
        String oneLine = formula.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= TITLE_FORMULA ? oneLine : oneLine.substring(0, TITLE_FORMULA);
    }

    /** The characters of {@link #titleFormula()}: one more than a title writes, so that it knows to cut. */
    public static final int TITLE_FORMULA = 71;

    /**
     * The most work the run may take, in work units: {@code maxIterations × (dimension + 3)}, the number of
     * doubles its trajectory can grow to (each iterate records the point, f, the gradient norm and the learning
     * rate), so about an eighth of its memory in bytes, and roughly proportional to its time. A regression adds
     * the values of one batch per iteration, which is what each of its evaluations reads. An optimizer that
     * evaluates the objective during its step (lbfgs) multiplies it by the most evaluations one of its steps makes.
     */
    public long work() {
        long perIteration = variables.size() + 3 + (regression == null ? 0 : regression.cellsPerBatch());
        if (optimizer.optimizer() instanceof ClosureOptimizer<?> evaluating) {
            // lbfgs: one iteration is a whole step of torch's LBFGS, several evaluations.
            perIteration *= evaluating.evaluationsPerStep();
        }
        return (long) Math.max(1, maxIterations) * perIteration;
    }

    /**
     * The work a run's analysis may take whatever the run's own: {@value} units, a few milliseconds at most. Beyond
     * it, the analysis takes at most as much work as the run ({@link #curvaturePoints()}), so a request costs at
     * most twice its {@link #work()}.
     */
    public static final long ANALYSIS_FLOOR = 100_000;

    /** The fixed work of one point's curvature besides its products (the Lanczos vectors, the eigenvalues). */
    private static final long CURVATURE_POINT_WORK = 500;

    /**
     * How many recorded iterates the analysis examines for the curvature ({@link CurvatureProfile}): {@value
     * CurvatureProfile#DEFAULT_POINTS}, fewer when that much would take more work than {@code max(work(),
     * ANALYSIS_FLOOR)}, and 0 (no curvature) when fewer than 2 (start and end) fit. Each point takes up to
     * min(n, {@value Curvature#MAX_PRODUCTS}) Hessian-vector products of about 3 gradients each (a gradient of a
     * regression a pass over its whole data set: a large data set gets its curvature only when its run is long),
     * plus a fixed part.
     */
    public int curvaturePoints() {
        long gradient = variables.size() + 3L + (regression == null ? 0
                : (long) regression.rows() * regression.dataset().columns());
        long perPoint = (long) Math.min(variables.size(), Curvature.MAX_PRODUCTS) * 3 * gradient
                + CURVATURE_POINT_WORK;
        long points = Math.min(CurvatureProfile.DEFAULT_POINTS, Math.max(work(), ANALYSIS_FLOOR) / perPoint);
        return points >= 2 ? (int) points : 0;
    }

    /**
     * {@code result} of this plan's run with its curvature ({@link Result#curvature()}), from the run's recorded
     * iterates; as it is for a cancelled run (which must end at once) or when {@link #curvaturePoints()} is 0. Call
     * it on the thread that ran the problem, once the run has ended: it uses the problem's objective.
     */
    public Result analyze(Result result) {
        int points = curvaturePoints();
        if (points == 0 || result.stopReason().status() == Status.CANCELLED) {
            return result;
        }
        // A run that maximizes descends -f: its curvature, and the learning rates it limits, are those of -f.
        Objective descended = problem.maximize() ? new Negated(problem.objective()) : problem.objective();
        return result.withCurvature(CurvatureProfile.along(descended, result.trajectory(), points).summary());
    }

    /** The most trajectory points the answer carries: 0 without a trajectory. */
    public long answerPoints() {
        return trajectory.included() ? retainedPoints() : 0;
    }

    /**
     * The most trajectory points a finished run keeps in its compact form ({@code Result#compact}): as many as its
     * answer may carry, whether or not the answer includes them, since a job serves them in pages.
     */
    public long retainedPoints() {
        return Math.min(trajectory.effectiveMaxPoints(), (long) maxIterations + 1);
    }

    /**
     * The most numbers the answer of this run holds, known before it runs: each trajectory point (iteration, f, the
     * gradient norm, the learning rate and the point), the minimum, the epoch losses and the model of a
     * regression, the explained updates, and a few more. What the answer weighs, in memory (8 bytes each, kept as primitives) and on
     * the wire (about 20 bytes each as JSON).
     */
    public long answerNumbers() {
        return numbers(answerPoints());
    }

    /** The numbers of an answer with {@code points} trajectory points, and the rest. */
    private long numbers(long points) {
        long width = Trajectory.rowWidth(variables.size());
        long numbers = (points + 1) * width + FIXED_NUMBERS + explanationNumbers();
        if (regression != null) {
            numbers += (long) maxIterations / regression.batchesPerEpoch() + 1;
            numbers += 3L * variables.size();
        }
        return numbers;
    }

    /**
     * The most numbers of the explanation ({@code Problem#explain()}): per explained update its number, rate and
     * clip scale, and every quantity for every variable.
     */
    public long explanationNumbers() {
        long steps = Math.min(problem.explain().steps(), (long) maxIterations);
        return steps * (3 + (long) variables.size() * Quantity.values().length);
    }

    /**
     * The heap a finished run of this plan keeps in its compact form, in bytes (see {@code Result#compact}): its
     * {@link #retainedPoints()}, included in the answer or not, and the rest of its answer.
     */
    public long retainedBytes() {
        return 8 * numbers(retainedPoints()) + 512;
    }

    /**
     * The most iterates the run records: every iterate up to {@link #RECORD_BYTES} (at most
     * {@link Trajectory#MAX_RECORDED}), and never fewer than twice the points its answer carries, so that thinning
     * stays even.
     */
    public int recordLimit() {
        long rowBytes = 8L * Trajectory.rowWidth(variables.size());
        long limit = Math.max(RECORD_BYTES / rowBytes, 2 * answerPoints() + 2);
        return (int) Math.min(limit, Trajectory.MAX_RECORDED);
    }

    /**
     * The most heap a synchronous request for this run holds from admission to its answer, besides its data set:
     * its record while it runs and its compact result.
     */
    public long heldBytes() {
        return runningBytes() + retainedBytes() + (regression == null ? 0 : regression.bytes());
    }

    /** The data set of a regression (shared by the runs of a comparison), null for other objectives. */
    public Dataset dataset() {
        return regression == null ? null : regression.dataset();
    }

    /** The heap the rows and targets of a data set hold, in bytes. */
    public static long bytes(Dataset data) {
        return dataBytes(data.rows(), data.columns());
    }

    /** The heap the rows and targets of a data set of {@code rows} rows of {@code columns} features hold, in bytes. */
    public static long dataBytes(long rows, int columns) {
        return 8L * rows * (columns + 1) + 128;
    }

    /** The most heap the run holds while it goes: its record. */
    public long runningBytes() {
        long rows = Math.min(recordLimit(), (long) maxIterations + 2);
        return 8L * rows * Trajectory.rowWidth(variables.size()) + 1024;
    }
}
