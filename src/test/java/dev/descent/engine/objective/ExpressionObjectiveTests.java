package dev.descent.engine.objective;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.engine.ad.Tape;
import dev.descent.engine.expr.Parser;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The formulas {@link ExpressionObjective} keeps compiled, and that objectives sharing a tape stay independent. */
class ExpressionObjectiveTests {

    /** A formula no other test compiles: the kept tapes are shared by the whole JVM. */
    private static String unique(String formula) {
        long salt = UUID.randomUUID().getMostSignificantBits() >>> 12;
        return formula + " + 0*" + salt;
    }

    @Test
    void aFormulaSentAgainIsNotCompiledAgain() {
        String formula = unique("(1-x)^2 + 100*(y-x^2)^2");
        ExpressionObjective first = ExpressionObjective.compile(formula);
        ExpressionObjective second = ExpressionObjective.compile(formula);
        assertThat(second.tape()).isSameAs(first.tape());
        assertThat(second.formula()).isEqualTo(formula);
        // Each has its own evaluator: evaluations interleaved at different points do not mix (the reference is a
        // tape of its own).
        Tape.Evaluator reference = Tape.compile(Parser.parse(formula), List.of("x", "y")).evaluator();
        double[] g1 = new double[2];
        double[] g2 = new double[2];
        double[] expected = new double[2];
        for (int i = 0; i < 50; i++) {
            double[] a = {-1.5 + 0.01 * i, 2};
            double[] b = {0.5, -0.25 * i};
            double f1 = first.valueAndGradient(a, g1);
            double f2 = second.valueAndGradient(b, g2);
            assertThat(f1).isEqualTo(reference.valueAndGradient(a, expected));
            assertThat(g1).containsExactly(expected);
            assertThat(f2).isEqualTo(reference.valueAndGradient(b, expected));
            assertThat(g2).containsExactly(expected);
        }
    }

    @Test
    void theLeastRecentlyUsedAreDropped() {
        String formula = unique("x^2 + y^2");
        ExpressionObjective first = ExpressionObjective.compile(formula);
        for (int i = 0; i < ExpressionObjective.KEPT_FORMULAS; i++) {
            ExpressionObjective.compile(unique("x^2 + " + i + "*y"));
        }
        assertThat(ExpressionObjective.compile(formula).tape()).isNotSameAs(first.tape());
    }

    @Test
    void longFormulasAreCompiledEachTime() {
        StringBuilder sum = new StringBuilder("x");
        while (sum.length() <= ExpressionObjective.KEPT_LENGTH) {
            sum.append(" + x*y");
        }
        String formula = sum.toString();
        assertThat(ExpressionObjective.compile(formula).tape())
                .isNotSameAs(ExpressionObjective.compile(formula).tape());
    }
}
