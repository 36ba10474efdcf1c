package dev.descent.engine.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.engine.data.Dataset;
import dev.descent.engine.objective.RegressionObjective.Model;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.Variance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Objective#hessianVectorProduct}: exact for formulas, the catalog and the regressions, estimated otherwise. */
@DisplayName("Hessian-vector products of objectives")
class HessianVectorProductTests {

    @Nested
    @DisplayName("of the regressions, over the whole data set")
    class Regressions {

        /** 40 rows of 3 features of unlike scales and offsets, so that standardization changes the Hessian. */
        private static Dataset data(boolean logistic) {
            RandomGenerator random = new Well19937c(42);
            int rows = 40;
            double[] features = new double[rows * 3];
            double[] targets = new double[rows];
            for (int i = 0; i < rows; i++) {
                features[3 * i] = 5 + 2 * random.nextGaussian();
                features[3 * i + 1] = 0.01 * random.nextGaussian() - 3;
                features[3 * i + 2] = 100 * random.nextDouble();
                targets[i] = logistic ? random.nextInt(2) : random.nextGaussian() + features[3 * i];
            }
            return new Dataset(List.of("a", "b", "c"), features, targets);
        }

        static Stream<Arguments> settings() {
            return Stream.of(Model.values()).flatMap(model -> Stream.of(true, false).flatMap(intercept ->
                    Stream.of(true, false).flatMap(standardize -> Stream.of(0.0, 0.3).map(l2 ->
                            Arguments.of(model, intercept, standardize, l2)))));
        }

        /**
         * The Hessian from the data with commons-math3: X̂ = [1 | X̃] (the 1 with an intercept), X̃ standardized by
         * the mean and the population standard deviation (commons-math3's Mean and Variance, not the objective's),
         * H = X̂ᵀ D X̂ / m + l2 on the weights, D = 2I (linear) or diag(σ(z)(1 - σ(z))) (logistic).
         */
        private static RealMatrix hessian(Dataset data, Model model, boolean intercept, boolean standardize,
                double l2, double[] theta) {
            int m = data.rows();
            int p = data.columns();
            int offset = intercept ? 1 : 0;
            RealMatrix x = new Array2DRowRealMatrix(m, p + offset);
            for (int j = 0; j < p; j++) {
                double[] column = new double[m];
                for (int i = 0; i < m; i++) {
                    column[i] = data.feature(i, j);
                }
                double mean = standardize ? new Mean().evaluate(column) : 0;
                double sd = standardize ? Math.sqrt(new Variance(false).evaluate(column)) : 1;
                for (int i = 0; i < m; i++) {
                    x.setEntry(i, offset + j, (column[i] - mean) / sd);
                }
            }
            if (intercept) {
                x.setColumn(0, filled(m, 1));
            }
            RealVector z = x.operate(new ArrayRealVector(theta));
            RealMatrix d = new Array2DRowRealMatrix(m, m);
            for (int i = 0; i < m; i++) {
                double s = 1 / (1 + Math.exp(-z.getEntry(i)));
                d.setEntry(i, i, model == Model.LINEAR ? 2 : s * (1 - s));
            }
            RealMatrix h = x.transpose().multiply(d).multiply(x).scalarMultiply(1.0 / m);
            for (int j = 0; j < p; j++) {
                h.addToEntry(offset + j, offset + j, l2);
            }
            return h;
        }

