package dev.descent.engine.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The seed tutorials' "random linearly related data", reproducible from a seed: features uniform in [0, 2)
 * (numpy's {@code 2 * np.random.rand(m, n)}), and targets
 * <ul>
 *   <li>for linear regression: y = intercept + coefficients · x + noise · N(0, 1);</li>
 *   <li>for logistic regression: y = 1 with probability σ(intercept + coefficients · x + noise · N(0, 1)), else 0.</li>
 * </ul>
 * The same arguments always give the same data set, bit for bit (commons-math3's {@link Well19937c}).
 */
public final class SyntheticData {

    private SyntheticData() {
    }

    /**
     * Makes a data set.
     *
     * @param samples      the number of rows, at least 1
     * @param coefficients the true coefficient per feature (at least one)
     * @param intercept    the true intercept
     * @param noise        the standard deviation of the Gaussian noise, at least 0
     * @param seed         the random seed
     * @param logistic     make 0/1 targets for logistic regression
     */
    public static Dataset generate(int samples, double[] coefficients, double intercept, double noise, long seed,
                                   boolean logistic) {
        if (samples < 1 || coefficients.length == 0 || !(noise >= 0)) {
            throw new IllegalArgumentException("Invalid synthetic data: " + samples + " samples, "
                    + coefficients.length + " coefficients, noise " + noise);
        }
        RandomGenerator random = new Well19937c(seed);
        int columns = coefficients.length;
        double[] features = new double[samples * columns];
        double[] targets = new double[samples];
        for (int i = 0; i < samples; i++) {
            double linear = intercept;
            for (int j = 0; j < columns; j++) {
                double x = 2 * random.nextDouble();
                features[i * columns + j] = x;
                linear += coefficients[j] * x;
            }
            linear += noise * random.nextGaussian();
            targets[i] = logistic ? (random.nextDouble() < 1 / (1 + Math.exp(-linear)) ? 1 : 0) : linear;
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < columns; j++) {
            names.add("x" + (j + 1));
        }
        return new Dataset(names, features, targets);
    }
}
