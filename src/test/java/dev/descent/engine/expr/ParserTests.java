package dev.descent.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.engine.expr.Expr.Binary;
import dev.descent.engine.expr.Expr.Num;
import dev.descent.engine.expr.Expr.Var;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParserTests {

    @Nested
    class ParsesToTheFullyParenthesizedForm {

        // bantam's test table: source -> every operator application in parentheses.
        @ParameterizedTest(name = "{0}  ->  {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
                # precedence
                a + b * c               | (a + (b * c))
                a * b + c               | ((a * b) + c)
                a + b / c - d           | ((a + (b / c)) - d)
                a * b ^ c               | (a * (b ^ c))
                (a + b) * c             | ((a + b) * c)
                ((a))                   | a
                # left associativity
                a - b - c               | ((a - b) - c)
                a / b / c               | ((a / b) / c)
                a / b * c               | ((a / b) * c)
                # right associativity of ^
                2^3^2                   | (2 ^ (3 ^ 2))
                a ^ b ^ c ^ d           | (a ^ (b ^ (c ^ d)))
                (a ^ b) ^ c             | ((a ^ b) ^ c)
                # unary minus binds looser than ^ and tighter than * and +
                -x^2                    | (-(x ^ 2))
                -2^2                    | (-(2 ^ 2))
                -2^-x                   | (-(2 ^ (-x)))
                x^-2                    | (x ^ (-2))
                x^-y^z                  | (x ^ (-(y ^ z)))
                -a * b                  | ((-a) * b)
                a * -b                  | (a * (-b))
                a - -b                  | (a - (-b))
                --a                     | (-(-a))
                (-x)^2                  | ((-x) ^ 2)
                # unary plus leaves no node
                +x                      | x
                a + +b                  | (a + b)
                +x^2                    | (x ^ 2)
                # functions and constants
                sin(x)                  | sin(x)
                sin(x + 1)              | sin((x + 1))
                -sin(x)^2               | (-(sin(x) ^ 2))
                log10(abs(x))           | log10(abs(x))
                exp(-x^2 - y^2)         | exp(((-(x ^ 2)) - (y ^ 2)))
                2 * pi * r              | ((2 * pi) * r)
                e ^ x                   | (e ^ x)
                # every function
                cos(x)+tan(x)+asin(x)   | ((cos(x) + tan(x)) + asin(x))
                acos(x)*atan(x)         | (acos(x) * atan(x))
                sinh(x)-cosh(x)/tanh(x) | (sinh(x) - (cosh(x) / tanh(x)))
                log(x)^sqrt(x)          | (log(x) ^ sqrt(x))
                # numbers in all forms
                3                       | 3
                0.5                     | 0.5
                .5                      | 0.5
                3.                      | 3
                1e-3                    | 0.001
                2.5E+4                  | 25000
                2.5e4                   | 25000
                1E2                     | 100
                1.5e-10                 | 1.5E-10
                # names
                x1 + theta * _y2        | (x1 + (theta * _y2))
                pi2 + e_1               | (pi2 + e_1)
                sine                    | sine
                # whitespace is ignored
                "  \t a\t+\nb  "        | (a + b)
                (1-x)^2+100*(y-x^2)^2   | (((1 - x) ^ 2) + (100 * ((y - (x ^ 2)) ^ 2)))
                """)
        void parses(String source, String expected) {
            assertEquals(expected, Parser.parse(source.replace("\\t", "\t").replace("\\n", "\n")).parenthesized());
        }
    }

    @Nested
    class BuildsTheTree {

        @Test
        void aNumberKeepsItsExactValue() {
            assertEquals(new Num(0.1), Parser.parse("0.1"));
            assertEquals(new Num(1e-3), Parser.parse("1e-3"));
        }

        @Test
        void theConstantsHaveTheirDoubleValues() {
            assertEquals(new Expr.Const(Constant.PI), Parser.parse("pi"));
            assertEquals(Math.E, Constant.E.value());
        }

        @Test
        void aBinaryNodeHoldsItsOperands() {
            assertEquals(new Binary(Op.SUBTRACT, new Var("x"), new Num(1)), Parser.parse("x - 1"));
        }
    }

    @Nested
    class RejectsMalformedInput {

        @ParameterizedTest(name = "\"{0}\" -> {3}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
                ""              | 1  | an expression       | expected an expression at column 1
                "   "           | 4  | an expression       | expected an expression at column 4
                1 +             | 4  | an expression       | expected an expression at column 4
                (x              | 3  | ')'                 | expected ')' at column 3
                (1-x)^2 + (3*x  | 15 | ')'                 | expected ')' at column 15
                (1-x)^2 +(3*x   | 14 | ')'                 | expected ')' at column 14
                ((x + y) * 2    | 13 | ')'                 | expected ')' at column 13
                x)              | 2  | end of input        | expected end of input at column 2
                2 ** 3          | 4  | an expression       | expected an expression at column 4: for a power write ^ (x^2), not ** as in Python
                3x              | 2  | end of input        | expected end of input at column 2: for a product write * (3*x)
                2 pi            | 3  | end of input        | expected end of input at column 3: for a product write * (2*pi)
                1.2.3           | 4  | end of input        | expected end of input at column 4
                x $ y           | 3  | end of input        | unexpected character '$' at column 3
                $               | 1  | an expression       | unexpected character '$' at column 1
                (x ; y)         | 4  | ')'                 | unexpected character ';' at column 4
                .               | 1  | an expression       | unexpected character '.' at column 1
                sin()           | 5  | an expression       | expected an expression at column 5
                sin(x, y)       | 6  | ')'                 | sin takes exactly one argument at column 6
                sin(x           | 6  | ')'                 | expected ')' at column 6
                sin + 1         | 5  | '('                 | expected '(' at column 5
                sqrt            | 5  | '('                 | expected '(' at column 5
                x ^             | 4  | an expression       | expected an expression at column 4
                ()              | 2  | an expression       | expected an expression at column 2
                1e999           | 1  | a finite number     | number 1e999 is out of range at column 1
                "x, y"          | 2  | end of input        | expected end of input at column 2
                """)
        void withTheColumnAndWhatWasExpected(String source, int column, String expected, String message) {
            assertThatThrownBy(() -> Parser.parse(source))
                    .isInstanceOfSatisfying(ParseException.class, e -> {
                        assertEquals(column, e.column(), "column");
                        assertEquals(expected, e.expected(), "expected");
                        assertEquals(message, e.getMessage(), "message");
                    });
        }

        @ParameterizedTest(name = "\"{0}\" -> {2}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
                foo(x)          | 1  | unknown function 'foo' at column 1.
                1 + x(2)        | 5  | unknown function 'x' at column 5.
                Sin(x)          | 1  | unknown function 'Sin' at column 1: did you mean sin?
                2*LOG10(x)      | 3  | unknown function 'LOG10' at column 3: did you mean log10?
                ln(x)           | 1  | unknown function 'ln' at column 1: did you mean log (the natural logarithm)?
                arctan(x)       | 1  | unknown function 'arctan' at column 1: did you mean atan?
                pow(x)          | 1  | unknown function 'pow' at column 1: did you mean the operator ^ (x^y)?
                ezp(x)          | 1  | unknown function 'ezp' at column 1: did you mean exp?
                sni(x)          | 1  | unknown function 'sni' at column 1: did you mean sin?
                sqroot(x)       | 1  | unknown function 'sqroot' at column 1.
                logg(x)         | 1  | unknown function 'logg' at column 1: did you mean log?
                sqt(x)          | 1  | unknown function 'sqt' at column 1: did you mean sqrt?
                cos2(x)         | 1  | unknown function 'cos2' at column 1.
                tah(x)          | 1  | unknown function 'tah' at column 1.
                """)
        // A guess only when one function is one slip away: cos2 is as near cos as cosh, tah as tan as tanh.
        void anUnknownFunctionIsAnsweredWithTheFunctionsAndAGuess(String source, int column, String problem) {
            assertThatThrownBy(() -> Parser.parse(source))
                    .isInstanceOfSatisfying(ParseException.class, e -> {
                        assertEquals(column, e.column(), "column");
                        assertEquals("a known function", e.expected(), "expected");
                        assertEquals(problem + " The functions are sin, cos, tan, asin, acos, atan, sinh, cosh, "
                                + "tanh, exp, log, log10, sqrt, abs.", e.getMessage(), "message");
                    });
            // Every guess is a function that parses, or the operator.
            String guess = Fn.meant(source.substring(column - 1, source.indexOf('('))).orElse("sin");
            if (!guess.startsWith("the operator")) {
                assertThat(Parser.parse(guess.split(" ")[0] + "(x)")).isNotNull();
            }
        }

        @ParameterizedTest(name = "\"{0}\" -> {1}")
        @DisplayName("what a writer from another notation meant: a product, a call, Python's power, a Greek letter")
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
                2(x+1)          | expected end of input at column 2: for a product write * (2*(…))
                (x+1)(x-1)      | expected end of input at column 6: for a product write * ((…)*(…))
                x y             | expected end of input at column 3: for a product write * (x*y)
                (2x)            | expected ')' at column 3: for a product write * (2*x)
                sin x           | expected '(' at column 5: a function's argument goes in parentheses (sin(x))
                x**2 + 1        | expected an expression at column 3: for a power write ^ (x^2), not ** as in Python
                x * * 2         | expected an expression at column 5
                θ^2             | unexpected character 'θ' at column 1: names are made of the letters a-z and A-Z, digits and _ (theta, not θ)
                1.2.3           | expected end of input at column 4
                """)
        void otherNotations(String source, String message) {
            assertThatThrownBy(() -> Parser.parse(source)).isInstanceOf(ParseException.class).hasMessage(message);
        }

        @Test
        @DisplayName("x² -> a superscript digit is answered with the power to write")
        void aSuperscriptIsAnsweredWithThePower() {
            assertThatThrownBy(() -> Parser.parse("x² + 1"))
                    .isInstanceOfSatisfying(ParseException.class, e -> {
                        assertEquals(2, e.column(), "column");
                        assertEquals("unexpected character '²' at column 2: for a power write ^2 (x^2)",
                                e.getMessage());
                    });
        }

        @Test
        void nullAsAnExpressionMissingAtColumnOne() {
            assertThatThrownBy(() -> Parser.parse(null))
                    .isInstanceOf(ParseException.class)
                    .hasMessage("expected an expression at column 1");
        }

        @ParameterizedTest
        @ValueSource(ints = {201, 1_000, 9_000})
        void deepNestingWithoutOverflowingTheStack(int depth) {
            String source = "(".repeat(depth) + "x" + ")".repeat(depth);
            assertThatThrownBy(() -> Parser.parse(source))
                    .isInstanceOf(ParseException.class)
                    .hasMessage("expression nested deeper than 200 levels at column 201");
        }

        @Test
        void aLongChainOfUnaryMinus() {
            assertThatThrownBy(() -> Parser.parse("-".repeat(10_000) + "x"))
                    .isInstanceOf(ParseException.class)
                    .hasMessageStartingWith("expression nested deeper than 200 levels");
        }

        @Test
        void nestingUpToTheLimitIsAccepted() {
            String source = "(".repeat(199) + "x" + ")".repeat(199);
            assertEquals("x", Parser.parse(source).parenthesized());
        }

        @Test
        void aFlatSumTallerThanTheLimit() {
            String source = "x" + "+x".repeat(Parser.MAX_HEIGHT);
            assertThatThrownBy(() -> Parser.parse(source))
                    .isInstanceOfSatisfying(ParseException.class, e -> {
                        assertEquals("at most 2000 nested operations", e.expected());
                        assertEquals(2 * Parser.MAX_HEIGHT, e.column(), "column of the last '+'");
                    });
        }

        @Test
        void aFlatSumAtTheLimitIsAccepted() {
            Expr sum = Parser.parse("x" + "+x".repeat(Parser.MAX_HEIGHT - 1));
            assertThat(sum).isInstanceOf(Binary.class);
        }

        @Test
        void sourceLongerThanTheLimit() {
            assertThatThrownBy(() -> Parser.parse("(".repeat(Parser.MAX_LENGTH + 1)))
                    .isInstanceOfSatisfying(ParseException.class, e -> {
                        assertEquals(Parser.MAX_LENGTH + 1, e.column());
                        assertEquals("expression longer than 2000000 characters at column 2000001", e.getMessage());
                    });
        }
    }
}
