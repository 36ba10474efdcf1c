package dev.descent.system;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.SerializableString;

/**
 * JSON text already written, as UTF-8 bytes, for a generator to copy as it is ({@code writeRawValue}): the first
 * {@link #length()} bytes of {@link #bytes()}. Its quoted forms are its unquoted ones, as the generator only asks
 * for the unquoted ones of a raw value; the character forms are the subclass's.
 */
abstract class RawText implements SerializableString {

    /** Below this many bytes a loop copies them: cheaper than the call to {@code System.arraycopy}'s stub. */
    private static final int LOOP_COPY = 32;

    /** The bytes, the text being the first {@link #length()}; not a copy. */
    abstract byte[] bytes();

    abstract int length();

    @Override
    public byte[] asQuotedUTF8() {
        return asUnquotedUTF8();
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        return appendUnquotedUTF8(buffer, offset);
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        return appendUnquoted(buffer, offset);
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        byte[] bytes = bytes();
        int length = length();
        if (offset + length > buffer.length) {
            return -1;
        }
        if (length < LOOP_COPY) {
            for (int i = 0; i < length; i++) {
                buffer[offset + i] = bytes[i];
            }
        } else {
            System.arraycopy(bytes, 0, buffer, offset, length);
        }
        return length;
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) throws IOException {
        return writeUnquotedUTF8(out);
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(bytes(), 0, length());
        return length();
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        return putUnquotedUTF8(buffer);
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        if (buffer.remaining() < length()) {
            return -1;
        }
        buffer.put(bytes(), 0, length());
        return length();
    }

    /** The text, decoded from its UTF-8 bytes (a subclass of ASCII text may do it faster). */
    @Override
    public String getValue() {
        return new String(bytes(), 0, length(), StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public char[] asQuotedChars() {
        return getValue().toCharArray();
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        String value = getValue();
        if (offset + value.length() > buffer.length) {
            return -1;
        }
        value.getChars(0, value.length(), buffer, offset);
        return value.length();
    }

    @Override
    public String toString() {
        return getValue();
    }
}
