package dev.descent.engine.schedule;

import java.util.Arrays;

/**
 * Factories for the learning-rate schedules, each the closed form of its {@code torch.optim.lr_scheduler}
 * counterpart (PyTorch computes several recursively; the two agree to rounding), scikit-learn's
 * {@code invscaling}, and a linear warmup that multiplies any of them. γ_0 is the optimizer's learning rate.
 */
public final class Schedules {

    private Schedules() {
    }

    /** {@code StepLR}: γ_0 · gamma^⌊t / stepSize⌋. */
    public static LearningRateSchedule step(double base, int stepSize, double gamma) {
        checkRate(base);
        positive("stepSize", stepSize);
        nonNegative("gamma", gamma);
        return t -> base * Math.pow(gamma, t / stepSize);
    }

    /** {@code MultiStepLR}: γ_0 · gamma^(number of milestones ≤ t). */
    public static LearningRateSchedule multiStep(double base, int[] milestones, double gamma) {
        checkRate(base);
        nonNegative("gamma", gamma);
        int[] sorted = milestones.clone();
        Arrays.sort(sorted);
        for (int milestone : sorted) {
            positive("milestones", milestone);
        }
        return t -> {
            int passed = 0;
            while (passed < sorted.length && sorted[passed] <= t) {
                passed++;
            }
            return base * Math.pow(gamma, passed);
        };
    }

    /** {@code ExponentialLR}: γ_0 · gamma^t. */
    public static LearningRateSchedule exponential(double base, double gamma) {
        checkRate(base);
        nonNegative("gamma", gamma);
        return t -> base * Math.pow(gamma, t);
    }

    /** scikit-learn's {@code invscaling}: γ_0 / (t + 1)^power (scikit-learn counts t from 1). */
    public static LearningRateSchedule inverseTime(double base, double power) {
        checkRate(base);
        nonNegative("power", power);
        return t -> base / Math.pow(t + 1, power);
    }

    /**
     * {@code CosineAnnealingLR}: etaMin + (γ_0 - etaMin)(1 + cos(π t / tMax)) / 2. Past tMax it rises again,
     * with period 2 tMax, as PyTorch's does.
     */
    public static LearningRateSchedule cosine(double base, int tMax, double etaMin) {
        checkRate(base);
        positive("tMax", tMax);
        nonNegative("etaMin", etaMin);
        return t -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
    }

    /**
     * A linear warmup in front of {@code inner}: the rate is multiplied by a factor rising linearly from
     * {@code startFactor} at t = 0 to 1 at t = steps, and 1 after ({@code LinearLR(startFactor, 1, steps)}, as
     * PyTorch's {@code ChainedScheduler} composes it with step, multiStep, exponential and cosine with etaMin = 0).
     */
    public static LearningRateSchedule warmup(LearningRateSchedule inner, int steps, double startFactor) {
        positive("warmup.steps", steps);
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("Invalid warmup.startFactor: " + startFactor + " (must be in (0, 1])");
        }
        return new LearningRateSchedule() {
            @Override
            public double rate(int t) {
                double factor = startFactor + (1 - startFactor) * Math.min(t, steps) / steps;
                return factor * inner.rate(t);
            }

            @Override
            public void observe(int step, double value) {
                inner.observe(step, value);
            }

            @Override
            public double[] save() {
                return inner.save();
            }

            @Override
            public void restore(double[] saved) {
                inner.restore(saved);
            }
        };
    }

    /**
     * {@code ReduceLROnPlateau} in mode min with a relative threshold: after more than {@code patience} updates
     * without f falling below best · (1 - threshold), the rate is multiplied by {@code factor}. As in PyTorch, a
     * reduction smaller than 1e-8 is skipped. A new instance serves one run.
     */
    public static LearningRateSchedule reduceOnPlateau(double base, double factor, int patience, double threshold) {
        checkRate(base);
        if (!(factor >= 0 && factor < 1)) {
            throw new IllegalArgumentException("Invalid factor: " + factor + " (must be in [0, 1))");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("Invalid patience: " + patience);
        }
        nonNegative("threshold", threshold);
        return new Plateau(base, factor, patience, threshold);
    }

    private static final class Plateau implements LearningRateSchedule {
        /** PyTorch's {@code eps}: reductions of less than this are not made. */
        private static final double MIN_REDUCTION = 1e-8;

        private final double factor;
        private final int patience;
        private final double threshold;
        private double rate;
        private double best = Double.POSITIVE_INFINITY;
        private int badSteps;

        Plateau(double base, double factor, int patience, double threshold) {
            this.rate = base;
            this.factor = factor;
            this.patience = patience;
            this.threshold = threshold;
        }

        @Override
        public double rate(int step) {
            return rate;
        }

        @Override
        public void observe(int step, double value) {
            if (value < best * (1 - threshold)) {
                best = value;
                badSteps = 0;
            } else {
                badSteps++;
            }
            if (badSteps > patience) {
                double reduced = rate * factor;
                if (rate - reduced > MIN_REDUCTION) {
                    rate = reduced;
                }
                badSteps = 0;
            }
        }

        /** {rate, best, bad steps}: the count is exact as a double. */
        @Override
        public double[] save() {
            return new double[] {rate, best, badSteps};
        }

        @Override
        public void restore(double[] saved) {
            if (saved.length != 3 || saved[2] != (int) saved[2] || saved[2] < 0) {
                throw new IllegalArgumentException("Not the state of reduce-on-plateau: " + saved.length
                        + " numbers");
            }
            rate = saved[0];
            best = saved[1];
            badSteps = (int) saved[2];
        }
    }

    static void checkRate(double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("Invalid learning rate: " + rate);
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("Invalid " + name + ": " + value + " (must be at least 1)");
        }
    }

    private static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("Invalid " + name + ": " + value + " (must be a finite number >= 0)");
        }
    }
}
