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
 * A JSON array of numbers ({@code [5.4, 7.1]}) held in a {@code double[]}, {@code null}s included (as NaN, and
 * remembered): the column of a data set inline in a request, without a boxed {@code Double} per value. See
 * {@link NumberRows}.
 */
@JsonDeserialize(using = NumberList.Deserializer.class)
@JsonSerialize(using = NumberList.Serializer.class)
public final class NumberList {

    private final double[] values;
    private final BitSet nulls;

    private NumberList(double[] values, BitSet nulls) {
        this.values = values;
        this.nulls = nulls;
    }

    /** The values given, for tests and examples; a null is written as null. */
    public static NumberList of(Double... values) {
        double[] copy = new double[values.length];
        BitSet nulls = new BitSet();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                nulls.set(i);
                copy[i] = Double.NaN;
            } else {
                copy[i] = values[i];
            }
        }
        return new NumberList(copy, nulls);
    }

    public int size() {
        return values.length;
    }

    /** The value at {@code i}; NaN for a null. */
    public double get(int i) {
        return values[i];
    }

    /** Whether the value at {@code i} is {@code null} in the JSON. */
    public boolean isNull(int i) {
        return nulls.get(i);
    }

    /** The bytes held, about: for measuring. */
    long bytes() {
        return 8L * values.length + nulls.size() / 8;
    }

    /** Reads an array of numbers (or nulls), streaming; anything else is the error a {@code List<Double>} gives. */
    static final class Deserializer extends ValueDeserializer<NumberList> {

        @Override
        public NumberList deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            if (!p.isExpectedStartArrayToken()) {
                return (NumberList) ctxt.handleUnexpectedToken(double[].class, p);
            }
            double[] values = new double[64];
            BitSet nulls = new BitSet();
            int size = 0;
            for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken(), size++) {
                if (size == values.length) {
                    values = Arrays.copyOf(values, values.length + (values.length >> 1));
                }
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    values[size] = p.getDoubleValue();
                } else if (token == JsonToken.VALUE_NULL) {
                    nulls.set(size);
                    values[size] = Double.NaN;
                } else {
                    try {
                        ctxt.handleUnexpectedToken(Double.class, p);
                    } catch (JacksonException e) {
                        throw e.prependPath(null, size);
                    }
                }
            }
            return new NumberList(Arrays.copyOf(values, size), nulls);
        }
    }

    /** Writes the values as an array of numbers, a {@code null} as {@code null}: the array read, to the bit. */
    static final class Serializer extends ValueSerializer<NumberList> {

        @Override
        public void serialize(NumberList list, JsonGenerator gen, SerializationContext ctxt) throws JacksonException {
            gen.writeStartArray();
            for (int i = 0; i < list.size(); i++) {
                if (list.isNull(i)) {
                    gen.writeNull();
                } else {
                    gen.writeNumber(list.get(i));
                }
            }
            gen.writeEndArray();
        }
    }
}
