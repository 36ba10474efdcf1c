package dev.descent.engine.schedule;

import dev.descent.engine.param.InvalidHyperparameterException;
import java.util.List;

/**
 * The schedules of PyTorch's {@code lr_scheduler} that are not a decay of the base rate: {@code LinearLR},
 * {@code PolynomialLR}, {@code CosineAnnealingWarmRestarts}, {@code CyclicLR}, {@code OneCycleLR} and
 * {@code SequentialLR}, each written as PyTorch's {@code get_lr} (or closed form) computes it, in the same order of
 * operations. {@code CyclicLR} and {@code OneCycleLR} also give the momentum (or β1) they set before each step.
 */
public final class CyclingSchedules {

    private CyclingSchedules() {
    }

    /**
     * {@code LinearLR}: γ_0 · (startFactor + (endFactor - startFactor) · min(t, totalIters) / totalIters).
     */
    public static LearningRateSchedule linear(double base, double startFactor, double endFactor, int totalIters) {
        Schedules.checkRate(base);
        positive("totalIters", totalIters);
        return t -> base * (startFactor + (endFactor - startFactor) * Math.min(totalIters, t) / totalIters);
    }

    /** {@code PolynomialLR}: γ_0 · (1 - min(t, totalIters) / totalIters)^power. */
    public static LearningRateSchedule polynomial(double base, int totalIters, double power) {
        Schedules.checkRate(base);
        positive("totalIters", totalIters);
        return t -> base * Math.pow(1.0 - (double) Math.min(totalIters, t) / totalIters, power);
    }

