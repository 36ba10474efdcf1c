package dev.descent.engine.run;

import dev.descent.engine.optim.Quantity;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The quantities of the updates a run was asked to explain ({@link ExplainRange}), in order: per update the
 * learning rate it was given and, per coordinate, every {@link Quantity} of the update rule's algorithm box that
 * the rule and its settings have, as {@code Optimizer.explainStep} computed them (the very numbers of the run,
 * not a recomputation). Immutable.
 *
 * @param updates the explained updates, in order; empty when none was asked for
 */
public record Explanation(List<Update> updates) {

    /** Nothing explained. */
    public static final Explanation NONE = new Explanation(List.of());

    public Explanation {
        updates = List.copyOf(updates);
    }

    /** How many numbers it holds. */
    public long numbers() {
        long numbers = 0;
        for (Update update : updates) {
            numbers += 3;
            for (double[] values : update.values) {
                numbers += values == null ? 0 : values.length;
            }
        }
        return numbers;
    }

    /**
     * One explained update: the one that made iterate {@code iteration} (t in the algorithm box).
     *
     * @param iteration    t, the update's number (the first update is 1)
     * @param learningRate γ, the schedule's rate for it (or the rate a line search chose)
     * @param clipScale    ‖clipped g‖ / ‖g‖ when clipping is on (1 when it left g alone), NaN when it is off
     * @param values       per {@link Quantity} (by ordinal) its values per coordinate, null where the update does
     *                     not have that quantity
     */
    public record Update(int iteration, double learningRate, double clipScale, double[][] values) {

        public Update {
            if (values.length != Quantity.values().length) {
                throw new IllegalArgumentException("One entry per quantity, not " + values.length);
            }
            double[][] copy = new double[values.length][];
            for (int q = 0; q < values.length; q++) {
                copy[q] = values[q] == null ? null : values[q].clone();
            }
            values = copy;
        }

        /** The quantities this update has, in {@link Quantity}'s order. */
        public Set<Quantity> quantities() {
            Set<Quantity> present = EnumSet.noneOf(Quantity.class);
            for (Quantity quantity : Quantity.values()) {
                if (values[quantity.ordinal()] != null) {
                    present.add(quantity);
                }
            }
            return present;
        }

        /** Whether it has {@code quantity}. */
        public boolean has(Quantity quantity) {
            return values[quantity.ordinal()] != null;
        }

        /**
         * A copy of {@code quantity}'s values, one per coordinate.
         *
         * @throws IllegalArgumentException when this update has no such quantity
         */
        public double[] get(Quantity quantity) {
            double[] found = values[quantity.ordinal()];
            if (found == null) {
                throw new IllegalArgumentException("Update " + iteration + " has no " + quantity.key());
            }
            return found.clone();
        }

        /** Coordinate {@code coordinate} of {@code quantity}. */
        public double get(Quantity quantity, int coordinate) {
            return get(quantity)[coordinate];
        }

        @Override
        public double[][] values() {
            double[][] copy = new double[values.length][];
            for (int q = 0; q < values.length; q++) {
                copy[q] = values[q] == null ? null : values[q].clone();
            }
            return copy;
        }

        /** Equal when every number is, by its bits. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Update that && iteration == that.iteration
                    && Double.compare(learningRate, that.learningRate) == 0
                    && Double.compare(clipScale, that.clipScale) == 0 && Arrays.deepEquals(values, that.values);
        }

        @Override
        public int hashCode() {
            return 31 * iteration + Arrays.deepHashCode(values);
        }

        @Override
        public String toString() {
            return "Update[" + iteration + ", learningRate=" + learningRate + ", " + quantities() + "]";
        }
    }
}
