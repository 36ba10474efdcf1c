package dev.descent.export;

import dev.descent.engine.data.Dataset;
import dev.descent.engine.objective.RegressionObjective;
import java.util.List;

/**
 * A regression as the objective of an exported script: the data set inline, as the service read it (an inline,
 * CSV or synthetic data set alike: the script does not regenerate synthetic data, it carries the rows the
 * generator made), the standardization's means and standard deviations as the service computed them, and for a
 * shuffled mini-batch run each epoch's row order as the engine drew it ({@link RegressionObjective#epochOrder}, not
 * a Python copy of its generator).
 *
 * <p>The loss is the engine's arithmetic ({@link RegressionObjective}): the mean over the batch of (z - y)² or of
 * log(1 + e^z) - y·z, plus (l2 / 2)·w² + l1·|w| summed over the weights (never the intercept). log(1 + e^z) is
 * a {@code torch.autograd.Function} with the engine's form, z + log1p(e^-z) for z > 0 and log1p(e^z) otherwise, and
 * its derivative σ(z) as the engine takes it: torch's {@code softplus} is log1p(e^z) up to its threshold (20) and z
 * beyond it, which differs from the engine's by up to 2e-9, and the form by hand through {@code abs} has torch's
 * derivative 0 of |z| at z = 0, where every row sits at a zero start. torch's {@code abs} gives the L1 penalty the
 * engine's subgradient, 0 at w = 0.
 *
 * <p>Each printed value is the service's: the loss of the batch of the update that follows (the whole data set for
 * full batch) and, for the last iterate of a mini-batch run, the loss over every row.
 */
final class TorchRegression {

    private TorchRegression() {
    }

    /**
     * The numbers the script of a run of {@code regression} with {@code updates} updates writes out: every
     * feature and target, and for a shuffled mini-batch run one row order per epoch it enters.
     */
    static long numbers(RegressionObjective regression, long updates) {
        Dataset data = regression.dataset();
        long numbers = (long) data.rows() * (data.columns() + 1) + 2L * data.columns();
        if (regression.shuffles()) {
            numbers += epochs(regression, updates) * data.rows();
        }
        return numbers;
    }

    /** The epochs iterates 0 to {@code updates} fall in. */
    private static long epochs(RegressionObjective regression, long updates) {
        return updates / regression.batchesPerEpoch() + 1;
    }

