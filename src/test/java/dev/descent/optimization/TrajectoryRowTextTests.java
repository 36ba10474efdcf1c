package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.SerializableString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.MinimalPrettyPrinter;

/**
 * A row of a trajectory written as one text ({@code JsonText}, what a compact generator gets) is the very JSON the
 * generator writes token by token (what it gets with a pretty printer: here a minimal one, whose output is the
 * compact one): names that need escaping and names beyond ASCII, numbers that are not finite, the start's missing
 * learning rate, a cycled momentum; in the API's order and in the canonical (sorted) one.
 */
class TrajectoryRowTextTests {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final List<String> VARIABLES = List.of("y", "x", "a\"b\\c", "\u00e9t\u00e9", "tab\there", "z9");
    private static final IntToDoubleFunction MOMENTUM = iteration -> 0.95 - iteration * 1e-3;

    /** Rows of {iteration, value, gradientNorm, learningRate, the six coordinates}. */
    private static double[] rows() {
        return new double[] {
            0, 24.2, 232.867, Double.NaN, -1.5, 2, 0.0, -0.0, 1e-300, 123456789.125,
            1, 4.7, Double.POSITIVE_INFINITY, 1e-3, 1e7, 9_999_999.5, 1e-3, 9.99e-4, -7, 0.1 + 0.2,
            123456, Double.NaN, 0.0, 0.25, Double.MIN_VALUE, -Double.MAX_VALUE, 3, 1.0 / 3, 100, 5e-324,
            Integer.MAX_VALUE, Double.NEGATIVE_INFINITY, 1.5, 0.25, 1, 2, 3, 4, 5, 6,
            // A learning rate of 0.0, then -0.0 (the same value, another text), then 0.0 again.
            7, 1, 2, 0.0, 1, 2, 3, 4, 5, 6,
            8, 1, 2, -0.0, 1, 2, 3, 4, 5, 6,
            9, 1, 2, 0.0, 1, 2, 3, 4, 5, 6,
        };
    }

    private static String write(boolean pretty, boolean sorted, IntToDoubleFunction momentum, boolean chars) {
        ObjectWriteContext context = new ObjectWriteContext.Base() {
            @Override
            public PrettyPrinter getPrettyPrinter() {
                return pretty ? new MinimalPrettyPrinter("") : null;
            }

            @Override
            public boolean hasPrettyPrinter() {
                return pretty;
            }
        };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter text = new StringWriter();
        SerializableString[] names = TrajectoryView.names(VARIABLES);
        int[] order = TrajectoryView.sortedIndices(VARIABLES);
        double[] rows = rows();
        int width = 4 + VARIABLES.size();
        try (JsonGenerator gen = chars ? FACTORY.createGenerator(context, text)
                : FACTORY.createGenerator(context, bytes)) {
            assertThat(gen.getPrettyPrinter() != null).isEqualTo(pretty);
            gen.writeStartArray();
            for (int at = 0; at < rows.length; at += width) {
                if (sorted) {
                    TrajectoryView.writeSortedRow(gen, names, order, rows, at, momentum);
                } else {
                    TrajectoryView.writeRow(gen, names, rows, at, momentum);
                }
            }
            gen.writeEndArray();
        }
        return chars ? text.toString() : bytes.toString(StandardCharsets.UTF_8);
    }

    /** The rows as one text, into bytes and into characters, are the rows token by token; with and without momentum. */
    private static void assertSameAsTokens(boolean sorted) {
        for (IntToDoubleFunction momentum : new IntToDoubleFunction[] {null, MOMENTUM}) {
            String tokens = write(true, sorted, momentum, false);
            assertThat(write(false, sorted, momentum, false)).isEqualTo(tokens);
            assertThat(write(false, sorted, momentum, true)).isEqualTo(tokens);
        }
    }

    @Test
    @DisplayName("rows in the API's order: the same bytes as token by token, with and without momentum")
    void apiOrder() {
        assertSameAsTokens(false);
        // What the rows hold, read back: the order, the nulls, the escapes and the start without a learning rate.
        assertThat(write(false, false, MOMENTUM, false)).startsWith("[{\"iteration\":0,\"point\":{\"y\":-1.5,"
                + "\"x\":2.0,\"a\\\"b\\\\c\":0.0,\"\u00e9t\u00e9\":-0.0,\"tab\\there\":1.0E-300,"
                + "\"z9\":1.23456789125E8},\"value\":24.2,\"gradientNorm\":232.867},{\"iteration\":1,")
                .contains("\"value\":4.7,\"gradientNorm\":null,\"learningRate\":0.001,\"momentum\":0.949}");
    }

    @Test
    @DisplayName("rows in the canonical order: the same bytes as token by token, with and without momentum")
    void canonicalOrder() {
        assertSameAsTokens(true);
        assertThat(write(false, true, null, false)).startsWith("[{\"gradientNorm\":232.867,\"iteration\":0,"
                + "\"point\":{\"a\\\"b\\\\c\":0.0,\"tab\\there\":1.0E-300,\"x\":2.0,\"y\":-1.5,");
    }
}
