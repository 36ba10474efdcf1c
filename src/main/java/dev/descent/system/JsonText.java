package dev.descent.system;

import java.util.Arrays;
import tools.jackson.core.io.NumberOutput;

/**
 * One JSON value written by hand into a buffer of this thread's, for a generator to copy as it is
 * ({@code writeRawValue}): a trajectory's row in one call to the generator instead of some thirty (each name and
 * number checked against the generator's context and copied on its own), made of names encoded once and numbers
 * written by {@link DoubleText}. For compact output only (a generator without a pretty printer), and for one value
 * at a time: {@link #empty} hands out the same buffer again.
 */
public final class JsonText extends RawText {

    private static final ThreadLocal<JsonText> TEXTS = ThreadLocal.withInitial(JsonText::new);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private byte[] bytes = new byte[512];
    private int length;
    private final DoubleText.Kept kept = new DoubleText.Kept();

    private JsonText() {
    }

    /** This thread's text, emptied. */
    public static JsonText empty() {
        JsonText text = TEXTS.get();
        text.length = 0;
        return text;
    }

    /** Appends a character of ASCII. */
    public JsonText append(char c) {
        room(1);
        bytes[length++] = (byte) c;
        return this;
    }

    private JsonText append(byte[] text) {
        room(text.length);
        System.arraycopy(text, 0, bytes, length, text.length);
        length += text.length;
        return this;
    }

    /** Appends a member's name, {@code quoted} (its escaped UTF-8 bytes, without the quotes), then the colon. */
    public JsonText name(byte[] quoted) {
        room(quoted.length + 3);
        bytes[length++] = '"';
        System.arraycopy(quoted, 0, bytes, length, quoted.length);
        length += quoted.length;
        bytes[length++] = '"';
        bytes[length++] = ':';
        return this;
    }

    /** Appends {@code v} as the API writes it: its {@link DoubleText} text, or null when it is not finite. */
    public JsonText number(double v) {
        return number(v, null);
    }

    /**
     * {@link #number} for a column whose numbers mostly repeat the one before from row to row (a trajectory's
     * learning rate): the last one's text is kept ({@link DoubleText.Kept}) and copied when the same number follows.
     */
    public JsonText repeating(double v) {
        return number(v, kept);
    }

    /** {@code v}'s text, written afresh or through {@code kept}; null when it is not finite. */
    private JsonText number(double v, DoubleText.Kept kept) {
        if (!Double.isFinite(v)) {
            return append(NULL);
        }
        room(DoubleText.MAX_LENGTH);
        length = kept == null ? DoubleText.write(v, bytes, length) : kept.write(v, bytes, length);
        return this;
    }

    /** Appends {@code v} in decimal, as the generator's own {@code writeNumber(int)} writes it. */
    public JsonText integer(int v) {
        room(16);
        length = NumberOutput.outputInt(v, bytes, length);
        return this;
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
        }
    }

    @Override
    byte[] bytes() {
        return bytes;
    }

    @Override
    int length() {
        return length;
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return Arrays.copyOf(bytes, length);
    }
}
