package dev.descent.optimization;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A list of numbers as the API writes it, from primitives: the ones that are not finite as null (a million epoch
 * losses are 8 MB of doubles, not a million boxed ones).
 */
@JsonSerialize(using = NumbersView.Writer.class)
public final class NumbersView {

    private final double[] values;

    /** The view of {@code values}, which the caller no longer changes. */
    public NumbersView(double[] values) {
        this.values = values;
    }

    public int size() {
        return values.length;
    }

    static final class Writer extends ValueSerializer<NumbersView> {
        @Override
        public void serialize(NumbersView view, JsonGenerator gen, SerializationContext context) {
            gen.writeStartArray(view, view.values.length);
            for (double value : view.values) {
                TrajectoryView.writeNumber(gen, value);
            }
            gen.writeEndArray();
        }
    }
}
