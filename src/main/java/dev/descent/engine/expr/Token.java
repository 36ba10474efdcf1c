package dev.descent.engine.expr;

/** One token of source: its kind, its text, and the 1-based column where it starts. */
record Token(Kind kind, String text, int column) {

    enum Kind {
        NUMBER, NAME, PLUS, MINUS, STAR, SLASH, CARET, LEFT_PAREN, RIGHT_PAREN, COMMA,
        /** A character that starts no token; the parser reports it where it finds it. */
        ERROR,
        /** The end of input; its column is the source length + 1. */
        END
    }
}
