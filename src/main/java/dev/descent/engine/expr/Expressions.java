package dev.descent.engine.expr;

import dev.descent.engine.expr.Expr.Binary;
import dev.descent.engine.expr.Expr.Call;
import dev.descent.engine.expr.Expr.Neg;
import dev.descent.engine.expr.Expr.Var;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Questions about an {@link Expr} as a whole. */
public final class Expressions {

    /**
     * Natural order of names: the part before any trailing digits compared as text, then the trailing digits
     * compared as a number, so {@code x2 < x10}, {@code a < b}, {@code x < x1}. Names that differ only in leading
     * zeros ({@code x01}, {@code x1}) fall back to plain text order, so the order is total and consistent with equals.
     */
    public static final Comparator<String> NATURAL_ORDER = Expressions::compareNatural;

    private Expressions() {
    }

    /** The distinct variable names of {@code expr} in {@link #NATURAL_ORDER}; constants are not variables. */
    public static List<String> variables(Expr expr) {
        Set<String> names = new TreeSet<>(NATURAL_ORDER);
        collectVariables(expr, names);
        return List.copyOf(names);
    }

    private static void collectVariables(Expr expr, Set<String> names) {
        if (expr instanceof Var v) {
            names.add(v.name());
        } else if (expr instanceof Neg n) {
            collectVariables(n.operand(), names);
        } else if (expr instanceof Binary b) {
            collectVariables(b.left(), names);
            collectVariables(b.right(), names);
        } else if (expr instanceof Call c) {
            collectVariables(c.argument(), names);
        }
    }

    private static int compareNatural(String a, String b) {
        int aDigits = trailingDigitsStart(a);
        int bDigits = trailingDigitsStart(b);
        int byPrefix = a.substring(0, aDigits).compareTo(b.substring(0, bDigits));
        if (byPrefix != 0) {
            return byPrefix;
        }
        boolean aNumbered = aDigits < a.length();
        boolean bNumbered = bDigits < b.length();
        if (aNumbered != bNumbered) {
            return aNumbered ? 1 : -1;
        }
        if (aNumbered) {
            int byNumber = new BigInteger(a.substring(aDigits)).compareTo(new BigInteger(b.substring(bDigits)));
            if (byNumber != 0) {
                return byNumber;
            }
        }
        return a.compareTo(b);
    }

    private static int trailingDigitsStart(String name) {
        int i = name.length();
        while (i > 0 && Character.isDigit(name.charAt(i - 1))) {
            i--;
        }
        return i;
    }
}
