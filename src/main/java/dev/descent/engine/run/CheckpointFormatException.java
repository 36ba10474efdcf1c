package dev.descent.engine.run;

import java.io.IOException;

/** Bytes that {@link CheckpointCodec} cannot read as a checkpoint: another format version, cut short or corrupt. */
public final class CheckpointFormatException extends IOException {

    public CheckpointFormatException(String message) {
        super(message);
    }

    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
