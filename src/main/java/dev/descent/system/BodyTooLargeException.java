package dev.descent.system;

/**
 * A request body larger than its limit ({@link BodySizeLimit}): a 413 problem of type {@link ProblemType#TOO_LARGE}
 * with the member {@code maxBytes}. Thrown before reading when the {@code Content-Length} says so, or while
 * reading a body sent without one (chunked) as soon as it passes the limit.
 */
public class BodyTooLargeException extends ProblemException {

    public BodyTooLargeException(String what, long maxBytes, String property) {
        super(ProblemType.TOO_LARGE, "The request body " + what + "; it may have at most " + maxBytes + " bytes ("
                + property + ").");
        with("maxBytes", maxBytes);
    }
}
