package dev.descent.engine.ad;

import dev.descent.engine.expr.Expr;
import dev.descent.engine.expr.Expr.Binary;
import dev.descent.engine.expr.Expr.Call;
import dev.descent.engine.expr.Expr.Const;
import dev.descent.engine.expr.Expr.Neg;
import dev.descent.engine.expr.Expr.Num;
import dev.descent.engine.expr.Expr.Var;
import dev.descent.engine.expr.Expressions;
import dev.descent.engine.expr.Fn;
import dev.descent.engine.expr.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An expression compiled once into a flat program (a tape) that gives its value and exact gradient.
 *
 * <p>Every intermediate value has a slot. Slots {@code [0, dimension)} hold the variables in the order given to
 * {@link #compile}, then come the constants (written once per {@link Evaluator}), then one slot per operation in
 * evaluation order; the result is in one of these slots (usually the last). An operation {@code i} reads the slots {@code left[i]} and
 * {@code right[i]} and, for a power with a constant exponent, the number {@code exponent[i]}.
 * {@link Evaluator#valueAndGradient} runs the operations forward, then walks them backward accumulating adjoints
 * (micrograd's {@code _backward}, one array pass instead of a graph). Evaluation allocates nothing.
 *
 * <p><b>Two ways to run it.</b> The interpreter here loops over the arrays, in buffers allocated when an evaluator
 * is made; it is the reference. {@link TapeCodeGenerator} writes the same program out as straight-line bytecode, one
 * local variable per slot, which the JIT compiles as it would hand-written Java (on the Rosenbrock function, within
 * 1.5 times of the hand-written gradient and ten times faster than the interpreter: see ExpressionBenchmark); the
 * results are the same bit for bit. A tape's evaluators interpret its first {@value #INTERPRETED_EVALUATIONS}
 * evaluations, counted over all of them (so many short runs of one shared tape add up), then switch to the
 * generated code (made once per tape), unless the tape is too long for it (hundreds of operations).
 *
 * <p><b>Numerics.</b> Values follow the obvious Java arithmetic in the order written, so that {@code (1-x)^2} is
 * {@code (1 - x) * (1 - x)} exactly; results are meant to agree with PyTorch in double precision, whose rules are
 * mirrored where there is a choice:
 * <ul>
 *   <li>Subtrees without variables are folded to a constant at compile time (using the same rules as at run time).
 *       Nothing else is simplified: {@code x*0} stays a multiplication, so NaN and infinity propagate as written.
 *   <li>A power with a constant exponent {@code k} takes PyTorch's fast paths: {@code k = 2} is {@code a*a},
 *       {@code 3} is {@code a*a*a}, {@code -2} is {@code 1/(a*a)}, {@code 0.5} is {@code sqrt(a)}, {@code -0.5} is
 *       {@code 1/sqrt(a)}, {@code -1} is {@code 1/a}, {@code 1} is {@code a}, {@code 0} is {@code 1}; otherwise
 *       {@link Math#pow}. Its derivative is {@code k * a^(k-1)} by the same rule (exact for negative {@code a} and
 *       integer {@code k}), and 0 when {@code k = 0}. The exponent gets no adjoint, so no {@code log(a)} is taken.
 *   <li>A power {@code a^b} whose exponent depends on a variable: value {@link Math#pow}; {@code d/da} is
 *       {@code b * a^(b-1)} (0 when {@code b = 0}), {@code d/db} is {@code a^b * ln(a)}, taken as 0 when
 *       {@code a = 0} and {@code b >= 0} (as PyTorch does). For {@code a < 0} the value is NaN unless {@code b} is an
 *       integer, and {@code d/db} is NaN (the logarithm of a negative number), so the gradient is NaN too.
 *   <li>{@code abs'(0) = 0}, like PyTorch's {@code sgn}. Outside a function's domain (e.g. {@code log} of a negative
 *       number) the value and gradient are NaN or infinite, never an exception.
 * </ul>
 *
 * <p><b>Hessian-vector products.</b> {@link Evaluator#hessianVector} gives H(x)·v exactly (up to rounding) by
 * forward-over-reverse: each slot carries, beside its value and adjoint, their directional derivatives along v
 * (tangents), and each operation's derivative rule is differentiated once more (its second-derivative rule sits
 * beside its first in {@code Evaluator.backwardWithTangents()}). One call costs about four gradients; it is
 * interpreted only (never generated code), as Hessian-vector products are few (a curvature estimate takes dozens).
 * Where the gradient follows a convention (abs'(0) = 0, d/db of a^b at a = 0), the tangent is that of the
 * convention: 0 for abs, whose second derivative is 0 away from 0 and a Dirac mass at 0 that no product can show.
 *
 * <p>Immutable (but for its generated code, made once when first needed) and thread-safe: share one tape between
 * threads, and give each thread its own {@link #evaluator()}.
 */
public final class Tape {

    // Opcodes. apply() (value rules) and Evaluator.forwardAndBackward() (derivative rules) handle them in the same order, so
    // each derivative rule can be read against its value rule; TapeCodeGenerator emits the same rules as bytecode.
    static final int NEG = 0;
    static final int ADD = 1;
    static final int SUB = 2;
    static final int MUL = 3;
    static final int DIV = 4;
    static final int POW = 5;
    static final int SQUARE = 6;
    static final int POW_CONSTANT = 7;
    static final int SIN = 8;
    static final int COS = 9;
    static final int TAN = 10;
    static final int ASIN = 11;
    static final int ACOS = 12;
    static final int ATAN = 13;
    static final int SINH = 14;
    static final int COSH = 15;
    static final int TANH = 16;
    static final int EXP = 17;
    static final int LOG = 18;
    static final int LOG10 = 19;
    static final int SQRT = 20;
    static final int ABS = 21;

    static final double LN_10 = Math.log(10);

    private final List<String> variables;
    // The program, package-private for TapeCodeGenerator, which reads it and never writes it.
    final int dimension;
    /** Slot values of the constants, starting at slot {@code dimension}. */
    final double[] constants;
    /** First operation slot: {@code dimension + constants.length}. */
    final int firstOperation;
    /** Per operation slot (indexed from {@code firstOperation}): opcode, operand slots, constant exponent. */
    final int[] code;
    final int[] left;
    final int[] right;
    final double[] exponent;
    final int output;

    /**
     * Evaluations an evaluator interprets before it switches to the generated code. Until the JIT has compiled it,
     * generated code runs in the JVM's bytecode interpreter, slower than the tape interpreter (compiled long ago, as
     * every tape runs it): for the 10-dimensional Rosenbrock function its first thousand calls take 1.5 to 5 ms
     * against 0.25 ms interpreted, after which a call takes 30 ns against 240 ns. So a short run is done sooner
     * without generated code, and a long one pays for the switch within some 20,000 more evaluations.
     */
    static final int INTERPRETED_EVALUATIONS = 10_000;

    /** Evaluators add their interpreted evaluations to the tape's count this many at a time. */
    static final int COUNTING_BATCH = 100;

    /** Interpreted evaluations, by all evaluators together, left before the code is generated. */
    private final AtomicInteger interpretedLeft = new AtomicInteger(INTERPRETED_EVALUATIONS);

    /** The generated code: null until first asked for, then empty if the tape is too long to generate it for. */
    private volatile Optional<TapeCode> generated;
    private final Object generating = new Object();

    private Tape(List<String> variables, double[] constants, int[] code, int[] left, int[] right, double[] exponent,
            int output) {
        this.variables = variables;
        this.dimension = variables.size();
        this.constants = constants;
        this.firstOperation = dimension + constants.length;
        this.code = code;
        this.left = left;
        this.right = right;
        this.exponent = exponent;
        this.output = output;
    }

    /**
     * Compiles {@code expr} with the given variable order, which fixes the meaning of {@code x[i]} and
     * {@code gradient[i]}. Variables listed but absent from the expression have gradient 0.
     *
     * @throws IllegalArgumentException if the expression uses a variable not in {@code variables}, or a name is
     *         listed twice
     * @throws NullPointerException if an argument is null
     */
    public static Tape compile(Expr expr, List<String> variables) {
        Objects.requireNonNull(expr, "expr");
        List<String> order = List.copyOf(variables);
        Map<String, Integer> slots = new HashMap<>();
        for (String name : order) {
            if (slots.putIfAbsent(name, slots.size()) != null) {
                throw new IllegalArgumentException("Variable '" + name + "' is listed twice in " + order);
            }
        }
        for (String name : Expressions.variables(expr)) {
            if (!slots.containsKey(name)) {
                throw new IllegalArgumentException("Variable '" + name + "' is not among the variables " + order);
            }
        }
        return new Compiler(slots).compile(order, expr);
    }

    /** The variable names, in the order of {@code x[]} and {@code gradient[]}. */
    public List<String> variables() {
        return variables;
    }

    /** The number of variables: the length of {@code x[]} and {@code gradient[]}. */
    public int dimension() {
        return dimension;
    }

    /** The number of slots (variables, constants and operations): the length of each evaluator buffer. */
    public int size() {
        return firstOperation + code.length;
    }

    /**
     * A new evaluator. Cheap enough to make one per thread or per run. It runs the tape's generated code if there is
     * some already; otherwise it interprets, and after {@value #INTERPRETED_EVALUATIONS} evaluations it has the code
     * generated (once per tape, under a millisecond) and runs that. Either way the results are the same.
     */
    public Evaluator evaluator() {
        return new Evaluator(false);
    }

    /** An evaluator that always runs the interpreter, the reference the generated code is tested against. */
    Evaluator interpreter() {
        return new Evaluator(true);
    }

    /**
     * The straight-line code generated for this tape, made on the first call (once, whichever thread asks first);
     * empty if the tape is too long for it, and then evaluators interpret.
     */
    Optional<TapeCode> generated() {
        Optional<TapeCode> result = generated;
        if (result == null) {
            synchronized (generating) {
                result = generated;
                if (result == null) {
                    result = TapeCodeGenerator.generate(this);
                    generated = result;
                }
            }
        }
        return result;
    }

    /**
     * Whether this tape's own code has been generated (its evaluators have interpreted it
     * {@value #INTERPRETED_EVALUATIONS} times, or a test asked) and it was short enough to have some; does not make
     * it.
     */
    boolean hasGeneratedCode() {
        Optional<TapeCode> made = generated;
        return made != null && made.isPresent();
    }

    /**
     * Evaluates the tape, by its generated code when there is some, else by interpreting it; both give the same
     * results bit for bit. Not thread-safe: it counts its evaluations, and an interpreting evaluator owns the value
     * and adjoint buffers it works in (the generated code keeps everything in local variables). Evaluation allocates
     * nothing, but for the one evaluation that has the tape's code generated.
     */
    public final class Evaluator {

        /** The generated code, shared by all evaluators of the tape (it is stateless); null while interpreting. */
        private TapeCode generatedCode;
        /** The reference interpreter never switches. */
        private final boolean reference;
        /** Interpreted evaluations not yet added to the tape's count. */
        private int uncounted;
        private final double[] values;
        private final double[] adjoints;
        /** Buffers of {@link #hessianVector}, its own (so first-order evaluation is untouched); made on first use. */
        private SecondOrder secondOrder;

        private Evaluator(boolean reference) {
            Optional<TapeCode> made = generated;
            generatedCode = reference || made == null ? null : made.orElse(null);
            this.reference = reference;
            values = generatedCode == null ? new double[size()] : null;
            adjoints = generatedCode == null ? new double[size()] : null;
            if (generatedCode == null) {
                System.arraycopy(constants, 0, values, dimension, constants.length);
            }
        }

        /** The tape this evaluator runs. */
        public Tape tape() {
            return Tape.this;
        }

        /**
         * The value at {@code x}.
         *
         * @throws IllegalArgumentException if {@code x.length != dimension()}
         */
        public double value(double[] x) {
            checkLength("x", x);
            if (generatedCode != null) {
                return generatedCode.value(x);
            }
            forward(x);
            counted();
            return values[output];
        }

        /**
         * The value at {@code x}; writes {@code ∂f/∂x[i]} into {@code gradient[i]} (overwriting it).
         *
         * @throws IllegalArgumentException if {@code x.length} or {@code gradient.length} is not {@code dimension()}
         */
        public double valueAndGradient(double[] x, double[] gradient) {
            if (generatedCode != null) {
                return generatedValueAndGradient(x, gradient);
            }
            return interpretedValueAndGradient(x, gradient);
        }

        /**
         * {@link #valueAndGradient} by the generated code. A method of its own, under the JIT's size for inlining
         * any call (35 bytes), so that its call of the generated code is profiled over generated evaluations only:
         * in {@code valueAndGradient}, that call was judged by its share of all evaluations, the interpreted first
         * ones included, and when the caller was compiled early the generated code (past 35 bytes) was not
         * inlined into a descent loop ("too big"), a run costing up to twice as much from one JVM to the next.
         */
        private double generatedValueAndGradient(double[] x, double[] gradient) {
            checkLength("x", x);
            checkLength("gradient", gradient);
            return generatedCode.valueAndGradient(x, gradient);
        }

        private double interpretedValueAndGradient(double[] x, double[] gradient) {
            checkLength("x", x);
            checkLength("gradient", gradient);
            forwardAndBackward(x);
            System.arraycopy(adjoints, 0, gradient, 0, dimension);
            counted();
            return values[output];
        }

        /**
         * The value at {@code x}; writes the Hessian-vector product H(x)·v into {@code hessianVector} and, unless it
         * is null, the gradient into {@code gradient} (the same doubles {@link #valueAndGradient} gives). Exact up to
         * rounding, by forward-over-reverse automatic differentiation: the forward pass propagates the tangents
         * ẏ = Σ ∂y/∂a · ȧ of every slot along {@code v}, the backward pass the adjoints g and their tangents ġ,
         * pushing ġ · ∂y/∂a + g · (∂y/∂a)˙ to each operand; the tangents of the variables' adjoints are H·v.
         * Always interpreted, in buffers of its own allocated on the first call; it does not count towards the
         * switch to generated code. Non-finite intermediate results propagate as NaN or infinity, never an exception.
         *
         * @param x             the point, length {@code dimension()}
         * @param v             the direction, length {@code dimension()} (any length: H is linear in it)
         * @param gradient      receives ∇f(x), or null
         * @param hessianVector receives H(x)·v, length {@code dimension()}; may not be {@code x} or {@code v}
         * @throws IllegalArgumentException if an array has the wrong length
         */
        public double hessianVector(double[] x, double[] v, double[] gradient, double[] hessianVector) {
            checkLength("x", x);
            checkLength("v", v);
            checkLength("hessianVector", hessianVector);
            if (gradient != null) {
                checkLength("gradient", gradient);
            }
            if (secondOrder == null) {
                secondOrder = new SecondOrder();
            }
            SecondOrder so = secondOrder;
            forwardWithTangents(so, x, v);
            backwardWithTangents(so);
            if (gradient != null) {
                System.arraycopy(so.adjoints, 0, gradient, 0, dimension);
            }
            System.arraycopy(so.adjointTangents, 0, hessianVector, 0, dimension);
            return so.values[output];
        }

        /** Whether this evaluator runs generated code (from its next evaluation on). */
        boolean runsGeneratedCode() {
            return generatedCode != null;
        }

        /**
         * Counts an interpreted evaluation, a batch at a time: switches to the generated code when another evaluator
         * had it made, or has it made when the tape's count runs out.
         */
        private void counted() {
            if (reference || ++uncounted < COUNTING_BATCH) {
                return;
            }
            uncounted = 0;
            Optional<TapeCode> made = generated;
            if (made == null && interpretedLeft.addAndGet(-COUNTING_BATCH) <= 0) {
                made = generated();
            }
            if (made != null) {
                generatedCode = made.orElse(null);
            }
        }

        private void forward(double[] x) {
            double[] v = values;
            int[] op = code;
            int[] l = left;
            int[] r = right;
            double[] k = exponent;
            System.arraycopy(x, 0, v, 0, dimension);
            for (int i = 0, slot = firstOperation; i < op.length; i++, slot++) {
                v[slot] = apply(op[i], v[l[i]], v[r[i]], k[i]);
            }
        }

        /**
         * The forward pass at {@code x}, then reverse mode: seed the output's adjoint with 1, then push each
         * operation's adjoint {@code g} to its operands, last operation first. Adjoints accumulate ({@code +=}) because a slot may feed several operations.
         */
        private void forwardAndBackward(double[] x) {
            // The forward pass is called from here, not beside this call: this method is too big for the JIT to
            // inline (over 325 bytes), so the interpreter's passes stay out of code that inlines the evaluation
            // (forward and its apply would be inlined, and swell a compiled valueAndGradient past the size a
            // descent loop inlines).
            forward(x);
            // Locals, not fields: the JIT need not reload them after the calls to Math in the loop.
            double[] v = values;
            double[] adj = adjoints;
            int[] op = code;
            int[] lefts = left;
            int[] rights = right;
            double[] exponents = exponent;
            int first = firstOperation;
            Arrays.fill(adj, 0.0);
            adj[output] = 1.0;
            for (int i = op.length - 1; i >= 0; i--) {
                double g = adj[first + i];
                double y = v[first + i];
                int l = lefts[i];
                int r = rights[i];
                double a = v[l];
                switch (op[i]) {
                    case NEG -> adj[l] -= g;
                    case ADD -> {
                        adj[l] += g;
                        adj[r] += g;
                    }
                    case SUB -> {
                        adj[l] += g;
                        adj[r] -= g;
                    }
                    case MUL -> {
                        adj[l] += g * v[r];
                        adj[r] += g * a;
                    }
                    case DIV -> {
                        double b = v[r];
                        adj[l] += g / b;
                        adj[r] -= g * a / (b * b);
                    }
                    case POW -> {
                        double b = v[r];
                        adj[l] += b == 0.0 ? 0.0 : g * (b * Math.pow(a, b - 1.0));
                        // ln(0) is -inf; PyTorch takes d/db = 0 there when b >= 0, so do we.
                        adj[r] += (a == 0.0 && b >= 0.0) ? 0.0 : g * (y * Math.log(a));
                    }
                    case SQUARE -> adj[l] += g * (2.0 * a);
                    case POW_CONSTANT -> {
                        double k = exponents[i];
                        adj[l] += k == 0.0 ? 0.0 : g * (k * powConstant(a, k - 1.0));
                    }
                    case SIN -> adj[l] += g * Math.cos(a);
                    case COS -> adj[l] += g * -Math.sin(a);
                    case TAN -> adj[l] += g * (1.0 + y * y);
                    case ASIN -> adj[l] += g * (1.0 / Math.sqrt(1.0 - a * a));
                    case ACOS -> adj[l] += g * -(1.0 / Math.sqrt(1.0 - a * a));
                    case ATAN -> adj[l] += g / (a * a + 1.0);
                    case SINH -> adj[l] += g * Math.cosh(a);
                    case COSH -> adj[l] += g * Math.sinh(a);
                    case TANH -> adj[l] += g * (1.0 - y * y);
                    case EXP -> adj[l] += g * y;
                    case LOG -> adj[l] += g / a;
                    case LOG10 -> adj[l] += g / (a * LN_10);
                    case SQRT -> adj[l] += g / (2.0 * y);
                    case ABS -> adj[l] += g * Math.signum(a); // signum(0) = 0: abs'(0) = 0, as PyTorch's sgn
                    default -> throw new IllegalStateException("opcode " + op[i]);
                }
            }
        }

        /**
         * The forward pass with tangents: each slot's value by the same rule as {@link #forward} (so the same
         * doubles), and its tangent ẏ along v. The constants' tangents stay 0.
         */
        private void forwardWithTangents(SecondOrder so, double[] x, double[] direction) {
            double[] v = so.values;
            double[] t = so.tangents;
            System.arraycopy(x, 0, v, 0, dimension);
            System.arraycopy(direction, 0, t, 0, dimension);
            for (int i = 0, slot = firstOperation; i < code.length; i++, slot++) {
                int l = left[i];
                int r = right[i];
                double a = v[l];
                double b = v[r];
                double y = apply(code[i], a, b, exponent[i]);
                v[slot] = y;
                double da = t[l];
                if (da == 0.0 && t[r] == 0.0) {
                    // Constant along v (for a unary operation r = l): tangent 0, also where the derivative is
                    // infinite (sqrt at 0), which would make 0·∞ = NaN of a slot v does not move.
                    t[slot] = 0.0;
                    continue;
                }
                t[slot] = switch (code[i]) {
                    case NEG -> -da;
                    case ADD -> da + t[r];
                    case SUB -> da - t[r];
                    case MUL -> da * b + a * t[r];
                    case DIV -> (da - y * t[r]) / b;
                    case POW -> powPartialBase(a, b) * da + powPartialExponent(a, b, y) * t[r];
                    case SQUARE -> 2.0 * a * da;
                    case POW_CONSTANT -> powConstantDerivative(a, exponent[i]) * da;
                    case SIN -> Math.cos(a) * da;
                    case COS -> -Math.sin(a) * da;
                    case TAN -> (1.0 + y * y) * da;
                    case ASIN -> da / Math.sqrt(1.0 - a * a);
                    case ACOS -> -da / Math.sqrt(1.0 - a * a);
                    case ATAN -> da / (a * a + 1.0);
                    case SINH -> Math.cosh(a) * da;
                    case COSH -> Math.sinh(a) * da;
                    case TANH -> (1.0 - y * y) * da;
                    case EXP -> y * da;
                    case LOG -> da / a;
                    case LOG10 -> da / (a * LN_10);
                    case SQRT -> da / (2.0 * y);
                    case ABS -> Math.signum(a) * da;
                    default -> throw new IllegalStateException("opcode " + code[i]);
                };
            }
        }

        /**
         * Reverse mode over the tangents: for each operation, last first, with output adjoint g and its tangent ġ,
         * the adjoint rule of {@link #backward} (the same expressions, so the same gradient), and beside it the
         * rule's tangent: an operand whose adjoint gets g·p (p = ∂y/∂a) gets ġ·p + g·ṗ in its tangent, ṗ being p
         * differentiated along v (the second derivatives times the operands' tangents).
         */
        private void backwardWithTangents(SecondOrder so) {
            double[] v = so.values;
            double[] t = so.tangents;
            double[] adj = so.adjoints;
            double[] tadj = so.adjointTangents;
            int first = firstOperation;
            Arrays.fill(adj, 0.0);
            Arrays.fill(tadj, 0.0);
            adj[output] = 1.0;
            for (int i = code.length - 1; i >= 0; i--) {
                double g = adj[first + i];
                double dg = tadj[first + i];
                double y = v[first + i];
                double dy = t[first + i];
                int l = left[i];
                int r = right[i];
                double a = v[l];
                double da = t[l];
                switch (code[i]) {
                    case NEG -> {
                        adj[l] -= g;
                        tadj[l] -= dg;
                    }
                    case ADD -> {
                        adj[l] += g;
                        adj[r] += g;
                        tadj[l] += dg;
                        tadj[r] += dg;
                    }
                    case SUB -> {
                        adj[l] += g;
                        adj[r] -= g;
                        tadj[l] += dg;
                        tadj[r] -= dg;
                    }
                    case MUL -> {
                        double b = v[r];
                        double db = t[r];
                        adj[l] += g * b;
                        adj[r] += g * a;
                        tadj[l] += dg * b + g * db;
                        tadj[r] += dg * a + g * da;
                    }
                    case DIV -> {
                        double b = v[r];
                        double db = t[r];
                        adj[l] += g / b;
                        adj[r] -= g * a / (b * b);
                        // d(1/b) = -db/b²; d(a/b²) = da/b² - 2a·db/b³
                        tadj[l] += dg / b - g * db / (b * b);
                        tadj[r] -= dg * a / (b * b) + g * (da - 2.0 * a * db / b) / (b * b);
                    }
                    case POW -> {
                        double b = v[r];
                        double db = t[r];
                        adj[l] += b == 0.0 ? 0.0 : g * (b * Math.pow(a, b - 1.0));
                        adj[r] += (a == 0.0 && b >= 0.0) ? 0.0 : g * (y * Math.log(a));
                        // p = b·a^(b-1): ṗ = a^(b-1)·(1 + b·ln a)·ḃ + b(b-1)·a^(b-2)·ȧ (terms with a zero factor
                        // dropped, so that 0·ln 0 or 0·0^(-1) make no NaN).
                        double dp = (db == 0.0 ? 0.0
                                        : Math.pow(a, b - 1.0) * (b == 0.0 ? 1.0 : 1.0 + b * Math.log(a)) * db)
                                + (b == 0.0 || b == 1.0 || da == 0.0 ? 0.0
                                        : b * (b - 1.0) * Math.pow(a, b - 2.0) * da);
                        tadj[l] += (b == 0.0 ? 0.0 : dg * (b * Math.pow(a, b - 1.0))) + g * dp;
                        // q = a^b·ln a (0 at a = 0, b >= 0, as its value): q̇ = ẏ·ln a + a^b·ȧ/a
                        if (!(a == 0.0 && b >= 0.0)) {
                            double lnA = Math.log(a);
                            tadj[r] += dg * (y * lnA) + g * (dy * lnA + (da == 0.0 ? 0.0 : y * da / a));
                        }
                    }
                    case SQUARE -> {
                        adj[l] += g * (2.0 * a);
                        tadj[l] += dg * (2.0 * a) + g * (2.0 * da);
                    }
                    case POW_CONSTANT -> {
                        double k = exponent[i];
                        adj[l] += k == 0.0 ? 0.0 : g * (k * powConstant(a, k - 1.0));
                        tadj[l] += dg * powConstantDerivative(a, k)
                                + (k == 0.0 || k == 1.0 || da == 0.0 ? 0.0
                                        : g * (k * (k - 1.0) * powConstant(a, k - 2.0) * da));
                    }
                    case SIN -> {
                        adj[l] += g * Math.cos(a);
                        tadj[l] += dg * Math.cos(a) - g * Math.sin(a) * da;
                    }
                    case COS -> {
                        adj[l] += g * -Math.sin(a);
                        tadj[l] += dg * -Math.sin(a) - g * Math.cos(a) * da;
                    }
                    case TAN -> {
                        adj[l] += g * (1.0 + y * y);
                        tadj[l] += dg * (1.0 + y * y) + g * (2.0 * y * dy);
                    }
                    case ASIN, ACOS -> {
                        // asin' = 1/√(1-a²), acos' = -1/√(1-a²); (1-a²)^(-1/2)˙ = a·ȧ/(1-a²)^(3/2)
                        double sign = code[i] == ASIN ? 1.0 : -1.0;
                        double root = Math.sqrt(1.0 - a * a);
                        double p = sign * (1.0 / root);
                        adj[l] += g * p;
                        tadj[l] += dg * p + g * (sign * a * da / ((1.0 - a * a) * root));
                    }
                    case ATAN -> {
                        double q = a * a + 1.0;
                        adj[l] += g / q;
                        tadj[l] += dg / q - g * (2.0 * a * da) / (q * q);
                    }
                    case SINH -> {
                        adj[l] += g * Math.cosh(a);
                        tadj[l] += dg * Math.cosh(a) + g * Math.sinh(a) * da;
                    }
                    case COSH -> {
                        adj[l] += g * Math.sinh(a);
                        tadj[l] += dg * Math.sinh(a) + g * Math.cosh(a) * da;
                    }
                    case TANH -> {
                        adj[l] += g * (1.0 - y * y);
                        tadj[l] += dg * (1.0 - y * y) - g * (2.0 * y * dy);
                    }
                    case EXP -> {
                        adj[l] += g * y;
                        tadj[l] += dg * y + g * dy;
                    }
                    case LOG -> {
                        adj[l] += g / a;
                        tadj[l] += dg / a - g * da / (a * a);
                    }
                    case LOG10 -> {
                        adj[l] += g / (a * LN_10);
                        tadj[l] += dg / (a * LN_10) - g * da / (a * a * LN_10);
                    }
                    case SQRT -> {
                        adj[l] += g / (2.0 * y);
                        tadj[l] += dg / (2.0 * y) - g * dy / (2.0 * y * y);
                    }
                    case ABS -> {
                        adj[l] += g * Math.signum(a);
                        tadj[l] += dg * Math.signum(a); // abs'' = 0 away from 0
                    }
                    default -> throw new IllegalStateException("opcode " + code[i]);
                }
            }
        }

        /** Small, to be inlined wherever it is called; the message is made apart. */
        private void checkLength(String name, double[] array) {
            if (array.length != dimension) {
                throw wrongLength(name, array);
            }
        }

        private IllegalArgumentException wrongLength(String name, double[] array) {
            return new IllegalArgumentException(
                    name + " has length " + array.length + ", expected " + dimension + " for " + variables);
        }
    }

    /**
     * The value rule of each opcode (the derivative rules are in {@code Evaluator.forwardAndBackward()}, case by case in the
     * same order). Unary operations ignore {@code b}; only {@link #POW_CONSTANT} reads {@code k}. Also used to fold
     * constants, so folded and evaluated values agree bit for bit.
     */
    private static double apply(int op, double a, double b, double k) {
        return switch (op) {
            case NEG -> -a;
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case SQUARE -> a * a;
            case POW_CONSTANT -> powConstant(a, k);
            case SIN -> Math.sin(a);
            case COS -> Math.cos(a);
            case TAN -> Math.tan(a);
            case ASIN -> Math.asin(a);
            case ACOS -> Math.acos(a);
            case ATAN -> Math.atan(a);
            case SINH -> Math.sinh(a);
            case COSH -> Math.cosh(a);
            case TANH -> Math.tanh(a);
            case EXP -> Math.exp(a);
            case LOG -> Math.log(a);
            case LOG10 -> Math.log10(a);
            case SQRT -> Math.sqrt(a);
            case ABS -> Math.abs(a);
            default -> throw new IllegalStateException("opcode " + op);
        };
    }

    /** d(a^b)/da as the backward pass takes it: {@code b·a^(b-1)}, 0 when {@code b = 0}. */
    private static double powPartialBase(double a, double b) {
        return b == 0.0 ? 0.0 : b * Math.pow(a, b - 1.0);
    }

    /** d(a^b)/db as the backward pass takes it: {@code a^b·ln a}, 0 when {@code a = 0} and {@code b >= 0}. */
    private static double powPartialExponent(double a, double b, double y) {
        return (a == 0.0 && b >= 0.0) ? 0.0 : y * Math.log(a);
    }

    /** d(a^k)/da for a constant {@code k} as the backward pass takes it: {@code k·a^(k-1)}, 0 when {@code k = 0}. */
    private static double powConstantDerivative(double a, double k) {
        return k == 0.0 ? 0.0 : k * powConstant(a, k - 1.0);
    }

    /** The buffers of one evaluator's Hessian-vector products: values, adjoints and the tangents of both. */
    private final class SecondOrder {
        final double[] values = new double[size()];
        final double[] tangents = new double[size()];
        final double[] adjoints = new double[size()];
        final double[] adjointTangents = new double[size()];

        SecondOrder() {
            System.arraycopy(constants, 0, values, dimension, constants.length);
        }
    }

    /**
     * {@code a^k} for a constant {@code k}, with PyTorch's fast paths (aten PowKernel.cpp, Pow.cpp).
     * {@code TapeCodeGenerator.powConstant} emits the same cases.
     */
    private static double powConstant(double a, double k) {
        if (k == 2.0) {
            return a * a;
        } else if (k == 1.0) {
            return a;
        } else if (k == 0.0) {
            return 1.0;
        } else if (k == 3.0) {
            return a * a * a;
        } else if (k == -1.0) {
            return 1.0 / a;
        } else if (k == -2.0) {
            return 1.0 / (a * a);
        } else if (k == 0.5) {
            return Math.sqrt(a);
        } else if (k == -0.5) {
            return 1.0 / Math.sqrt(a);
        }
        return Math.pow(a, k);
    }

    private static int opcode(Op op) {
        return switch (op) {
            case ADD -> ADD;
            case SUBTRACT -> SUB;
            case MULTIPLY -> MUL;
            case DIVIDE -> DIV;
            case POWER -> POW;
        };
    }

    private static int opcode(Fn fn) {
        return switch (fn) {
            case SIN -> SIN;
            case COS -> COS;
            case TAN -> TAN;
            case ASIN -> ASIN;
            case ACOS -> ACOS;
            case ATAN -> ATAN;
            case SINH -> SINH;
            case COSH -> COSH;
            case TANH -> TANH;
            case EXP -> EXP;
            case LOG -> LOG;
            case LOG10 -> LOG10;
            case SQRT -> SQRT;
            case ABS -> ABS;
        };
    }

    /**
     * Emits operations in post-order (left operand, right operand, then the node), folding operations on constants
     * as it goes. While emitting, an operand is
     * referred to as a variable slot ({@code >= 0, < dimension}), a constant ({@code dimension + j}) or an operation
     * ({@code -(i + 1)}); at the end the constants no operation uses are dropped (folding leaves its operands
     * behind) and operation references are moved past the constants that remain.
     */
    private static final class Compiler {

        private final Map<String, Integer> variableSlots;
        private final Map<Long, Integer> constantIndex = new LinkedHashMap<>();
        private final List<Double> constants = new ArrayList<>();
        private final List<int[]> operations = new ArrayList<>(); // {opcode, left, right}
        private final List<Double> exponents = new ArrayList<>();

        Compiler(Map<String, Integer> variableSlots) {
            this.variableSlots = variableSlots;
        }

        Tape compile(List<String> order, Expr expr) {
            int result = emit(expr);
            int dimension = order.size();
            // Keep only the constants still referred to: folding leaves its operands behind.
            int[] constantSlot = new int[constants.size()];
            Arrays.fill(constantSlot, -1);
            List<Double> kept = new ArrayList<>();
            for (int reference : references(result)) {
                int j = reference - dimension;
                if (j >= 0 && constantSlot[j] < 0) {
                    constantSlot[j] = dimension + kept.size();
                    kept.add(constants.get(j));
                }
            }
            int firstOperation = dimension + kept.size();
            int n = operations.size();
            int[] code = new int[n];
            int[] left = new int[n];
            int[] right = new int[n];
            double[] exponent = new double[n];
            for (int i = 0; i < n; i++) {
                int[] operation = operations.get(i);
                code[i] = operation[0];
                left[i] = relocate(operation[1], dimension, constantSlot, firstOperation);
                right[i] = relocate(operation[2], dimension, constantSlot, firstOperation);
                exponent[i] = exponents.get(i);
            }
            double[] constantValues = kept.stream().mapToDouble(Double::doubleValue).toArray();
            return new Tape(order, constantValues, code, left, right, exponent,
                    relocate(result, dimension, constantSlot, firstOperation));
        }

        /** Every operand reference of every operation, then the result's. */
        private int[] references(int result) {
            int[] references = new int[2 * operations.size() + 1];
            for (int i = 0; i < operations.size(); i++) {
                references[2 * i] = operations.get(i)[1];
                references[2 * i + 1] = operations.get(i)[2];
            }
            references[references.length - 1] = result;
            return references;
        }

        private static int relocate(int reference, int dimension, int[] constantSlot, int firstOperation) {
            if (reference < 0) {
                return firstOperation - reference - 1;
            }
            return reference < dimension ? reference : constantSlot[reference - dimension];
        }

        /**
         * Emits {@code expr} and returns a reference to the slot holding its value. An operation whose operands are
         * all constants is not emitted but folded, by the same value rule it would run.
         */
        private int emit(Expr expr) {
            if (expr instanceof Num n) {
                return constant(n.value());
            }
            if (expr instanceof Const c) {
                return constant(c.constant().value());
            }
            if (expr instanceof Var v) {
                return variableSlots.get(v.name());
            }
            if (expr instanceof Neg n) {
                return unary(NEG, emit(n.operand()));
            }
            if (expr instanceof Call c) {
                return unary(opcode(c.fn()), emit(c.argument()));
            }
            Binary b = (Binary) expr;
            int a = emit(b.left());
            int c = emit(b.right());
            if (b.op() == Op.POWER && isConstant(c)) {
                double k = constantValue(c);
                return isConstant(a) ? constant(powConstant(constantValue(a), k))
                        : k == 2.0 ? operation(SQUARE, a, a, 0.0)
                        : operation(POW_CONSTANT, a, a, k);
            }
            int opcode = opcode(b.op());
            return isConstant(a) && isConstant(c)
                    ? constant(apply(opcode, constantValue(a), constantValue(c), 0.0))
                    : operation(opcode, a, c, 0.0);
        }

        private int unary(int opcode, int a) {
            return isConstant(a) ? constant(apply(opcode, constantValue(a), 0.0, 0.0)) : operation(opcode, a, a, 0.0);
        }

        private boolean isConstant(int reference) {
            return reference >= variableSlots.size();
        }

        private double constantValue(int reference) {
            return constants.get(reference - variableSlots.size());
        }

        private int constant(double value) {
            Integer index = constantIndex.computeIfAbsent(Double.doubleToRawLongBits(value), bits -> {
                constants.add(value);
                return constants.size() - 1;
            });
            return variableSlots.size() + index;
        }

        private int operation(int opcode, int left, int right, double exponent) {
            operations.add(new int[] {opcode, left, right});
            exponents.add(exponent);
            return -operations.size();
        }
    }
}