        @ParameterizedTest(name = "{0}, intercept {1}, standardized {2}, l2 {3}")
        @MethodSource("settings")
        @DisplayName("equal X̂ᵀDX̂ v / m + l2 v from commons-math3 matrices")
        void equalMatrices(Model model, boolean intercept, boolean standardize, double l2) {
            Dataset data = data(model == Model.LOGISTIC);
            // L1 changes nothing away from 0; a mini-batch setting neither: the product is over all rows.
            RegressionObjective objective = new RegressionObjective(data, model, intercept, 0.2, l2, standardize, 7,
                    true, 3);
            objective.selectBatch(2, 1);
            int n = objective.dimension();
            RandomGenerator random = new Well19937c(5);
            for (int trial = 0; trial < 5; trial++) {
                double[] theta = gaussian(random, n, standardize ? 1 : 0.05);
                double[] v = gaussian(random, n, 1);
                RealMatrix h = hessian(data, model, intercept, standardize, l2, theta);
                double[] expected = h.operate(v);
                double[] actual = new double[n];
                objective.hessianVectorProduct(theta, v, actual);
                double scale = h.getNorm() * new ArrayRealVector(v).getLInfNorm();
                assertClose(expected, actual, 1e-12 * scale, model + " at " + Arrays.toString(theta));
            }
            assertThat(objective.exactHessianVectorProduct()).isTrue();
        }

        @Test
        @DisplayName("agree with central differences of their exact full-data gradients")
        void agreeWithDifferences() {
            for (Model model : Model.values()) {
                RegressionObjective objective = new RegressionObjective(data(model == Model.LOGISTIC), model, true,
                        0, 0.1, true, 5, true, 1);
                objective.selectBatch(0, 3);
                double[] theta = {0.1, -0.4, 0.7, 0.2};
                double[] v = {1, -2, 0.5, 3};
                double[] exact = new double[4];
                objective.hessianVectorProduct(theta, v, exact);
                double[] estimated = new double[4];
                HessianVectorProducts.centralDifference(objective::fullValueAndGradient, theta, v, estimated);
                assertClose(exact, estimated, 1e-7 * maxAbs(exact), model.toString());
            }
        }
    }

    @Test
    @DisplayName("a batched objective's default differentiates the whole data's gradient, whatever the batch")
    void batchedDefault() {
        RegressionObjective regression = new RegressionObjective(Regressions.data(true), Model.LOGISTIC, true, 0, 0,
                true, 4, true, 9);
        BatchedObjective batched = new BatchedObjective() {
            @Override
            public int batchesPerEpoch() {
                return regression.batchesPerEpoch();
            }

            @Override
            public int rows() {
                return regression.rows();
            }

            @Override
            public void selectBatch(int epoch, int batch) {
                regression.selectBatch(epoch, batch);
            }

            @Override
            public double fullValue(double[] x) {
                return regression.fullValue(x);
            }

            @Override
            public double fullValueAndGradient(double[] x, double[] gradient) {
                return regression.fullValueAndGradient(x, gradient);
            }

            @Override
            public List<String> variables() {
                return regression.variables();
            }

            @Override
            public double value(double[] x) {
                return regression.value(x);
            }

            @Override
            public double valueAndGradient(double[] x, double[] gradient) {
                return regression.valueAndGradient(x, gradient);
            }

            @Override
            public Objective fork() {
                return this;
            }
        };
        batched.selectBatch(1, 2);
        double[] theta = {0.2, -0.3, 0.5, 1.1};
        double[] v = {-1, 0.5, 2, 0.25};
        double[] exact = new double[4];
        regression.hessianVectorProduct(theta, v, exact);
        double[] estimated = new double[4];
        batched.hessianVectorProduct(theta, v, estimated);
        assertThat(batched.exactHessianVectorProduct()).isFalse();
        assertClose(exact, estimated, 1e-7 * maxAbs(exact), "batched default");
    }

    @Nested
    @DisplayName("of formulas and catalog functions, exact through the tape")
    class Formulas {

        @Test
        @DisplayName("the catalog's Rosenbrock function equals its Hessian by hand")
        void rosenbrock() {
            ExpressionObjective objective = FunctionCatalog.byName("rosenbrock").orElseThrow().objective(2);
            assertThat(objective.exactHessianVectorProduct()).isTrue();
            for (double[] x : new double[][] {{-1.2, 1}, {1, 1}, {0.5, -2}}) {
                double[] hv = new double[2];
                objective.hessianVectorProduct(x, new double[] {1, -1}, hv);
                double hxx = 1200 * x[0] * x[0] - 400 * x[1] + 2;
                double hxy = -400 * x[0];
                assertClose(new double[] {hxx - hxy, hxy - 200}, hv, 1e-12 * Math.abs(hxx), "at " + x[0]);
            }
        }

