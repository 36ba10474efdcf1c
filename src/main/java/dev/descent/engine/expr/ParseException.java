package dev.descent.engine.expr;

/**
 * An expression could not be parsed. Unchecked: the parser is called with untrusted text and every malformed input
 * ends here (never in another exception type).
 *
 * <p>{@link #column()} is 1-based and points at the offending token; at the end of input it is
 * {@code source.length() + 1}. {@link #expected()} says what would have been accepted there, in words
 * ({@code "')'"}, {@code "an expression"}, {@code "end of input"}).
 */
public class ParseException extends RuntimeException {

    private final int column;
    private final String expected;

    /** The usual case; the message reads {@code expected ')' at column 14}. */
    public ParseException(int column, String expected) {
        this("expected " + expected, column, expected);
    }

    /** A more specific problem; the message reads {@code <problem> at column <column>}. */
    public ParseException(String problem, int column, String expected) {
        this(problem, column, expected, "");
    }

    /**
     * A problem with a hint of what to write instead; the message reads {@code <problem> at column <column><hint>},
     * the hint beginning with its own punctuation ({@code ": did you mean sin?"}), or empty.
     */
    public ParseException(String problem, int column, String expected, String hint) {
        super(problem + " at column " + column + hint);
        this.column = column;
        this.expected = expected;
    }

    /** The 1-based column of the offending token, or the source length + 1 at the end of input. */
    public int column() {
        return column;
    }

    /** What was expected at {@link #column()}, in words, e.g. {@code "')'"} or {@code "an expression"}. */
    public String expected() {
        return expected;
    }
}
