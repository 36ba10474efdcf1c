package dev.descent.engine.objective;

/** The central-difference Hessian-vector product of {@link Objective#hessianVectorProduct}'s default. */
final class HessianVectorProducts {

    /** ε^(1/3) for ε = 2^-52: the step that balances truncation (∝ h²) against rounding (∝ ε / h). */
    static final double RELATIVE_STEP = Math.cbrt(0x1p-52);

    /** The gradient of some objective: f(x), and ∇f(x) written into {@code gradient}. */
    @FunctionalInterface
    interface Gradient {
        double valueAndGradient(double[] x, double[] gradient);
    }

    private HessianVectorProducts() {
    }

    /** See {@link Objective#hessianVectorProduct}: ‖v‖ · (∇f(x + h u) - ∇f(x - h u)) / (2h), u = v / ‖v‖. */
    static void centralDifference(Gradient gradient, double[] x, double[] v, double[] out) {
        int n = x.length;
        if (v.length != n || out.length != n) {
            throw new IllegalArgumentException("x, v and out have lengths " + n + ", " + v.length + " and "
                    + out.length + "; they must be equal");
        }
        double norm = norm(v);
        if (norm == 0) {
            java.util.Arrays.fill(out, 0.0);
            return;
        }
        double h = RELATIVE_STEP * Math.max(1.0, norm(x));
        double[] plus = new double[n];
        double[] minus = new double[n];
        for (int i = 0; i < n; i++) {
            plus[i] = x[i] + h * (v[i] / norm);
            minus[i] = x[i] - h * (v[i] / norm);
        }
        double[] gradientPlus = new double[n];
        double[] gradientMinus = new double[n];
        gradient.valueAndGradient(plus, gradientPlus);
        gradient.valueAndGradient(minus, gradientMinus);
        for (int i = 0; i < n; i++) {
            out[i] = norm * ((gradientPlus[i] - gradientMinus[i]) / (2 * h));
        }
    }

    /** The Euclidean norm, scaled so that large or tiny entries neither overflow nor underflow. */
    private static double norm(double[] a) {
        double scale = 0;
        for (double value : a) {
            scale = Math.max(scale, Math.abs(value));
        }
        if (scale == 0 || !Double.isFinite(scale)) {
            return scale;
        }
        double sum = 0;
        for (double value : a) {
            sum += (value / scale) * (value / scale);
        }
        return scale * Math.sqrt(sum);
    }
}
