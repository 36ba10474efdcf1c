package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.io.NumberOutput;
import tools.jackson.core.json.JsonFactory;

/**
 * {@link DoubleText} writes the very text of Jackson's fast double writer ({@code NumberOutput.toString(v, true)},
 * what the API's JSON mapper writes): the reference here, over every kind of double.
 */
class DoubleTextTests {

    private final byte[] buffer = new byte[3 + DoubleText.MAX_LENGTH];

    private void assertSameText(double v) {
        String expected = NumberOutput.toString(v, true);
        // Written at an offset, so that a write outside its bytes would show.
        int end = DoubleText.write(v, buffer, 3);
        assertThat(new String(buffer, 3, end - 3, StandardCharsets.ISO_8859_1)).as(Double.toHexString(v))
                .isEqualTo(expected);
    }

    @Test
    @DisplayName("zeros, the extremes, subnormals, the bounds of the plain format, ties and integers")
    void specialValues() {
        double[] values = {0.0, Double.MIN_VALUE, 2 * Double.MIN_VALUE, 3 * Double.MIN_VALUE, 4 * Double.MIN_VALUE,
            Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, 1e-3, Math.nextDown(1e-3), 1e7,
            Math.nextDown(1e7), 1, 2, 10, 100, 0.1, 0.2, 0.3, 0.1 + 0.2, 123.456, 1e15, 1e16, 1e17, 1e22, 1e23,
            9007199254740991.0, 9007199254740992.0, 9007199254740994.0, 2.2250738585072014E-308,
            1.7976931348623157E308, 4.35, 2.5, 0.5, 5e-324};
        for (double v : values) {
            assertSameText(v);
            assertSameText(-v);
        }
    }

    @Test
    @DisplayName("every power of two and of ten, and their neighbours")
    void powers() {
        for (int i = -1074; i <= 1023; i++) {
            double p = Math.scalb(1.0, i);
            assertSameText(p);
            assertSameText(Math.nextUp(p));
            assertSameText(Math.nextDown(p));
        }
        for (int i = -323; i <= 308; i++) {
            double p = Double.parseDouble("1e" + i);
            assertSameText(p);
            assertSameText(Math.nextUp(p));
            assertSameText(Math.nextDown(p));
        }
    }