    /** The objective of a run of {@code regression} from {@code start} (named {@code variables}) of {@code updates}. */
    static PyTorchScript.Objective of(RegressionObjective regression, List<String> variables, double[] start,
                                      int updates) {
        Dataset data = regression.dataset();
        boolean logistic = regression.model() == RegressionObjective.Model.LOGISTIC;
        int batches = regression.batchesPerEpoch();
        StringBuilder text = new StringBuilder();
        text.append("NAMES = ").append(PyTorchScript.strings(variables)).append('\n')
                .append("x = torch.tensor(").append(PyTorchScript.numbers(start)).append(", requires_grad=True)\n\n")
                .append("# The data set as the service read it: row i of FEATURES (")
                .append(PyTorchScript.strings(data.featureNames())).append(") and its target.\n")
                .append("FEATURES = torch.tensor([\n");
        rows(data, text);
        text.append("])\nTARGETS = torch.tensor(").append(PyTorchScript.numbers(data.sharedTargets().clone()))
                .append(")\n");
        if (regression.standardizes()) {
            text.append("# Standardized as the service did: (x - mean) / sd, its means and population standard "
                            + "deviations (1 for a\n# constant column).\n")
                    .append("MEANS = torch.tensor(").append(PyTorchScript.numbers(regression.means())).append(")\n")
                    .append("SCALES = torch.tensor(").append(PyTorchScript.numbers(regression.scales()))
                    .append(")\n")
                    .append("FEATURES = (FEATURES - MEANS) / SCALES\n");
        }
        text.append("L1 = ").append(PyTorchScript.python(regression.l1())).append('\n')
                .append("L2 = ").append(PyTorchScript.python(regression.l2())).append('\n')
                .append("BATCH_SIZE = ").append(regression.batchSize()).append('\n')
                .append("BATCHES = ").append(batches).append("  # per epoch\n");
        if (regression.shuffles()) {
            text.append("# Each epoch's rows in the order the service's seeded shuffle visited them: batch b of epoch e "
                    + "is\n# ORDERS[e][b * BATCH_SIZE:(b + 1) * BATCH_SIZE].\nORDERS = torch.tensor([\n");
            long epochs = epochs(regression, updates);
            for (int e = 0; e < epochs; e++) {
                text.append("    ").append(integers(regression.epochOrder(e))).append(",\n");
            }
            text.append("])\n");
        } else {
            text.append("# The rows in their order, every epoch (no shuffle).\n")
                    .append("ORDERS = torch.arange(").append(data.rows()).append(").reshape(1, -1)\n");
        }
        text.append("ALL_ROWS = torch.arange(").append(data.rows()).append(")\n\n\n")
                .append("def batch(k):\n")
                .append("    \"\"\"The rows of update k's batch.\"\"\"\n")
                .append("    epoch, b = divmod(k, BATCHES)\n")
                .append("    return ORDERS[min(epoch, len(ORDERS) - 1)][b * BATCH_SIZE:(b + 1) * BATCH_SIZE]\n\n\n");
        if (logistic) {
            text.append("""
                    class Softplus(torch.autograd.Function):
                        \"""log(1 + e^z) as the service computes it, and its derivative sigmoid(z) as the service takes it.\"""

                        @staticmethod
                        def forward(ctx, z):
                            ctx.save_for_backward(z)
                            e = torch.exp(-z.abs())
                            return torch.where(z > 0, z + torch.log1p(e), torch.log1p(e))

                        @staticmethod
                        def backward(ctx, grad):
                            z, = ctx.saved_tensors
                            e = torch.exp(-z.abs())
                            return grad * torch.where(z >= 0, 1 / (1 + e), e / (1 + e))


                    """);
        }
        String weights = regression.fitsIntercept() ? "x[1:]" : "x";
        text.append("def f(x, rows):\n")
                .append("    \"\"\"The mean ").append(logistic ? "log-loss" : "squared error")
                .append(" over the rows, plus the penalties on the weights.\"\"\"\n")
                .append("    z = ").append(regression.fitsIntercept() ? "x[0] + " : "").append("FEATURES[rows] @ ")
                .append(weights).append('\n')
                .append("    y = TARGETS[rows]\n")
                .append(logistic ? "    loss = (Softplus.apply(z) - y * z).mean()\n"
                        : "    loss = ((z - y) ** 2).mean()\n")
                .append("    w = ").append(weights).append('\n')
                .append("    return loss + (0.5 * L2 * w * w + L1 * w.abs()).sum()\n\n\n");
        if (batches > 1) {
            text.append("def loss(k):\n")
                    .append("    \"\"\"f at x on update k's batch; at the last iterate, over every row (as the service "
                            + "reports it).\"\"\"\n")
                    .append("    return f(x, ALL_ROWS if k == UPDATES else batch(k))\n\n\n");
        } else {
            text.append("def loss(k):\n")
                    .append("    return f(x, ALL_ROWS)\n\n\n");
        }
        String summary = (logistic ? "fits logistic regression (mean log-loss)" : "fits linear regression (mean "
                + "squared error)") + " on " + data.rows() + " rows, " + (batches == 1 ? "full batch,"
                : regression.batchSize() == 1 ? "stochastic (one row per update)," : "in mini-batches of "
                + regression.batchSize() + " rows,");
        return new PyTorchScript.Objective(summary, text.toString(), "loss(k)");
    }

    private static String integers(int[] values) {
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                list.append(", ");
            }
            list.append(values[i]);
        }
        return list.append(']').toString();
    }

    /** The data set's features as the service read them: one Python list a row, each on a line of its own. */
    static void rows(Dataset data, StringBuilder text) {
        double[] row = new double[data.columns()];
        for (int i = 0; i < data.rows(); i++) {
            for (int j = 0; j < row.length; j++) {
                row[j] = data.feature(i, j);
            }
            text.append("    ").append(PyTorchScript.numbers(row)).append(",\n");
        }
    }
}
