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
     * Writes one row of iterates, laid out as {@link Trajectory}'s rows ({@code iteration, value, gradientNorm,
     * learningRate}, then the point), as one {@link IterateView}: {@code iteration}, {@code point} by variable name,
     * {@code value}, {@code gradientNorm} and, after the start, {@code learningRate}; numbers that are not finite
     * as null. The one place an iterate's JSON is written from primitives.
     */
    public static void writeRow(JsonGenerator gen, List<String> variables, double[] rows, int at) {
        gen.writeStartObject();
        gen.writeNumberProperty("iteration", (int) rows[at]);
        gen.writeName("point");
        gen.writeStartObject();
        for (int j = 0; j < variables.size(); j++) {
            gen.writeName(variables.get(j));
            writeNumber(gen, rows[at + 4 + j]);
        }
        gen.writeEndObject();
        gen.writeName("value");
        writeNumber(gen, rows[at + 1]);
        gen.writeName("gradientNorm");
        writeNumber(gen, rows[at + 2]);
        if (Double.isFinite(rows[at + 3])) {
            gen.writeNumberProperty("learningRate", rows[at + 3]);
        }
        gen.writeEndObject();
    }

    /** A number, or null when it is not finite (JSON has no NaN or Infinity). */
    public static void writeNumber(JsonGenerator gen, double value) {
        if (Double.isFinite(value)) {
            gen.writeNumber(value);
        } else {
            gen.writeNull();
        }
    }

    static final class Writer extends ValueSerializer<TrajectoryView> {
        @Override
        public void serialize(TrajectoryView view, JsonGenerator gen, SerializationContext context) {
            double[] row = new double[Trajectory.rowWidth(view.variables.size())];
            gen.writeStartArray(view, view.size());
            for (int i = view.from; i < view.to; i++) {
                view.trajectory.copyRow(i, row, 0);
                writeRow(gen, view.variables, row, 0);
            }
            gen.writeEndArray();
        }
    }
}
