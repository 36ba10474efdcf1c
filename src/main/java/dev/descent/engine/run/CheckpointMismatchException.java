package dev.descent.engine.run;

/** A checkpoint given to {@link Descent#resume} that was not taken from a run of the same problem. */
public final class CheckpointMismatchException extends IllegalArgumentException {

    public CheckpointMismatchException(String message) {
        super(message);
    }

    public CheckpointMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
