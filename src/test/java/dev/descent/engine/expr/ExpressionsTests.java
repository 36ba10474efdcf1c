package dev.descent.engine.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExpressionsTests {

    @Test
    void variablesAreListedOnceInNaturalOrder() {
        Expr expr = Parser.parse("x10 + x2*x1 - sin(x2) + b^a + x1");
        assertEquals(List.of("a", "b", "x1", "x2", "x10"), Expressions.variables(expr));
    }

    @Test
    void constantsAndFunctionsAreNotVariables() {
        assertEquals(List.of("x"), Expressions.variables(Parser.parse("pi * e * sin(x)")));
        assertEquals(List.of(), Expressions.variables(Parser.parse("2 * pi")));
    }

    @Test
    void naturalOrderComparesTheNumericSuffixAsANumber() {
        List<String> expected = List.of("a", "a_1", "theta", "x", "x01", "x1", "x2", "x9", "x10", "x11", "x100",
                "x99999999999999999999", "y", "y1b", "y2a");
        List<String> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(42));
        shuffled.sort(Expressions.NATURAL_ORDER);
        assertEquals(expected, shuffled);
    }

    @Test
    void theCatalogsNumberedVariablesComeOutInIndexOrder() {
        StringBuilder source = new StringBuilder("0");
        for (int i = 12; i >= 1; i--) {
            source.append(" + x").append(i);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            expected.add("x" + i);
        }
        assertEquals(expected, Expressions.variables(Parser.parse(source.toString())));
    }
}
