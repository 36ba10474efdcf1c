package dev.descent.optimization;

import dev.descent.engine.run.Trajectory;
import dev.descent.system.DoubleText;
import dev.descent.system.JsonText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.commons.csv.CSVFormat;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.NumberOutput;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A recorded trajectory as the API writes it, streamed from the engine's primitive rows to the response, never copied
 * into objects first (a 100,000-point answer holds 100,000 × (dimension + 4) doubles, not as many maps of boxed
 * numbers). In JSON it is an array of {@link IterateView}s ({@link TrajectoryLayout#ROWS}) or one object of arrays
 * ({@link TrajectoryLayout#COLUMNS}, {@link TrajectoryColumns}); as a table ({@link #writeCsv}, {@link #writeNdjson})
 * one flat row per iterate.
 */
@JsonSerialize(using = TrajectoryView.Writer.class)
public final class TrajectoryView {

    private static final String ITERATION = "iteration";
    private static final String VALUE = "value";
    private static final String GRADIENT_NORM = "gradientNorm";
    private static final String LEARNING_RATE = "learningRate";
    private static final String MOMENTUM = "momentum";
    // The names of a row's members, encoded once: written a row at a time, each would be escaped and encoded again.
    private static final SerializableString ITERATION_NAME = new SerializedString(ITERATION);
    private static final SerializableString POINT_NAME = new SerializedString("point");
    private static final SerializableString VALUE_NAME = new SerializedString(VALUE);
    private static final SerializableString GRADIENT_NORM_NAME = new SerializedString(GRADIENT_NORM);
    private static final SerializableString LEARNING_RATE_NAME = new SerializedString(LEARNING_RATE);
    private static final SerializableString MOMENTUM_NAME = new SerializedString(MOMENTUM);
    // The same names as bytes, for a row written as one text (JsonText).
    private static final byte[] ITERATION_BYTES = ITERATION_NAME.asQuotedUTF8();
    private static final byte[] POINT_BYTES = POINT_NAME.asQuotedUTF8();
    private static final byte[] VALUE_BYTES = VALUE_NAME.asQuotedUTF8();
    private static final byte[] GRADIENT_NORM_BYTES = GRADIENT_NORM_NAME.asQuotedUTF8();
    private static final byte[] LEARNING_RATE_BYTES = LEARNING_RATE_NAME.asQuotedUTF8();
    private static final byte[] MOMENTUM_BYTES = MOMENTUM_NAME.asQuotedUTF8();

    private final List<String> variables;
    private final Trajectory trajectory;
    private final int from;
    private final int to;
    private final TrajectoryLayout layout;
    /**
     * The momentum (or β1) of the update that led to the point of an iteration, for a run whose schedule cycles it;
     * null for every other run, whose points carry none.
     */
    private final IntToDoubleFunction momentum;

    /**
     * Rows {@code from} (inclusive) to {@code to} (exclusive) of {@code trajectory}, in JSON in {@code layout}; each
     * point after the start carries {@code momentum} of its iteration beside its learning rate, unless that is null.
     */
    public TrajectoryView(List<String> variables, Trajectory trajectory, int from, int to, TrajectoryLayout layout,
                          IntToDoubleFunction momentum) {
        if (from < 0 || to > trajectory.size() || from > to) {
            throw new IndexOutOfBoundsException("rows " + from + " to " + to + " of " + trajectory.size());
        }
        this.variables = List.copyOf(variables);
        this.trajectory = trajectory;
        this.from = from;
        this.to = to;
        this.layout = layout;
        this.momentum = momentum;
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) of {@code trajectory}, in JSON in {@code layout}. */
    public TrajectoryView(List<String> variables, Trajectory trajectory, int from, int to, TrajectoryLayout layout) {
        this(variables, trajectory, from, to, layout, null);
    }

    /** Every row of {@code trajectory}, in JSON in {@code layout}. */
    public TrajectoryView(List<String> variables, Trajectory trajectory, TrajectoryLayout layout) {
        this(variables, trajectory, 0, trajectory.size(), layout);
    }

    /** Every row of {@code trajectory}, in JSON as rows. */
    public TrajectoryView(List<String> variables, Trajectory trajectory) {
        this(variables, trajectory, TrajectoryLayout.ROWS);
    }

    /** How many points this view writes. */
    public int size() {
        return to - from;
    }

    /**
     * Writes one row of iterates, laid out as {@link Trajectory}'s rows ({@code iteration, value, gradientNorm,
     * learningRate}, then the point), as one {@link IterateView}: {@code iteration}, {@code point} by variable name
     * ({@code variables}, encoded by {@link #names}), {@code value}, {@code gradientNorm} and, after the start,
     * {@code learningRate}, then the point's {@code momentum} unless that is null; numbers that are not finite as
     * null. The one place an iterate's JSON is written from primitives.
     */
    public static void writeRow(JsonGenerator gen, SerializableString[] variables, double[] rows, int at,
                                IntToDoubleFunction momentum) {
        if (gen.getPrettyPrinter() == null) {
            // Compact: the row's text made here and given to the generator in one call, the same bytes.
            JsonText text = JsonText.empty().append('{').name(ITERATION_BYTES).integer((int) rows[at])
                    .append(',').name(POINT_BYTES).append('{');
            for (int j = 0; j < variables.length; j++) {
                if (j > 0) {
                    text.append(',');
                }
                text.name(variables[j].asQuotedUTF8()).number(rows[at + 4 + j]);
            }
            text.append('}').append(',').name(VALUE_BYTES).number(rows[at + 1])
                    .append(',').name(GRADIENT_NORM_BYTES).number(rows[at + 2]);
            if (Double.isFinite(rows[at + 3])) {
                text.append(',').name(LEARNING_RATE_BYTES).repeating(rows[at + 3]);
            }
            appendMomentum(text, momentum, (int) rows[at]);
            gen.writeRawValue(text.append('}'));
            return;
        }
        DoubleText.Numbers numbers = DoubleText.numbers();
        gen.writeStartObject();
        gen.writeName(ITERATION_NAME);
        gen.writeNumber((int) rows[at]);
        gen.writeName(POINT_NAME);
        gen.writeStartObject();
        for (int j = 0; j < variables.length; j++) {
            gen.writeName(variables[j]);
            writeNumber(gen, numbers, rows[at + 4 + j]);
        }
        gen.writeEndObject();
        gen.writeName(VALUE_NAME);
        writeNumber(gen, numbers, rows[at + 1]);
        gen.writeName(GRADIENT_NORM_NAME);
        writeNumber(gen, numbers, rows[at + 2]);
        if (Double.isFinite(rows[at + 3])) {
            gen.writeName(LEARNING_RATE_NAME);
            writeNumber(gen, numbers, rows[at + 3]);
        }
        writeMomentum(gen, numbers, momentum, (int) rows[at]);
        gen.writeEndObject();
    }

    /** {@link #writeMomentum} into a row's text. */
    private static void appendMomentum(JsonText text, IntToDoubleFunction momentum, int iteration) {
        if (momentum != null && iteration > 0) {
            text.append(',').name(MOMENTUM_BYTES).number(momentum.applyAsDouble(iteration));
        }
    }

    /** The momentum of the point of {@code iteration}, when there is one: never at the start, as the learning rate. */
    private static void writeMomentum(JsonGenerator gen, DoubleText.Numbers numbers, IntToDoubleFunction momentum,
                                      int iteration) {
        if (momentum != null && iteration > 0) {
            gen.writeName(MOMENTUM_NAME);
            writeNumber(gen, numbers, momentum.applyAsDouble(iteration));
        }
    }

    /**
     * {@link #writeRow} with the members in ascending order of their names, the point's variables too: the canonical
     * JSON of a receipt's hash ({@link CanonicalJson}). {@code sortedVariables} are the indices of {@code variables}
     * in ascending order of their names ({@link #sortedIndices}).
     */
    static void writeSortedRow(JsonGenerator gen, SerializableString[] variables, int[] sortedVariables,
                               double[] rows, int at, IntToDoubleFunction momentum) {
        if (gen.getPrettyPrinter() == null) {
            JsonText text = JsonText.empty().append('{').name(GRADIENT_NORM_BYTES).number(rows[at + 2])
                    .append(',').name(ITERATION_BYTES).integer((int) rows[at]);
            if (Double.isFinite(rows[at + 3])) {
                text.append(',').name(LEARNING_RATE_BYTES).repeating(rows[at + 3]);
            }
            appendMomentum(text, momentum, (int) rows[at]);
            text.append(',').name(POINT_BYTES).append('{');
            for (int k = 0; k < sortedVariables.length; k++) {
                if (k > 0) {
                    text.append(',');
                }
                int j = sortedVariables[k];
                text.name(variables[j].asQuotedUTF8()).number(rows[at + 4 + j]);
            }
            text.append('}').append(',').name(VALUE_BYTES).number(rows[at + 1]);
            gen.writeRawValue(text.append('}'));
            return;
        }
        DoubleText.Numbers numbers = DoubleText.numbers();
        gen.writeStartObject();
        gen.writeName(GRADIENT_NORM_NAME);
        writeNumber(gen, numbers, rows[at + 2]);
        gen.writeName(ITERATION_NAME);
        gen.writeNumber((int) rows[at]);
        if (Double.isFinite(rows[at + 3])) {
            gen.writeName(LEARNING_RATE_NAME);
            writeNumber(gen, numbers, rows[at + 3]);
        }
        writeMomentum(gen, numbers, momentum, (int) rows[at]);
        gen.writeName(POINT_NAME);
        gen.writeStartObject();
        for (int j : sortedVariables) {
            gen.writeName(variables[j]);
            writeNumber(gen, numbers, rows[at + 4 + j]);
        }
        gen.writeEndObject();
        gen.writeName(VALUE_NAME);
        writeNumber(gen, numbers, rows[at + 1]);
        gen.writeEndObject();
    }

    /** {@code names}, each encoded once for {@link #writeRow}. */
    public static SerializableString[] names(List<String> names) {
        SerializableString[] encoded = new SerializableString[names.size()];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = new SerializedString(names.get(i));
        }
        return encoded;
    }

    /** The indices of {@code names} in ascending order of the names. */
    static int[] sortedIndices(List<String> names) {
        return IntStream.range(0, names.size()).boxed().sorted(Comparator.comparing(names::get))
                .mapToInt(Integer::intValue).toArray();
    }

    /** A number, or null when it is not finite (JSON has no NaN or Infinity). */
    public static void writeNumber(JsonGenerator gen, double value) {
        if (Double.isFinite(value)) {
            DoubleText.writeNumber(gen, value);
        } else {
            gen.writeNull();
        }
    }

    /** {@link #writeNumber(JsonGenerator, double)} by this thread's {@code numbers} ({@link DoubleText#numbers}). */
    private static void writeNumber(JsonGenerator gen, DoubleText.Numbers numbers, double value) {
        if (Double.isFinite(value)) {
            numbers.write(gen, value);
        } else {
            gen.writeNull();
        }
    }

    /** The variables, in the order of each point. */
    public List<String> variables() {
        return variables;
    }

    /**
     * The header of the table: iteration, the variables in order, value, gradientNorm, learningRate, and momentum
     * when the run's schedule cycles it.
     */
    static List<String> columns(List<String> variables, boolean momentum) {
        List<String> names = new ArrayList<>(variables.size() + 5);
        names.add(ITERATION);
        names.addAll(variables);
        names.add(VALUE);
        names.add(GRADIENT_NORM);
        names.add(LEARNING_RATE);
        if (momentum) {
            names.add(MOMENTUM);
        }
        return names;
    }

    /** The CSV header line of a trajectory of {@code variables} (names quoted where RFC 4180 asks), ending in "\n". */
    static String csvHeader(List<String> variables, boolean momentum) {
        return CSVFormat.RFC4180.format(columns(variables, momentum).toArray()) + "\n";
    }

    /** Whether the points carry a momentum. */
    boolean hasMomentum() {
        return momentum != null;
    }

    /** The momentum of row {@code i}'s point: NaN at the start. */
    private double momentum(int i) {
        int iteration = trajectory.iteration(i);
        return iteration == 0 ? Double.NaN : momentum.applyAsDouble(iteration);
    }

    /**
     * Writes the rows as CSV (RFC 4180, lines ending in {@code \n}): the header {@link #csvHeader}, then one line per
     * iterate with the numbers as JSON writes them; a number that is not finite (the start's learning rate, a
     * DIVERGED run's last values) is an empty field, which pandas reads as NaN.
     */
    void writeCsv(OutputStream out) throws IOException {
        Ascii line = new Ascii(out);
        line.append(csvHeader(variables, momentum != null));
        int width = Trajectory.rowWidth(variables.size());
        double[] row = new double[width];
        for (int i = from; i < to; i++) {
            trajectory.copyRow(i, row, 0);
            line.integer((int) row[0]);
            for (int j = 0; j < variables.size(); j++) {
                line.append(',');
                line.number(row[4 + j]);
            }
            line.append(',');
            line.number(row[1]);
            line.append(',');
            line.number(row[2]);
            line.append(',');
            line.repeating(row[3]);
            if (momentum != null) {
                line.append(',');
                line.number(momentum(i));
            }
            line.append('\n');
        }
        line.flush();
    }

    /**
     * Writes the rows as newline-delimited JSON: one object per iterate and line, with the members of
     * {@link #columns} in that order, each always present; a number that is not finite (the start's learning rate)
     * is null. {@code gen} writes nothing between root values; this writes the newlines.
     */
    void writeNdjson(JsonGenerator gen) {
        double[] row = new double[Trajectory.rowWidth(variables.size())];
        SerializableString[] names = names(variables);
        DoubleText.Numbers numbers = DoubleText.numbers();
        for (int i = from; i < to; i++) {
            trajectory.copyRow(i, row, 0);
            gen.writeStartObject();
            gen.writeName(ITERATION_NAME);
            gen.writeNumber((int) row[0]);
            for (int j = 0; j < names.length; j++) {
                gen.writeName(names[j]);
                writeNumber(gen, numbers, row[4 + j]);
            }
            gen.writeName(VALUE_NAME);
            writeNumber(gen, numbers, row[1]);
            gen.writeName(GRADIENT_NORM_NAME);
            writeNumber(gen, numbers, row[2]);
            gen.writeName(LEARNING_RATE_NAME);
            writeNumber(gen, numbers, row[3]);
            if (momentum != null) {
                gen.writeName(MOMENTUM_NAME);
                writeNumber(gen, numbers, momentum(i));
            }
            gen.writeEndObject();
            gen.writeRaw('\n');
        }
        gen.flush();
    }

    /** Writes the columns layout: an array per quantity, each a pass over the rows. */
    private void writeColumns(JsonGenerator gen) {
        gen.writeStartObject(this);
        gen.writeName(ITERATION);
        gen.writeStartArray(null, size());
        for (int i = from; i < to; i++) {
            gen.writeNumber(trajectory.iteration(i));
        }
        gen.writeEndArray();
        gen.writeName("point");
        gen.writeStartObject();
        for (int j = 0; j < variables.size(); j++) {
            int coordinate = j;
            writeColumn(gen, variables.get(j), i -> trajectory.coordinate(i, coordinate));
        }
        gen.writeEndObject();
        writeColumn(gen, VALUE, trajectory::value);
        writeColumn(gen, GRADIENT_NORM, trajectory::gradientNorm);
        writeColumn(gen, LEARNING_RATE, trajectory::learningRate);
        if (momentum != null) {
            writeColumn(gen, MOMENTUM, this::momentum);
        }
        gen.writeEndObject();
    }

    /** {@link #writeColumns} with the members in ascending order of their names ({@link #writeSortedRow}). */
    private void writeSortedColumns(JsonGenerator gen) {
        gen.writeStartObject(this);
        writeColumn(gen, GRADIENT_NORM, trajectory::gradientNorm);
        gen.writeName(ITERATION);
        gen.writeStartArray(null, size());
        for (int i = from; i < to; i++) {
            gen.writeNumber(trajectory.iteration(i));
        }
        gen.writeEndArray();
        writeColumn(gen, LEARNING_RATE, trajectory::learningRate);
        if (momentum != null) {
            writeColumn(gen, MOMENTUM, this::momentum);
        }
        gen.writeName("point");
        gen.writeStartObject();
        for (int j : sortedIndices(variables)) {
            int coordinate = j;
            writeColumn(gen, variables.get(j), i -> trajectory.coordinate(i, coordinate));
        }
        gen.writeEndObject();
        writeColumn(gen, VALUE, trajectory::value);
        gen.writeEndObject();
    }

    /** One column of numbers: {@code name}, then the rows' {@code column} as an array (null where not finite). */
    private void writeColumn(JsonGenerator gen, String name, IntToDoubleFunction column) {
        gen.writeName(name);
        gen.writeStartArray(null, size());
        DoubleText.Numbers numbers = DoubleText.numbers();
        for (int i = from; i < to; i++) {
            writeNumber(gen, numbers, column.applyAsDouble(i));
        }
        gen.writeEndArray();
    }

    static final class Writer extends ValueSerializer<TrajectoryView> {
        @Override
        public void serialize(TrajectoryView view, JsonGenerator checked, SerializationContext context) {
            boolean sorted = CanonicalJson.sorted(context);
            // Sorted here by construction: no name compared with the one before it (CanonicalAnswerTests recompute
            // the hashes from the answers).
            JsonGenerator gen = sorted ? CanonicalJson.unchecked(checked) : checked;
            if (view.layout == TrajectoryLayout.COLUMNS) {
                if (sorted) {
                    view.writeSortedColumns(gen);
                } else {
                    view.writeColumns(gen);
                }
                return;
            }
            double[] row = new double[Trajectory.rowWidth(view.variables.size())];
            int[] sortedVariables = sorted ? sortedIndices(view.variables) : null;
            SerializableString[] names = names(view.variables);
            gen.writeStartArray(view, view.size());
            for (int i = view.from; i < view.to; i++) {
                view.trajectory.copyRow(i, row, 0);
                if (sorted) {
                    writeSortedRow(gen, names, sortedVariables, row, 0, view.momentum);
                } else {
                    writeRow(gen, names, row, 0, view.momentum);
                }
            }
            gen.writeEndArray();
        }
    }

    /**
     * Text of ASCII characters into a byte buffer of its own, passed on to the stream when full: a table is written
     * a field at a time, and the response's stream is slow to call per field.
     */
    private static final class Ascii {
        private final OutputStream out;
        private final byte[] buffer = new byte[16 * 1024];
        private final DoubleText.Kept rate = new DoubleText.Kept();
        private int size;

        Ascii(OutputStream out) {
            this.out = out;
        }

        void append(char c) throws IOException {
            if (size == buffer.length) {
                drain();
            }
            buffer[size++] = (byte) c;
        }

        void append(String text) throws IOException {
            if (text.length() > buffer.length - size) {
                drain();
                if (text.length() > buffer.length) {
                    out.write(text.getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            int start = size;
            for (int k = 0; k < text.length(); k++) {
                char c = text.charAt(k);
                if (c >= 0x80) {
                    // A name beyond ASCII: the whole text as UTF-8.
                    size = start;
                    drain();
                    out.write(text.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                buffer[size++] = (byte) c;
            }
        }

        /** A number as JSON writes it (the same Schubfach text, {@link DoubleText}), or nothing when it is not finite. */
        void number(double value) throws IOException {
            number(value, null);
        }

        /** {@link #number} for the learning rate's column, whose numbers mostly repeat ({@link DoubleText.Kept}). */
        void repeating(double value) throws IOException {
            number(value, rate);
        }

        /** {@code value}'s text, written afresh or through {@code kept}; nothing when it is not finite. */
        private void number(double value, DoubleText.Kept kept) throws IOException {
            if (Double.isFinite(value)) {
                if (buffer.length - size < DoubleText.MAX_LENGTH) {
                    drain();
                }
                size = kept == null ? DoubleText.write(value, buffer, size) : kept.write(value, buffer, size);
            }
        }

        void integer(int value) throws IOException {
            if (buffer.length - size < DoubleText.MAX_LENGTH) {
                drain();
            }
            size = NumberOutput.outputInt(value, buffer, size);
        }

        void flush() throws IOException {
            drain();
            out.flush();
        }

        private void drain() throws IOException {
            out.write(buffer, 0, size);
            size = 0;
        }
    }
}
