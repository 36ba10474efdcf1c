package dev.descent.export;

import dev.descent.engine.ad.Tape;
import dev.descent.engine.expr.Expr;
import dev.descent.engine.expr.Expr.Binary;
import dev.descent.engine.expr.Expr.Call;
import dev.descent.engine.expr.Expr.Neg;
import dev.descent.engine.expr.Expr.Var;
import dev.descent.engine.expr.Expressions;
import dev.descent.engine.expr.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A parsed formula as torch operations on float64 tensors, written so that torch computes what the engine's tape
 * computes, operation for operation:
 * <ul>
 *   <li>Subtrees without variables are folded here, by the tape's value rules (Java's {@code Math}), and written
 *       as literals: the tape folds them at compile time, and Python's {@code math} would not round the same way
 *       everywhere.
 *   <li>Every other constant is a 0-dimensional float64 tensor ({@code C[i]}), never a Python float: torch's
 *       {@code 2.0 / t} is {@code t.reciprocal() * 2.0}, one more rounding than the tape's {@code 2 / t}.
 *   <li>A power with a constant exponent is {@code a ** k} with {@code k} a Python float, so torch takes the same
 *       fast paths as the tape ({@code k = 2} is {@code a*a}, {@code 0.5} is {@code sqrt}, ...) and its derivative
 *       {@code k * a^(k-1)} (0 for {@code k = 0}); a power whose exponent depends on a variable is
 *       {@code torch.pow(a, b)}, whose derivative in {@code b} is taken as 0 at {@code a = 0, b >= 0}, as on the tape.
 *   <li>{@code abs} is {@code torch.abs}, whose derivative at 0 is 0 ({@code sgn}), as on the tape.
 * </ul>
 * What remains is the order in which a derivative rule multiplies its factors (torch's {@code grad * (2 * a)}
 * against the tape's), a rounding apart: the trajectories agree to about 1e-15 relative per step.
 */
final class TorchExpression {

    private final Map<String, Integer> variables;
    private final List<Double> constants = new ArrayList<>();
    /** Whether to write jax.numpy ({@code jnp}) in place of torch: the same expression for an Optax snippet. */
    private final boolean jax;

    private TorchExpression(Map<String, Integer> variables, boolean jax) {
        this.variables = variables;
        this.jax = jax;
    }

    /** The Python source of {@code expr} over the tensor {@code x} and the constants {@code C}, and the constants. */
    record Source(String expression, List<Double> constants) {
    }

    /** {@code expr} in torch, its variable {@code name} read as {@code x[variables.get(name)]}. */
    static Source of(Expr expr, Map<String, Integer> variables) {
        return of(expr, variables, false);
    }

    /**
     * {@code expr} in jax.numpy ({@code jnp.sin}, {@code jnp.arcsin}, {@code jnp.power}), for an Optax snippet: the
     * same folding and constants; jax's own rules round as they do.
     */
    static Source jax(Expr expr, Map<String, Integer> variables) {
        return of(expr, variables, true);
    }

    private static Source of(Expr expr, Map<String, Integer> variables, boolean jax) {
        TorchExpression writer = new TorchExpression(variables, jax);
        OptionalDouble folded = fold(expr);
        String source = folded.isPresent() ? writer.constant(folded.getAsDouble()) : writer.write(expr);
        return new Source(source, List.copyOf(writer.constants));
    }

    private String write(Expr expr) {
        OptionalDouble folded = fold(expr);
        if (folded.isPresent()) {
            return constant(folded.getAsDouble());
        }
        if (expr instanceof Var v) {
            return "x[" + variables.get(v.name()) + "]";
        }
        if (expr instanceof Neg n) {
            return "(-" + write(n.operand()) + ")";
        }
        if (expr instanceof Call c) {
            String name = c.fn().functionName();
            if (jax) {
                name = switch (name) {
                    case "asin" -> "arcsin";
                    case "acos" -> "arccos";
                    case "atan" -> "arctan";
                    default -> name;
                };
            }
            return (jax ? "jnp." : "torch.") + name + "(" + write(c.argument()) + ")";
        }
        Binary b = (Binary) expr;
        if (b.op() == Op.POWER) {
            OptionalDouble exponent = fold(b.right());
            if (exponent.isPresent()) {
                return "(" + write(b.left()) + " ** " + literal(exponent.getAsDouble()) + ")";
            }
            return (jax ? "jnp.power(" : "torch.pow(") + write(b.left()) + ", " + write(b.right()) + ")";
        }
        return "(" + write(b.left()) + " " + b.op().symbol() + " " + write(b.right()) + ")";
    }

    private String constant(double value) {
        constants.add(value);
        return "C[" + (constants.size() - 1) + "]";
    }

    /** A Python float literal of exactly {@code value}. */
    static String literal(double value) {
        if (Double.isNaN(value)) {
            return "float('nan')";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "float('inf')" : "float('-inf')";
        }
        return Double.toString(value); // Python reads Java's form (1.0E-4) back to the same double
    }

    /**
     * The value of a subtree without variables, as the service computes it (the subtree compiled to a tape of no
     * variables and evaluated: the tape's own value rules, its fast paths of constant powers included); empty if it
     * has a variable.
     */
    static OptionalDouble fold(Expr expr) {
        if (!Expressions.variables(expr).isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Tape.compile(expr, List.of()).evaluator().value(new double[0]));
    }
}
