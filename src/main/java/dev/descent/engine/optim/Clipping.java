package dev.descent.engine.optim;

/**
 * Gradient clipping, applied to the gradient before the update rule sees it (optax's {@code clip_by_global_norm}
 * and {@code clip}; PyTorch's {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}). The objective's
 * own gradient, and its norm in the trajectory, are left as they are.
 */
public sealed interface Clipping {

    /** No clipping. */
    Clipping NONE = new None();

    /** Clips {@code gradient} in place. */
    void apply(double[] gradient);

    /**
     * Scales the whole gradient down when its Euclidean norm exceeds {@code maxNorm}, as PyTorch's
     * {@code clip_grad_norm_} does: g ← g · maxNorm / (‖g‖ + 1e-6) when that factor is below 1. The clipped
     * gradient's norm is then just under {@code maxNorm}; its direction is unchanged.
     */
    record ByNorm(double maxNorm) implements Clipping {

        public ByNorm {
            if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
                throw new IllegalArgumentException("Invalid maxNorm: " + maxNorm + " (must be > 0)");
            }
        }

        @Override
        public void apply(double[] gradient) {
            double sum = 0;
            for (double g : gradient) {
                sum += g * g;
            }
            double factor = maxNorm / (Math.sqrt(sum) + 1e-6);
            if (factor < 1) {
                for (int i = 0; i < gradient.length; i++) {
                    gradient[i] *= factor;
                }
            }
        }
    }

    /** Clamps every component to [-maxValue, maxValue], as PyTorch's {@code clip_grad_value_} does. */
    record ByValue(double maxValue) implements Clipping {

        public ByValue {
            if (!(maxValue > 0) || Double.isInfinite(maxValue)) {
                throw new IllegalArgumentException("Invalid maxValue: " + maxValue + " (must be > 0)");
            }
        }

        @Override
        public void apply(double[] gradient) {
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] = Math.max(-maxValue, Math.min(maxValue, gradient[i]));
            }
        }
    }

    /** No clipping. */
    record None() implements Clipping {
        @Override
        public void apply(double[] gradient) {
        }
    }
}
