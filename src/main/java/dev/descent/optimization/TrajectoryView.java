package dev.descent.optimization;

import dev.descent.engine.run.Trajectory;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * Rows of a recorded trajectory as the API writes them: an array of {@link IterateView}s, streamed row by row from
 * the engine's primitive rows to the response, never copied into objects first. A 100,000-point answer holds
 * 100,000 × (dimension + 4) doubles, not as many maps of boxed numbers.
 */
@JsonSerialize(using = TrajectoryView.Writer.class)
public final class TrajectoryView {

    private final List<String> variables;
    private final Trajectory trajectory;
    private final int from;
    private final int to;

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) of {@code trajectory}. */
    public TrajectoryView(List<String> variables, Trajectory trajectory, int from, int to) {
        if (from < 0 || to > trajectory.size() || from > to) {
            throw new IndexOutOfBoundsException("rows " + from + " to " + to + " of " + trajectory.size());
        }
        this.variables = List.copyOf(variables);
        this.trajectory = trajectory;
        this.from = from;
        this.to = to;
    }

    /** Every row of {@code trajectory}. */
    public TrajectoryView(List<String> variables, Trajectory trajectory) {
        this(variables, trajectory, 0, trajectory.size());
    }

    /** How many points this view writes. */
    public int size() {
        return to - from;
    }

    /**
     * Writes row {@code i} of {@code trajectory} as one {@link IterateView}: {@code iteration}, {@code point} by
     * variable name, {@code value}, {@code gradientNorm} and, after the start, {@code learningRate}; numbers that
     * are not finite as null.
     */
    public static void writeIterate(JsonGenerator gen, List<String> variables, Trajectory trajectory, int i) {
        gen.writeStartObject();
        gen.writeNumberProperty("iteration", trajectory.iteration(i));
        gen.writeName("point");
        gen.writeStartObject();
        for (int j = 0; j < variables.size(); j++) {
            gen.writeName(variables.get(j));
            writeNumber(gen, trajectory.coordinate(i, j));
        }
        gen.writeEndObject();
        gen.writeName("value");
        writeNumber(gen, trajectory.value(i));
        gen.writeName("gradientNorm");
        writeNumber(gen, trajectory.gradientNorm(i));
        double learningRate = trajectory.learningRate(i);
        if (Double.isFinite(learningRate)) {
            gen.writeNumberProperty("learningRate", learningRate);
        }
        gen.writeEndObject();
    }

    /** A number, or null when it is not finite (JSON has no NaN or Infinity). */
    static void writeNumber(JsonGenerator gen, double value) {
        if (Double.isFinite(value)) {
            gen.writeNumber(value);
        } else {
            gen.writeNull();
        }
    }

    static final class Writer extends ValueSerializer<TrajectoryView> {
        @Override
        public void serialize(TrajectoryView view, JsonGenerator gen, SerializationContext context) {
            gen.writeStartArray(view, view.size());
            for (int i = view.from; i < view.to; i++) {
                writeIterate(gen, view.variables, view.trajectory, i);
            }
            gen.writeEndArray();
        }
    }
}
