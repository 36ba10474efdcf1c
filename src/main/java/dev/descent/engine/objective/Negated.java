package dev.descent.engine.objective;

import java.util.List;

/**
 * -f, for a run that climbs f ({@code Problem.maximize}): value, gradient and Hessian-vector products of f, negated
 * exactly (a change of sign rounds nothing), so that descending -f with an update rule is PyTorch 2's
 * {@code maximize} to the last bit.
 *
 * @param f the objective climbed
 */
public record Negated(Objective f) implements Objective {

    @Override
    public List<String> variables() {
        return f.variables();
    }

    @Override
    public int dimension() {
        return f.dimension();
    }

    @Override
    public double value(double[] x) {
        return -f.value(x);
    }

    @Override
    public double valueAndGradient(double[] x, double[] gradient) {
        double value = f.valueAndGradient(x, gradient);
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] = -gradient[i];
        }
        return -value;
    }

    @Override
    public void hessianVectorProduct(double[] x, double[] v, double[] out) {
        f.hessianVectorProduct(x, v, out);
        for (int i = 0; i < out.length; i++) {
            out[i] = -out[i];
        }
    }

    @Override
    public boolean exactHessianVectorProduct() {
        return f.exactHessianVectorProduct();
    }

    @Override
    public Objective fork() {
        return new Negated(f.fork());
    }
}
