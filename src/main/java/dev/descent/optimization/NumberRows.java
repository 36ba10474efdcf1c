package dev.descent.optimization;

import java.util.Arrays;
import java.util.BitSet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * Rows of numbers as JSON writes them ({@code [[0.5, 1], [1.5, 2]]}), held flat in one {@code double[]}: a data set
 * inline in a 10 MB request holds about 8 bytes per value instead of some 30 to 100 as lists of boxed
 * {@code Double}s. The rows may differ in length and hold {@code null}s: saying what is wrong with them, and where,
 * is the mapper's job, as for any other field. A {@code null} row is an empty one. Written back as JSON, they are the
 * rows read (every number to the bit, a {@code null} cell as {@code null}, a {@code null} row as {@code []}): a job
 * keeps its request so.
 */
@JsonDeserialize(using = NumberRows.Deserializer.class)
@JsonSerialize(using = NumberRows.Serializer.class)
public final class NumberRows {

    private final double[] values;
    /** Row i is values[starts[i]] up to values[starts[i + 1]]. */
    private final int[] starts;
    /** The indexes (into values) of the nulls. */
    private final BitSet nulls;

    private NumberRows(double[] values, int[] starts, BitSet nulls) {
        this.values = values;
        this.starts = starts;
        this.nulls = nulls;
    }

    /** The rows given, for tests and examples; a null cell is written as null. */
    public static NumberRows of(Double[]... rows) {
        Builder builder = new Builder();
        for (Double[] row : rows) {
            for (Double value : row) {
                if (value == null) {
                    builder.addNull();
                } else {
                    builder.add(value);
                }
            }
            builder.endRow();
        }
        return builder.build();
    }

    public int rows() {
        return starts.length - 1;
    }

    /** How many values row {@code i} has (0 for a null row). */
    public int length(int i) {
        return starts[i + 1] - starts[i];
    }

    /** The value at row {@code i}, column {@code j}; NaN for a null. */
    public double get(int i, int j) {
        return values[starts[i] + j];
    }

    /** Whether row {@code i}, column {@code j} is {@code null} in the JSON. */
    public boolean isNull(int i, int j) {
        return nulls.get(starts[i] + j);
    }

    /** The bytes held, about: for measuring. */
    long bytes() {
        return 8L * values.length + 4L * starts.length + nulls.size() / 8;
    }

    /** Collects values row by row into growing arrays. */
    static final class Builder {

        private double[] values = new double[64];
        private int size;
        private int[] starts = new int[17];
        private int rows;
        private final BitSet nulls = new BitSet();

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length + (values.length >> 1));
            }
            values[size++] = value;
        }

        void addNull() {
            nulls.set(size);
            add(Double.NaN);
        }

        void endRow() {
            if (rows + 2 > starts.length) {
                starts = Arrays.copyOf(starts, starts.length + (starts.length >> 1));
            }
            starts[++rows] = size;
        }

        NumberRows build() {
            return new NumberRows(Arrays.copyOf(values, size), Arrays.copyOf(starts, rows + 1), nulls);
        }
    }

    /**
     * Reads an array of arrays of numbers (or nulls) into the flat form, streaming. A value of another kind is the
     * same error, at the same path ({@code features[1][0]}), as for a {@code List<List<Double>>}.
     */
    static final class Deserializer extends ValueDeserializer<NumberRows> {

        @Override
        public NumberRows deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            if (!p.isExpectedStartArrayToken()) {
                return (NumberRows) ctxt.handleUnexpectedToken(double[][].class, p);
            }
            Builder rows = new Builder();
            int i = 0;
            for (JsonToken row = p.nextToken(); row != JsonToken.END_ARRAY; row = p.nextToken(), i++) {
                try {
                    if (row == JsonToken.START_ARRAY) {
                        readRow(p, ctxt, rows);
                    } else if (row != JsonToken.VALUE_NULL) {
                        ctxt.handleUnexpectedToken(double[].class, p);
                    }
                } catch (JacksonException e) {
                    throw e.prependPath(null, i);
                }
                rows.endRow();
            }
            return rows.build();
        }

        private static void readRow(JsonParser p, DeserializationContext ctxt, Builder rows) {
            int j = 0;
            for (JsonToken cell = p.nextToken(); cell != JsonToken.END_ARRAY; cell = p.nextToken(), j++) {
                if (cell == JsonToken.VALUE_NUMBER_INT || cell == JsonToken.VALUE_NUMBER_FLOAT) {
                    rows.add(p.getDoubleValue());
                } else if (cell == JsonToken.VALUE_NULL) {
                    rows.addNull();
                } else {
                    try {
                        ctxt.handleUnexpectedToken(Double.class, p);
                    } catch (JacksonException e) {
                        throw e.prependPath(null, j);
                    }
                }
            }
        }
    }

    /** Writes the rows as an array of arrays of numbers, a {@code null} cell as {@code null}. */
    static final class Serializer extends ValueSerializer<NumberRows> {

        @Override
        public void serialize(NumberRows rows, JsonGenerator gen, SerializationContext ctxt) throws JacksonException {
            gen.writeStartArray();
            for (int i = 0; i < rows.rows(); i++) {
                gen.writeStartArray();
                for (int j = 0; j < rows.length(i); j++) {
                    if (rows.isNull(i, j)) {
                        gen.writeNull();
                    } else {
                        gen.writeNumber(rows.get(i, j));
                    }
                }
                gen.writeEndArray();
            }
            gen.writeEndArray();
        }
    }
}
