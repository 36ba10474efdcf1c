package dev.descent.engine.curvature;

import dev.descent.engine.objective.Objective;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.random.Well19937c;

/**
 * The extreme eigenvalues of the Hessian of an objective at a point: the largest (L, the curvature that limits
 * the learning rate, see {@link StabilityLimits}) and the smallest (negative at a saddle or a maximum).
 *
 * <p><b>How.</b> Lanczos iteration with full reorthogonalization (Golub and Van Loan, <i>Matrix Computations</i>,
 * 4th ed., §10.1 and §10.3.1), k = min(n, {@value #MAX_PRODUCTS}) steps of one Hessian-vector product each (from
 * {@link Objective#hessianVectorProduct}, exact for formulas, the catalog and the regressions):
 * <pre>
 *     q_1 = a fixed pseudo-random unit vector (Well19937c, seed {@value #SEED}: results reproduce), β_0 q_0 = 0
 *     for j = 1 … k:
 *         w = H q_j;  α_j = q_j · w;  w = w - α_j q_j - β_{j-1} q_{j-1}
 *         w = w - Σ_{i ≤ j} (q_i · w) q_i, twice            (full reorthogonalization: the q_i stay orthonormal)
 *         β_j = ‖w‖;  stop if β_j ≤ 1e-10 · ‖T_j‖ (breakdown);  q_{j+1} = w / β_j
 *     eigenvalues of the tridiagonal T_j = tridiag(β, α, β) by commons-math3's EigenDecomposition
 * </pre>
 * The eigenvalues of T_j (Ritz values) are those of H restricted to the Krylov space span{q_1, H q_1, …};
 * their extremes converge to H's from inside, the outermost fastest, whatever the signs: unlike power iteration,
 * Lanczos tells the most negative eigenvalue from the most positive when |λ_min| = |λ_max| (x² - y² gives -2 and
 * 2). After n steps the Krylov space is the whole space and the Ritz values are H's eigenvalues, exact but for
 * rounding. A breakdown (β_j ≈ 0) means the Krylov space is invariant under H: it then holds the component of
 * q_1 in every eigenspace, and from a random q_1 (which is orthogonal to none, with probability 1) its Ritz values
 * are all of H's distinct eigenvalues: exact too, in fewer steps (one for x² + y², whose Hessian is 2I). In
 * n &gt; {@value #MAX_PRODUCTS} dimensions the extremes are estimates from inside (in exact arithmetic the Ritz
 * values lie in [λ_min, λ_max]: the spread is never overstated), converging fastest where the extreme eigenvalue
 * stands apart from the rest: on a random 50-dimensional form with eigenvalues uniform in [0.5, 10], 30 steps
 * give the largest to 2e-10 and the smallest to 4e-7 (relative to the largest); clustered extremes converge more
 * slowly.
 *
 * <p><b>Edge cases.</b> The start vector is random, not the gradient, so a zero gradient (at a minimum or a
 * saddle) is no special case. A zero Hessian gives β_1 = 0 and both eigenvalues 0, exact. A non-finite product
 * (x outside the domain, overflow) ends the iteration with {@link Accuracy#NOT_FINITE} and NaN eigenvalues, not an
 * exception. The objective's own buffers are used: call this on the thread that owns the objective, or on a fork.
 *
 * @param largest  the largest eigenvalue of the Hessian (NaN if not finite)
 * @param smallest the smallest eigenvalue of the Hessian (NaN if not finite)
 * @param products the Hessian-vector products used
 * @param accuracy whether the eigenvalues are exact (up to rounding and the accuracy of the products), estimates,
 *                 or could not be computed
 */
public record Curvature(double largest, double smallest, int products, Accuracy accuracy) {

    /** The most Hessian-vector products (Lanczos steps) one estimate takes. */
    public static final int MAX_PRODUCTS = 30;

    /** The seed of the start vector. */
    static final long SEED = 20_251_202L;
    /** The dimensions whose start vector is kept once made. */
    private static final int KEPT_START_VECTORS = 128;
    private static final AtomicReferenceArray<double[]> START_VECTORS = new AtomicReferenceArray<>(KEPT_START_VECTORS);

    /** β_j at most this times the size of T_j ends the iteration: the Krylov space is invariant (breakdown). */
    static final double BREAKDOWN = 1e-10;

    /** How far to trust the eigenvalues. */
    public enum Accuracy {
        /** The Krylov space spanned the whole space or an invariant subspace: H's extreme eigenvalues. */
        EXACT,
        /** {@value #MAX_PRODUCTS} Lanczos steps in more dimensions: extremes from inside, as Ritz values. */
        ESTIMATE,
        /** A Hessian-vector product was not finite: no eigenvalues. */
        NOT_FINITE
    }

    /** Whether the eigenvalues are numbers (not {@link Accuracy#NOT_FINITE}). */
    public boolean finite() {
        return accuracy != Accuracy.NOT_FINITE;
    }

