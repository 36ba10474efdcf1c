package dev.descent.engine.optim;

/**
 * β^t for the bias corrections of Adam and its kin ({@code 1 - β^t} at step t): {@code Math.pow(β, t)}, the same
 * double, read from a table for PyTorch's default betas (0.9 and 0.999, those of Adam, AdamW, Adamax, NAdam and
 * RAdam) and the first {@value #STEPS} steps. A call of {@code Math.pow} costs some 25 ns, and two of them were half
 * of the time of a two-variable Adam step; each table is made once, by {@code Math.pow} itself (128 kB, some 0.4 ms,
 * on the first use of its beta), so a run's iterates are those of the calls to the last bit ({@code PowersTests}).
 */
public final class Powers {

    /** The steps the tables cover: t from 0 to this less 1. */
    static final int STEPS = 1 << 14;

    private Powers() {
    }

    /** {@code Math.pow(base, t)}, from a table when there is one for {@code base} and t. */
    public static double of(double base, int t) {
        if (t >= 0 && t < STEPS) {
            if (base == 0.9) {
                return Nine.POWERS[t];
            }
            if (base == 0.999) {
                return ThreeNines.POWERS[t];
            }
        }
        return Math.pow(base, t);
    }

    private static double[] table(double base) {
        double[] powers = new double[STEPS];
        for (int t = 0; t < STEPS; t++) {
            powers[t] = Math.pow(base, t);
        }
        return powers;
    }

    /** 0.9^t, made when first read. */
    private static final class Nine {
        static final double[] POWERS = table(0.9);
    }

    /** 0.999^t, made when first read. */
    private static final class ThreeNines {
        static final double[] POWERS = table(0.999);
    }
}