    /**
     * {@code CosineAnnealingWarmRestarts}: etaMin + (γ_0 - etaMin)(1 + cos(π T_cur / T_i)) / 2, where the period
     * T_i starts at t0 and is multiplied by tMult at each restart, and T_cur counts the steps since the last one.
     */
    public static LearningRateSchedule cosineWarmRestarts(double base, int t0, int tMult, double etaMin) {
        Schedules.checkRate(base);
        positive("t0", t0);
        positive("tMult", tMult);
        return t -> {
            long current;
            long period = t0;
            if (tMult == 1) {
                current = t % t0;
            } else {
                current = t;
                while (current >= period) {
                    current -= period;
                    period *= tMult;
                }
            }
            return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * current / period)) / 2;
        };
    }

    /** {@code CyclicLR}'s modes: the amplitude's scale per cycle (or per step, for {@code exp_range}). */
    public enum CyclicMode {
        TRIANGULAR("triangular"), TRIANGULAR2("triangular2"), EXP_RANGE("exp_range");

        private final String torchName;

        CyclicMode(String torchName) {
            this.torchName = torchName;
        }

        /** The mode PyTorch calls {@code name}. */
        public static CyclicMode of(String name) {
            for (CyclicMode mode : values()) {
                if (mode.torchName.equals(name)) {
                    return mode;
                }
            }
            throw new InvalidHyperparameterException("mode", "must be one of triangular, triangular2, exp_range, "
                    + "was " + name);
        }

        /** PyTorch's name. */
        public String torchName() {
            return torchName;
        }

        /** All PyTorch's names. */
        public static List<String> names() {
            return List.of("triangular", "triangular2", "exp_range");
        }
    }

    /**
     * {@code CyclicLR}: the rate goes from γ_0 (PyTorch's {@code base_lr}) up to maxLearningRate in stepSizeUp
     * steps and back in stepSizeDown, the amplitude scaled per cycle by 1 (triangular) or 1/2^(cycle-1)
     * (triangular2), or per step by gamma^t (exp_range). The momentum, when cycled, moves the other way between
     * maxMomentum (at the rate's low) and baseMomentum (at its high).
     */
    public static LearningRateSchedule cyclic(double base, double maxLearningRate, int stepSizeUp, int stepSizeDown,
                                              CyclicMode mode, double gamma, boolean cycleMomentum,
                                              double baseMomentum, double maxMomentum) {
        Schedules.checkRate(base);
        Schedules.checkRate(maxLearningRate);
        positive("stepSizeUp", stepSizeUp);
        positive("stepSizeDown", stepSizeDown);
        double totalSize = (double) stepSizeUp + (double) stepSizeDown;
        double stepRatio = stepSizeUp / totalSize;
        return new LearningRateSchedule() {
            /** PyTorch's scale_factor · scale_fn for step t, as get_lr computes it. */
            private double scale(int t, double height) {
                double cycle = Math.floor(1 + t / totalSize);
                double x = 1. + t / totalSize - cycle;
                double scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
                double baseHeight = height * scaleFactor;
                return switch (mode) {
                    case TRIANGULAR -> baseHeight * 1.;
                    case TRIANGULAR2 -> baseHeight * (1 / Math.pow(2., cycle - 1));
                    case EXP_RANGE -> baseHeight * Math.pow(gamma, t);
                };
            }

            @Override
            public double rate(int t) {
                return base + scale(t, maxLearningRate - base);
            }

            @Override
            public double momentum(int t) {
                return cycleMomentum ? maxMomentum - scale(t, maxMomentum - baseMomentum) : Double.NaN;
            }

            @Override
            public boolean cyclesMomentum() {
                return cycleMomentum;
            }
        };
    }

    /**
     * {@code OneCycleLR}: from maxLearningRate / divFactor up to maxLearningRate over the first pctStart of
     * totalSteps, then down to maxLearningRate / divFactor / finalDivFactor (with threePhase, first back to the
     * initial rate, symmetrically, then down), by half cosines or straight lines. The optimizer's learning rate is
     * not used: PyTorch overwrites it with maxLearningRate / divFactor. The momentum, when cycled, goes the other
     * way, between maxMomentum and baseMomentum. Defined for steps 0 to totalSteps - 1 (PyTorch raises past
     * totalSteps).
     */
    public static LearningRateSchedule oneCycle(double maxLearningRate, int totalSteps, double pctStart,
                                                boolean cosine, boolean cycleMomentum, double baseMomentum,
                                                double maxMomentum, double divFactor, double finalDivFactor,
                                                boolean threePhase) {
        Schedules.checkRate(maxLearningRate);
        positive("totalSteps", totalSteps);
        double initial = maxLearningRate / divFactor;
        double min = initial / finalDivFactor;
        double[][] phases = threePhase
                ? new double[][] {
                        {pctStart * totalSteps - 1, initial, maxLearningRate, maxMomentum, baseMomentum},
                        {2 * pctStart * totalSteps - 2, maxLearningRate, initial, baseMomentum, maxMomentum},
                        {totalSteps - 1, initial, min, maxMomentum, maxMomentum}}
                : new double[][] {
                        {pctStart * totalSteps - 1, initial, maxLearningRate, maxMomentum, baseMomentum},
                        {totalSteps - 1, maxLearningRate, min, baseMomentum, maxMomentum}};
        double start = 0;
        for (double[] phase : phases) {
            if (phase[0] - start == 0) {
                throw new InvalidHyperparameterException("pctStart", "makes a phase of the cycle 0 steps long "
                        + "(pctStart × totalSteps = " + pctStart * totalSteps + "; PyTorch divides by zero there)");
            }
            start = phase[0];
        }
        return new LearningRateSchedule() {
            /** Index 0 the rate, 1 the momentum, as get_lr computes them at step t. */
            private double at(int t, int which) {
                double startStep = 0;
                for (int i = 0; i < phases.length; i++) {
                    double endStep = phases[i][0];
                    if (t <= endStep || i == phases.length - 1) {
                        double pct = (t - startStep) / (endStep - startStep);
                        double from = phases[i][1 + 2 * which];
                        double to = phases[i][2 + 2 * which];
                        return cosine ? to + (from - to) / 2.0 * (Math.cos(Math.PI * pct) + 1)
                                : (to - from) * pct + from;
                    }
                    startStep = endStep;
                }
                throw new IllegalStateException("no phase");
            }

            @Override
            public double rate(int t) {
                return at(t, 0);
            }

            @Override
            public double momentum(int t) {
                return cycleMomentum ? at(t, 1) : Double.NaN;
            }

            @Override
            public boolean cyclesMomentum() {
                return cycleMomentum;
            }

            @Override
            public long maxSteps() {
                return totalSteps;
            }
        };
    }

    /**
     * {@code SequentialLR}: {@code schedules[i]} from milestone i - 1 on (the first from step 0), each started
     * afresh at its milestone (PyTorch steps it with epoch 0 there), so its step count is t minus the milestone.
     *
     * @param milestones increasing, at least 1, one fewer than the schedules
     */
    public static LearningRateSchedule sequential(List<LearningRateSchedule> schedules, int[] milestones) {
        if (milestones.length != schedules.size() - 1) {
            throw new InvalidHyperparameterException("milestones", "must have one fewer element than schedules ("
                    + (schedules.size() - 1) + "), had " + milestones.length);
        }
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] < 1 || (i > 0 && milestones[i] <= milestones[i - 1])) {
                throw new InvalidHyperparameterException("milestones", "must be increasing and at least 1, element "
                        + i + " was " + milestones[i]);
            }
        }
        List<LearningRateSchedule> parts = List.copyOf(schedules);
        int[] starts = milestones.clone();
        return t -> {
            int index = 0;
            while (index < starts.length && starts[index] <= t) {
                index++;
            }
            return parts.get(index).rate(index == 0 ? t : t - starts[index - 1]);
        };
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("Invalid " + name + ": " + value + " (must be at least 1)");
        }
    }
}