        @Test
        @DisplayName("every catalog function agrees with central differences of its gradient at its default start")
        void catalog() {
            for (CatalogFunction function : FunctionCatalog.all()) {
                int n = function.defaultDimension();
                ExpressionObjective objective = function.objective(n);
                double[] x = function.defaultStart(n);
                double[] v = gaussian(new Well19937c(function.name().hashCode()), n, 1);
                double[] exact = new double[n];
                objective.hessianVectorProduct(x, v, exact);
                double[] estimated = new double[n];
                HessianVectorProducts.centralDifference(objective::valueAndGradient, x, v, estimated);
                assertClose(exact, estimated, 1e-5 * Math.max(1, maxAbs(exact)), function.name());
            }
        }
    }

    @Nested
    @DisplayName("by the default, central differences of exact gradients")
    class Default {

        /** A formula behind the bare interface: it inherits the default product. */
        private static Objective opaque(String formula) {
            ExpressionObjective inner = ExpressionObjective.compile(formula);
            return new Objective() {
                @Override
                public List<String> variables() {
                    return inner.variables();
                }

                @Override
                public double value(double[] x) {
                    return inner.value(x);
                }

                @Override
                public double valueAndGradient(double[] x, double[] gradient) {
                    return inner.valueAndGradient(x, gradient);
                }

                @Override
                public Objective fork() {
                    return this;
                }
            };
        }

        @Test
        @DisplayName("are exact but for rounding on a quadratic, close on Rosenbrock, and say they estimate")
        void accuracy() {
            String quadratic = "3*x^2 - 2*x*y + 5*y^2 - 7*x";
            Objective estimated = opaque(quadratic);
            assertThat(estimated.exactHessianVectorProduct()).isFalse();
            double[] hv = new double[2];
            estimated.hessianVectorProduct(new double[] {100, -20}, new double[] {1, 2}, hv);
            assertClose(new double[] {2, 18}, hv, 1e-8, quadratic);

            String rosenbrock = "100*(y - x^2)^2 + (1 - x)^2";
            double[] x = {-1.2, 1};
            double[] v = {0.3, -1};
            double[] exact = new double[2];
            ExpressionObjective.compile(rosenbrock).hessianVectorProduct(x, v, exact);
            opaque(rosenbrock).hessianVectorProduct(x, v, hv);
            assertClose(exact, hv, 1e-7 * maxAbs(exact), rosenbrock);
        }

        @Test
        @DisplayName("are 0 along a zero direction, NaN where the gradient is not finite, and check lengths")
        void edges() {
            Objective objective = opaque("x^2 + sqrt(y)");
            double[] hv = {7, 7};
            objective.hessianVectorProduct(new double[] {1, 1}, new double[2], hv);
            assertThat(hv).containsExactly(0, 0);
            objective.hessianVectorProduct(new double[] {1, -1}, new double[] {0, 1}, hv);
            assertThat(hv[1]).isNaN();
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> objective.hessianVectorProduct(new double[2], new double[3], new double[2]));
        }
    }

    private static double[] filled(int n, double value) {
        double[] a = new double[n];
        Arrays.fill(a, value);
        return a;
    }

    private static double[] gaussian(RandomGenerator random, int n, double sd) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = sd * random.nextGaussian();
        }
        return a;
    }

    private static double maxAbs(double[] a) {
        return Arrays.stream(a).map(Math::abs).max().orElse(0);
    }

    private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tolerance)) {
                fail(what + ", component " + i + ": expected " + Arrays.toString(expected) + " but was "
                        + Arrays.toString(actual) + " (tolerance " + tolerance + ")");
            }
        }
    }
}