    /**
     * The extreme eigenvalues of the Hessian of {@code objective} at {@code x}, from at most
     * min(n, {@value #MAX_PRODUCTS}) Hessian-vector products.
     *
     * @throws IllegalArgumentException if {@code x} is not of the objective's dimension
     */
    public static Curvature at(Objective objective, double[] x) {
        return at(objective, x, MAX_PRODUCTS);
    }

    /**
     * As {@link #at(Objective, double[])} with at most {@code maxProducts} Hessian-vector products.
     *
     * @throws IllegalArgumentException if {@code x} is not of the objective's dimension or {@code maxProducts < 1}
     */
    public static Curvature at(Objective objective, double[] x, int maxProducts) {
        return at(objective, x, maxProducts, startVector(objective.dimension()));
    }

    /** As {@link #at(Objective, double[], int)}, from {@code start}, {@link #startVector(int)}'s (not written). */
    static Curvature at(Objective objective, double[] x, int maxProducts, double[] start) {
        int n = objective.dimension();
        if (x.length != n) {
            throw new IllegalArgumentException("x has " + x.length + " coordinates, the objective " + n
                    + " variables");
        }
        if (maxProducts < 1) {
            throw new IllegalArgumentException("Invalid maxProducts: " + maxProducts + " (at least 1)");
        }
        int k = Math.min(n, maxProducts);
        double[][] q = new double[k + 1][];
        double[] alpha = new double[k];
        double[] beta = new double[k];
        q[0] = start;
        double[] w = new double[n];
        double size = 0;
        int steps = 0;
        boolean breakdown = false;
        for (int j = 0; j < k; j++) {
            objective.hessianVectorProduct(x, q[j], w);
            steps++;
            if (!allFinite(w)) {
                return notFinite(steps);
            }
            alpha[j] = dot(q[j], w);
            axpy(-alpha[j], q[j], w);
            if (j > 0) {
                axpy(-beta[j - 1], q[j - 1], w);
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i <= j; i++) {
                    axpy(-dot(q[i], w), q[i], w);
                }
            }
            beta[j] = norm(w);
            size = Math.max(size, Math.abs(alpha[j]) + beta[j] + (j > 0 ? beta[j - 1] : 0));
            if (!Double.isFinite(alpha[j]) || !Double.isFinite(beta[j])) {
                return notFinite(steps);
            }
            if (beta[j] <= BREAKDOWN * size) {
                breakdown = true;
                break;
            }
            if (j + 1 < k) {
                q[j + 1] = new double[n];
                for (int i = 0; i < n; i++) {
                    q[j + 1][i] = w[i] / beta[j];
                }
            }
        }
        double[] ritz = ritzValues(Arrays.copyOf(alpha, steps), Arrays.copyOf(beta, steps - 1));
        double largest = Double.NEGATIVE_INFINITY;
        double smallest = Double.POSITIVE_INFINITY;
        for (double value : ritz) {
            largest = Math.max(largest, value);
            smallest = Math.min(smallest, value);
        }
        boolean exact = breakdown || steps == n;
        return new Curvature(largest, smallest, steps, exact ? Accuracy.EXACT : Accuracy.ESTIMATE);
    }

    private static Curvature notFinite(int products) {
        return new Curvature(Double.NaN, Double.NaN, products, Accuracy.NOT_FINITE);
    }

    /** The eigenvalues of the symmetric tridiagonal matrix with diagonal {@code main}, off-diagonal {@code off}. */
    private static double[] ritzValues(double[] main, double[] off) {
        if (main.length == 1) {
            return main;
        }
        if (main.length == 2) {
            // [[a, b], [b, c]]: (a + c)/2 ± hypot((a - c)/2, b), without a decomposition's allocations.
            double mean = (main[0] + main[1]) / 2;
            double radius = Math.hypot((main[0] - main[1]) / 2, off[0]);
            return new double[] {mean + radius, mean - radius};
        }
        return new EigenDecomposition(main, off).getRealEigenvalues();
    }

    /**
     * A unit vector of independent standard normal components: a uniformly random direction, the same each time. Made
     * once for each dimension below {@link #KEPT_START_VECTORS} (seeding the generator, 2.5 KB of state, cost more
     * than a small run's whole curvature profile); a copy.
     */
    static double[] startVector(int n) {
        if (n >= KEPT_START_VECTORS) {
            return newStartVector(n);
        }
        double[] kept = START_VECTORS.get(n);
        if (kept == null) {
            kept = newStartVector(n);
            START_VECTORS.set(n, kept);
        }
        return kept.clone();
    }

    private static double[] newStartVector(int n) {
        Well19937c random = new Well19937c(SEED);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        double norm = norm(v);
        for (int i = 0; i < n; i++) {
            v[i] /= norm;
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** y = y + a·x. */
    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static boolean allFinite(double[] a) {
        for (double value : a) {
            if (!Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }
}