    @Test
    @DisplayName("integers, halves and thousandths below 100,000; random bit patterns and random reals of every scale")
    void manyValues() {
        for (long i = 0; i < 100_000; i++) {
            assertSameText(i);
            assertSameText(i * 0.5);
            assertSameText(i / 1000.0);
        }
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 1_000_000; i++) {
            double bits = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(bits)) {
                assertSameText(bits);
            }
            assertSameText((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20));
        }
    }

    @Test
    @DisplayName("through a JSON generator, the bytes of its own writeNumber(double), repeated numbers too")
    void throughGenerator() {
        JsonFactory factory = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
        SplittableRandom random = new SplittableRandom(3);
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 0.0, 1e-5, 1e-5, 12345.678, -1e300));
        for (int i = 0; i < 1000; i++) {
            double v = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(30) - 15);
            values.add(v);
            // Repeats, as a constant learning rate's column has them: the text of the last number is reused.
            if (i % 3 == 0) {
                values.add(v);
                values.add(-v);
                values.add(v);
            }
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        try (JsonGenerator a = factory.createGenerator(ObjectWriteContext.empty(), expected);
             // Under the mapper's decorator, as the service writes: raw values passed on as they are.
             JsonGenerator b = new JsonConfig.FiniteNumbers(
                     factory.createGenerator(ObjectWriteContext.empty(), actual))) {
            a.writeStartArray();
            b.writeStartArray();
            for (double v : values) {
                a.writeNumber(v);
                DoubleText.writeNumber(b, v);
            }
            a.writeEndArray();
            b.writeEndArray();
        }
        assertThat(actual.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString(StandardCharsets.UTF_8));
        // And into characters (a generator over a Writer), the same text.
        StringWriter chars = new StringWriter();
        try (JsonGenerator c = factory.createGenerator(ObjectWriteContext.empty(), chars)) {
            c.writeStartArray();
            for (double v : values) {
                DoubleText.writeNumber(c, v);
            }
            c.writeEndArray();
        }
        assertThat(chars.toString()).isEqualTo(expected.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("the writer is, until its next number, that number's text as a SerializableString in every form")
    void numbersAsSerializableString() throws Exception {
        JsonFactory factory = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
        DoubleText.Numbers numbers = DoubleText.numbers();
        for (double v : new double[] {-1.25e-7, 0.1, 0.1, 123456.0, -0.0}) {
            try (JsonGenerator gen = factory.createGenerator(ObjectWriteContext.empty(), new ByteArrayOutputStream())) {
                numbers.write(gen, v);
            }
            String text = NumberOutput.toString(v, true);
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            assertThat(numbers.getValue()).isEqualTo(text).isEqualTo(numbers.toString());
            assertThat(numbers.charLength()).isEqualTo(text.length());
            assertThat(numbers.asUnquotedUTF8()).isEqualTo(bytes).isEqualTo(numbers.asQuotedUTF8());
            assertThat(new String(numbers.asQuotedChars())).isEqualTo(text);
            byte[] into = new byte[text.length() + 2];
            assertThat(numbers.appendUnquotedUTF8(into, 2)).isEqualTo(text.length());
            assertThat(numbers.appendQuotedUTF8(into, 3)).as("no room").isEqualTo(-1);
            assertThat(Arrays.copyOfRange(into, 2, into.length)).isEqualTo(bytes);
            char[] chars = new char[text.length() + 1];
            assertThat(numbers.appendQuoted(chars, 1)).isEqualTo(text.length());
            assertThat(numbers.appendUnquoted(chars, 2)).as("no room").isEqualTo(-1);
            assertThat(new String(chars, 1, text.length())).isEqualTo(text);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(numbers.writeUnquotedUTF8(out) + numbers.writeQuotedUTF8(out)).isEqualTo(2 * text.length());
            assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(text + text);
            ByteBuffer buffer = ByteBuffer.allocate(2 * text.length() + 1);
            assertThat(numbers.putUnquotedUTF8(buffer) + numbers.putQuotedUTF8(buffer)).isEqualTo(2 * text.length());
            assertThat(numbers.putUnquotedUTF8(buffer)).as("no room").isEqualTo(-1);
            assertThat(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII))
                    .isEqualTo(text + text);
        }
    }

    @Test
    @DisplayName("the eight digits of every integer below 10^8, by multiplications, are its decimal digits")
    void digitsOfEveryEightDigitNumber() {
        for (int v = 0; v < 100_000_000; v++) {
            long digits = DoubleText.digits(v);
            int rest = v;
            for (int i = 7; i >= 0; i--) {
                if ((digits >>> (8 * i) & 0xFF) != rest % 10) {
                    throw new AssertionError("digit " + i + " of " + v + ": " + Long.toHexString(digits));
                }
                rest /= 10;
            }
        }
    }

    @Test
    @DisplayName("a kept text is the text of the number written, whether it repeats the last one, or is its zero of "
            + "the other sign, or a neighbour")
    void keptText() {
        DoubleText.Kept kept = new DoubleText.Kept();
        Random random = new Random(12);
        double[] values = new double[400];
        double[] specials = {0.01, 0.01, 0.0, -0.0, -0.0, 0.0, 0.0, 1e-300, Math.nextUp(1e-300), Math.nextUp(1e-300),
            0.01, Math.nextDown(0.01), 0.01, 1e7, 1e7, -1e7, Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE,
            0.5};
        System.arraycopy(specials, 0, values, 0, specials.length);
        for (int i = specials.length; i < values.length; i++) {
            // Runs of repeats, and changes in the last bit.
            double previous = values[i - 1];
            values[i] = switch (random.nextInt(4)) {
                case 0, 1 -> previous;
                case 2 -> Math.nextUp(previous);
                default -> random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
            };
        }
        for (double v : values) {
            int end = kept.write(v, buffer, 3);
            assertThat(new String(buffer, 3, end - 3, StandardCharsets.ISO_8859_1)).as(Double.toHexString(v))
                    .isEqualTo(NumberOutput.toString(v, true));
        }
    }

    @Test
    @DisplayName("NaN and the infinities have no JSON text: refused")
    void notFinite() {
        for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> DoubleText.write(v, buffer, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
