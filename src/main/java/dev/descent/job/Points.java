package dev.descent.job;

import dev.descent.engine.run.Trajectory;
import dev.descent.optimization.TrajectoryView;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * Trajectory points as the API writes them (an array of {@code IterateView}s), written straight from flat rows of
 * primitives ({@link TrajectoryView#writeRow}): {@code iteration, value, gradientNorm, learningRate} and the point,
 * the layout of {@link Trajectory}'s rows. Numbers that are not finite are written as null; the learning rate is left out at the
 * start; under a schedule that cycles the momentum, each point after the start carries its update's momentum (or β1).
 * Nothing is boxed, so a page or an event of thousands of points costs its doubles, not maps of them.
 */
@JsonSerialize(using = Points.Writer.class)
public final class Points {

    /** Iteration, value, gradient norm and learning rate come before the point in each row. */
    static final int HEAD = 4;

    private final List<String> variables;
    private final double[] rows;
    private final int from;
    private final int to;
    /** The momentum of an iteration's update, or null when the run's schedule does not cycle it. */
    private final IntToDoubleFunction momentum;

    /**
     * Rows {@code from} (inclusive) to {@code to} (exclusive) of {@code rows}, which nobody changes any more, with the
     * momentum of each point's update when {@code momentum} is not null.
     */
    Points(List<String> variables, double[] rows, int from, int to, IntToDoubleFunction momentum) {
        this.variables = variables;
        this.rows = rows;
        this.from = from;
        this.to = to;
        this.momentum = momentum;
    }

    /** How many points there are. */
    int size() {
        return to - from;
    }

    /** The iteration of point {@code k} (from 0). */
    int iteration(int k) {
        return (int) rows[(from + k) * (HEAD + variables.size())];
    }

    static final class Writer extends ValueSerializer<Points> {
        @Override
        public void serialize(Points points, JsonGenerator gen, SerializationContext context) {
            int width = HEAD + points.variables.size();
            SerializableString[] names = TrajectoryView.names(points.variables);
            gen.writeStartArray(points, points.size());
            for (int i = points.from; i < points.to; i++) {
                TrajectoryView.writeRow(gen, names, points.rows, i * width, points.momentum);
            }
            gen.writeEndArray();
        }
    }
}
