package dev.descent.job;

import dev.descent.engine.run.Trajectory;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * Trajectory points as the API writes them (an array of {@code IterateView}s), written straight from flat rows of
 * primitives: {@code iteration, value, gradientNorm, learningRate} and the point, the layout of
 * {@link Trajectory}'s rows. Numbers that are not finite are written as null; the learning rate is left out at the
 * start. Nothing is boxed, so a page or an event of thousands of points costs its doubles, not maps of them.
 */
@JsonSerialize(using = Points.Writer.class)
public final class Points {

    /** Iteration, value, gradient norm and learning rate come before the point in each row. */
    static final int HEAD = 4;

    private final List<String> variables;
    private final double[] rows;
    private final int from;
    private final int to;

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) of {@code rows}, which nobody changes any more. */
    Points(List<String> variables, double[] rows, int from, int to) {
        this.variables = variables;
        this.rows = rows;
        this.from = from;
        this.to = to;
    }

    /** Rows {@code from} to {@code to} of {@code trajectory}, copied out of it. */
    static Points of(List<String> variables, Trajectory trajectory, int from, int to) {
        int width = HEAD + variables.size();
        double[] rows = new double[(to - from) * width];
        for (int i = from; i < to; i++) {
            int at = (i - from) * width;
            rows[at] = trajectory.iteration(i);
            rows[at + 1] = trajectory.value(i);
            rows[at + 2] = trajectory.gradientNorm(i);
            rows[at + 3] = trajectory.learningRate(i);
            for (int j = 0; j < variables.size(); j++) {
                rows[at + HEAD + j] = trajectory.coordinate(i, j);
            }
        }
        return new Points(variables, rows, 0, to - from);
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
            double[] rows = points.rows;
            gen.writeStartArray(points, points.size());
            for (int i = points.from; i < points.to; i++) {
                int at = i * width;
                gen.writeStartObject();
                gen.writeNumberProperty("iteration", (int) rows[at]);
                gen.writeName("point");
                gen.writeStartObject();
                for (int j = 0; j < points.variables.size(); j++) {
                    gen.writeName(points.variables.get(j));
                    number(gen, rows[at + HEAD + j]);
                }
                gen.writeEndObject();
                gen.writeName("value");
                number(gen, rows[at + 1]);
                gen.writeName("gradientNorm");
                number(gen, rows[at + 2]);
                if (Double.isFinite(rows[at + 3])) {
                    gen.writeNumberProperty("learningRate", rows[at + 3]);
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
        }

        private static void number(JsonGenerator gen, double value) {
            if (Double.isFinite(value)) {
                gen.writeNumber(value);
            } else {
                gen.writeNull();
            }
        }
    }
}
