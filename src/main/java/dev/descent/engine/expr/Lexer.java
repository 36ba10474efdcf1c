package dev.descent.engine.expr;

import dev.descent.engine.expr.Token.Kind;

/**
 * Splits source into tokens on demand. Never throws: a character that starts no token becomes an
 * {@link Kind#ERROR} token, so that the parser can say what it expected in its place.
 */
final class Lexer {

    private final String source;
    private int position;

    Lexer(String source) {
        this.source = source;
    }

    Token next() {
        while (position < source.length() && Character.isWhitespace(source.charAt(position))) {
            position++;
        }
        int start = position;
        if (start == source.length()) {
            return new Token(Kind.END, "", start + 1);
        }
        char c = source.charAt(position++);
        Kind kind = switch (c) {
            case '+' -> Kind.PLUS;
            case '-' -> Kind.MINUS;
            case '*' -> Kind.STAR;
            case '/' -> Kind.SLASH;
            case '^' -> Kind.CARET;
            case '(' -> Kind.LEFT_PAREN;
            case ')' -> Kind.RIGHT_PAREN;
            case ',' -> Kind.COMMA;
            default -> null;
        };
        if (kind != null) {
            return token(kind, start);
        }
        if (isDigit(c) || (c == '.' && isDigit(peek(0)))) {
            return number(start);
        }
        if (isNameStart(c)) {
            while (isNamePart(peek(0))) {
                position++;
            }
            return token(Kind.NAME, start);
        }
        return token(Kind.ERROR, start);
    }

    /** {@code 3}, {@code 0.5}, {@code .5}, {@code 3.}, {@code 1e-3}, {@code 2.5E+4}; the first character is consumed. */
    private Token number(int start) {
        position = start;
        skipDigits();
        if (peek(0) == '.') {
            position++;
            skipDigits();
        }
        // An exponent only if digits follow: "2e" is the number 2 followed by the name e.
        char e = peek(0);
        if (e == 'e' || e == 'E') {
            int signed = (peek(1) == '+' || peek(1) == '-') ? 1 : 0;
            if (isDigit(peek(1 + signed))) {
                position += 1 + signed;
                skipDigits();
            }
        }
        return token(Kind.NUMBER, start);
    }

    private void skipDigits() {
        while (isDigit(peek(0))) {
            position++;
        }
    }

    private char peek(int ahead) {
        int i = position + ahead;
        return i < source.length() ? source.charAt(i) : '\0';
    }

    private Token token(Kind kind, int start) {
        return new Token(kind, source.substring(start, position), start + 1);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || isDigit(c);
    }
}
