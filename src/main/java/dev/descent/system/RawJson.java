package dev.descent.system;

import tools.jackson.databind.util.RawValue;

/**
 * A JSON value already written (UTF-8 bytes), to be written again as it is where Jackson writes a value: the bytes
 * go from this array to the generator's output, without a {@code String} made of them (a stored answer can be
 * megabytes). Only for bytes that are one complete JSON value; nothing checks them.
 */
public final class RawJson extends RawText {

    private final byte[] utf8;

    private RawJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** The value to put where Jackson writes a value (a field of type {@code Object}): written as {@code utf8}. */
    public static RawValue of(byte[] utf8) {
        return new RawValue(new RawJson(utf8));
    }

    @Override
    byte[] bytes() {
        return utf8;
    }

    @Override
    int length() {
        return utf8.length;
    }

    /** The bytes themselves, not a copy: the generator writes them straight to its output when they do not fit. */
    @Override
    public byte[] asUnquotedUTF8() {
        return utf8;
    }
}
