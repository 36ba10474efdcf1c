package dev.descent.engine.run;

import java.util.Arrays;

/**
 * An immutable snapshot of iterate k.
 *
 * @param iteration    k, the number of updates made before this point (0 for the start)
 * @param point        x_k, in the objective's variable order
 * @param value        f(x_k)
 * @param gradientNorm ‖∇f(x_k)‖₂
 * @param learningRate the learning rate of the update that led here (from x_{k-1}); NaN at the start
 */
public record Iterate(int iteration, double[] point, double value, double gradientNorm, double learningRate) {

    public Iterate {
        point = point.clone();
    }

    @Override
    public double[] point() {
        return point.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Iterate that && iteration == that.iteration && Arrays.equals(point, that.point)
                && Double.compare(value, that.value) == 0 && Double.compare(gradientNorm, that.gradientNorm) == 0
                && Double.compare(learningRate, that.learningRate) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Integer.hashCode(iteration) + Arrays.hashCode(point)) + Double.hashCode(value);
    }

    @Override
    public String toString() {
        return "Iterate[" + iteration + ", x=" + Arrays.toString(point) + ", f=" + value + ", |g|=" + gradientNorm
                + ", lr=" + learningRate + "]";
    }
}
