package dev.descent.engine.expr;

import dev.descent.engine.expr.Expr.Binary;
import dev.descent.engine.expr.Expr.Call;
import dev.descent.engine.expr.Expr.Const;
import dev.descent.engine.expr.Expr.Neg;
import dev.descent.engine.expr.Expr.Num;
import dev.descent.engine.expr.Expr.Var;
import dev.descent.engine.expr.Token.Kind;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Pratt parser for real-valued expressions, after munificent/bantam: a precedence table, one rule per token kind,
 * and a short loop in {@link #parse(int)}.
 *
 * <p>Grammar, loosest binding first: {@code + -} (left), {@code * /} (left), unary {@code - +}, {@code ^} (right).
 * So {@code -x^2} is {@code -(x^2)}, {@code 2^3^2} is {@code 2^(3^2)} and {@code x^-2} is {@code x^(-2)}.
 * Operands are numbers ({@code 3 0.5 .5 3. 1e-3 2.5E+4}), the constants {@code pi} and {@code e}, calls of a
 * {@link Fn} with exactly one argument, parenthesized expressions, and variables: any other name
 * {@code [A-Za-z_][A-Za-z0-9_]*}. There is no implicit multiplication: {@code 3x} is an error at the {@code x}.
 *
 * <p>Every malformed input, including {@code null}, gives a {@link ParseException}. Hostile input is bounded: at most
 * {@link #MAX_LENGTH} characters, {@link #MAX_DEPTH} levels of parser recursion (parentheses, unary minus, right
 * operands) and trees at most {@link #MAX_HEIGHT} nodes high, so neither parsing nor later recursion over the tree
 * can overflow the stack.
 */
public final class Parser {

    /**
     * Longest accepted source, in characters: above what any caller lets through (the service: 10,000 characters
     * synchronously, 1,000,000 in a job; a catalog function in 10,000 dimensions is at most about 400,000).
     */
    public static final int MAX_LENGTH = 2_000_000;
    /** Deepest accepted nesting of parentheses, unary operators and right operands. */
    public static final int MAX_DEPTH = 200;
    /** Highest accepted tree (a long flat sum {@code x1 + x2 + ...} is as high as it has terms). */
    public static final int MAX_HEIGHT = 2_000;

    // Binding powers, loosest first (bantam's Precedence).
    private static final int SUM = 1;
    private static final int PRODUCT = 2;
    private static final int PREFIX = 3;
    private static final int EXPONENT = 4;

    private interface PrefixRule {
        Expr parse(Parser parser, Token token);
    }

    private record InfixRule(Op op, int precedence, boolean rightAssociative) {
    }

    private static final Map<Kind, PrefixRule> PREFIX_RULES = new EnumMap<>(Kind.class);
    private static final Map<Kind, InfixRule> INFIX_RULES = new EnumMap<>(Kind.class);

    static {
        PREFIX_RULES.put(Kind.NUMBER, Parser::number);
        PREFIX_RULES.put(Kind.NAME, Parser::name);
        PREFIX_RULES.put(Kind.LEFT_PAREN, Parser::group);
        PREFIX_RULES.put(Kind.MINUS, Parser::negate);
        PREFIX_RULES.put(Kind.PLUS, Parser::plus);
        INFIX_RULES.put(Kind.PLUS, new InfixRule(Op.ADD, SUM, false));
        INFIX_RULES.put(Kind.MINUS, new InfixRule(Op.SUBTRACT, SUM, false));
        INFIX_RULES.put(Kind.STAR, new InfixRule(Op.MULTIPLY, PRODUCT, false));
        INFIX_RULES.put(Kind.SLASH, new InfixRule(Op.DIVIDE, PRODUCT, false));
        INFIX_RULES.put(Kind.CARET, new InfixRule(Op.POWER, EXPONENT, true));
    }

    private final Lexer lexer;
    private Token lookahead;
    /** The last token {@link #next()} returned, and the one before it: what precedes an error, for its hint. */
    private Token last;
    private Token beforeLast;
    private int depth;
    /** The height of the tree the last rule returned; each rule keeps it up to date. */
    private int height;

    private Parser(String source) {
        this.lexer = new Lexer(source);
        this.lookahead = lexer.next();
    }

    /**
     * Parses {@code source} into an expression tree.
     *
     * @throws ParseException if the source is {@code null}, empty, malformed or beyond the limits above
     */
    public static Expr parse(String source) {
        if (source == null) {
            throw new ParseException(1, "an expression");
        }
        if (source.length() > MAX_LENGTH) {
            throw new ParseException("expression longer than " + MAX_LENGTH + " characters", MAX_LENGTH + 1,
                    "at most " + MAX_LENGTH + " characters");
        }
        Parser parser = new Parser(source);
        Expr expr = parser.parse(0);
        parser.expect(Kind.END, "end of input");
        return expr;
    }

    /** Parses operators that bind tighter than {@code precedence}: the whole of bantam's loop. */
    private Expr parse(int precedence) {
        Token token = next();
        if (++depth > MAX_DEPTH) {
            throw new ParseException("expression nested deeper than " + MAX_DEPTH + " levels", token.column(),
                    "at most " + MAX_DEPTH + " levels of nesting");
        }
        PrefixRule prefix = PREFIX_RULES.get(token.kind());
        if (prefix == null) {
            throw error(token, beforeLast, "an expression");
        }
        Expr left = prefix.parse(this, token);
        while (precedence < precedenceOf(lookahead)) {
            Token operator = next();
            left = binary(INFIX_RULES.get(operator.kind()), left, operator);
        }
        depth--;
        return left;
    }

    private static int precedenceOf(Token token) {
        InfixRule rule = INFIX_RULES.get(token.kind());
        return rule == null ? 0 : rule.precedence();
    }

    private Expr binary(InfixRule rule, Expr left, Token operator) {
        int leftHeight = height;
        // Right-associative: parse the right operand one step looser, so that it swallows the next '^' too.
        Expr right = parse(rule.precedence() - (rule.rightAssociative() ? 1 : 0));
        return grown(new Binary(rule.op(), left, right), Math.max(leftHeight, height), operator);
    }

    private Expr number(Token token) {
        double value = Double.parseDouble(token.text());
        if (Double.isInfinite(value)) {
            throw new ParseException("number " + quoted(token.text()) + " is out of range", token.column(),
                    "a finite number");
        }
        height = 1;
        return new Num(value);
    }

    private Expr name(Token token) {
        String name = token.text();
        Optional<Fn> fn = Fn.byName(name);
        if (fn.isPresent()) {
            return call(fn.get(), token);
        }
        height = 1;
        Optional<Constant> constant = Constant.byName(name);
        if (constant.isPresent()) {
            return new Const(constant.get());
        }
        if (lookahead.kind() == Kind.LEFT_PAREN) {
            // A variable cannot be called, so a name followed by '(' must have meant a function.
            throw new ParseException("unknown function '" + quoted(name) + "'", token.column(), "a known function",
                    Fn.meant(name).map(meant -> ": did you mean " + meant + "?").orElse(".")
                            + " The functions are " + Fn.names() + ".");
        }
        return new Var(name);
    }

    private Expr call(Fn fn, Token name) {
        expect(Kind.LEFT_PAREN, "'('");
        Expr argument = parse(0);
        if (lookahead.kind() == Kind.COMMA) {
            throw new ParseException(fn.functionName() + " takes exactly one argument", lookahead.column(), "')'");
        }
        expect(Kind.RIGHT_PAREN, "')'");
        return grown(new Call(fn, argument), height, name);
    }

    private Expr group(Token token) {
        Expr inner = parse(0);
        expect(Kind.RIGHT_PAREN, "')'");
        return inner;
    }

    private Expr negate(Token token) {
        Expr operand = parse(PREFIX);
        return grown(new Neg(operand), height, token);
    }

    /** Unary plus changes nothing and leaves no node. */
    private Expr plus(Token token) {
        return parse(PREFIX);
    }

    /** Records that {@code node} stands one level above a child of height {@code childHeight}. */
    private Expr grown(Expr node, int childHeight, Token at) {
        height = childHeight + 1;
        if (height > MAX_HEIGHT) {
            throw new ParseException("expression deeper than " + MAX_HEIGHT + " operations", at.column(),
                    "at most " + MAX_HEIGHT + " nested operations");
        }
        return node;
    }

    private Token next() {
        Token token = lookahead;
        beforeLast = last;
        last = token;
        if (token.kind() != Kind.END) {
            lookahead = lexer.next();
        }
        return token;
    }

    private void expect(Kind kind, String expected) {
        if (lookahead.kind() != kind) {
            throw error(lookahead, last, expected);
        }
        next();
    }

    /** The error at {@code at}, which {@code previous} precedes (null: nothing does), with a hint where one fits. */
    private static ParseException error(Token at, Token previous, String expected) {
        if (at.kind() == Kind.ERROR) {
            char c = at.text().charAt(0);
            int superscript = "⁰¹²³⁴⁵⁶⁷⁸⁹".indexOf(c);
            String hint = superscript >= 0 ? ": for a power write ^" + superscript + " (x^" + superscript + ")"
                    : Character.isLetter(c) ? ": names are made of the letters a-z and A-Z, digits and _ (theta, "
                            + "not θ)"
                    : "";
            return new ParseException("unexpected character '" + quoted(at.text()) + "'", at.column(), expected, hint);
        }
        if (at.kind() == Kind.STAR && previous != null && previous.kind() == Kind.STAR
                && at.column() == previous.column() + 1) {
            // Python's power.
            return new ParseException("expected " + expected, at.column(), expected, ": for a power write ^ (x^2), "
                    + "not ** as in Python");
        }
        boolean operand = at.kind() == Kind.NAME || at.kind() == Kind.NUMBER || at.kind() == Kind.LEFT_PAREN;
        if (operand && previous != null && previous.kind() == Kind.NAME && Fn.byName(previous.text()).isPresent()) {
            return new ParseException("expected " + expected, at.column(), expected, ": a function's argument goes in "
                    + "parentheses (" + previous.text() + "(x))");
        }
        // Not after a number: 1.2.3 is a malformed number, not the product of 1.2 and .3.
        boolean after = previous != null && (previous.kind() == Kind.NAME || previous.kind() == Kind.RIGHT_PAREN
                || previous.kind() == Kind.NUMBER && at.kind() != Kind.NUMBER);
        if (operand && after) {
            // Two operands side by side: 2x, 2 pi, (x+1)(x-1). There is no implicit multiplication.
            return new ParseException("expected " + expected, at.column(), expected, ": for a product write * ("
                    + operand(previous) + "*" + operand(at) + ")");
        }
        return new ParseException(at.column(), expected);
    }

    /** An operand in a hint: itself, or {@code (…)} for the parenthesis that opens or closes one. */
    private static String operand(Token token) {
        return token.kind() == Kind.LEFT_PAREN || token.kind() == Kind.RIGHT_PAREN ? "(…)" : quoted(token.text());
    }

    /** A piece of the formula quoted in a message: at most 100 characters of it, so that a message stays short. */
    static String quoted(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }
}
