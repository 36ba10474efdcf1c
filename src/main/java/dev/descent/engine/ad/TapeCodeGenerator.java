package dev.descent.engine.ad;

import static dev.descent.engine.ad.Tape.ABS;
import static dev.descent.engine.ad.Tape.ACOS;
import static dev.descent.engine.ad.Tape.ADD;
import static dev.descent.engine.ad.Tape.ASIN;
import static dev.descent.engine.ad.Tape.ATAN;
import static dev.descent.engine.ad.Tape.COS;
import static dev.descent.engine.ad.Tape.COSH;
import static dev.descent.engine.ad.Tape.DIV;
import static dev.descent.engine.ad.Tape.EXP;
import static dev.descent.engine.ad.Tape.LN_10;
import static dev.descent.engine.ad.Tape.LOG;
import static dev.descent.engine.ad.Tape.LOG10;
import static dev.descent.engine.ad.Tape.MUL;
import static dev.descent.engine.ad.Tape.NEG;
import static dev.descent.engine.ad.Tape.POW;
import static dev.descent.engine.ad.Tape.POW_CONSTANT;
import static dev.descent.engine.ad.Tape.SIN;
import static dev.descent.engine.ad.Tape.SINH;
import static dev.descent.engine.ad.Tape.SQRT;
import static dev.descent.engine.ad.Tape.SQUARE;
import static dev.descent.engine.ad.Tape.SUB;
import static dev.descent.engine.ad.Tape.TAN;
import static dev.descent.engine.ad.Tape.TANH;

import java.lang.invoke.MethodHandles;
import java.util.Arrays;
import java.util.Optional;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Writes a {@link Tape} out as JVM bytecode: a hidden class extending {@link TapeCode} whose {@code value} is the
 * forward pass and whose {@code valueAndGradient} is the forward then the reverse pass, unrolled into straight-line
 * code with one local variable per slot value and per adjoint, and {@link Math} called for the functions. The JIT then
 * compiles a formula as it would the same formula written by hand (no loop, no dispatch on opcodes, no array of
 * slots), which is what makes the tape about as fast as hand-written Java.
 *
 * <p><b>Bit for bit the interpreter.</b> Each operation's value and derivative rule is emitted as the same Java
 * expression the interpreter evaluates ({@code Tape.apply} and {@code Tape.Evaluator.backward}), with the operands in
 * the same order, and operations run in the same order forward and backward, so each adjoint is the same sum taken in
 * the same order. Java floating point is strict (IEEE 754 double, round to nearest) and the JIT does not reassociate
 * it, so the results are identical, as the tests check over random expressions. Only what no result can depend on is
 * left out: constants are pushed as literals instead of read from a slot, and no adjoint is kept for a constant. A
 * variable's adjoint (the gradient) still adds its first contribution to an explicit {@code 0.0}, because
 * {@code 0.0 + -0.0} is {@code 0.0}; an operation's adjoint takes it as it is (see {@code accumulate}: that changes at
 * most the sign of a zero in what only flows into those sums, so not one bit of the gradient).
 * Cases the interpreter decides by comparing a constant exponent (the fast paths of {@code powConstant}) are decided
 * here, by the same comparisons, when generating.
 *
 * <p><b>Size.</b> HotSpot does not compile a method whose bytecode is longer than {@value #HUGE_METHOD_LIMIT} bytes
 * ({@code -XX:HugeMethodLimit}, with {@code -XX:+DontCompileHugeMethods}, both defaults); such a method would run in
 * the bytecode interpreter, several times slower than the tape's own (compiled) interpreter loop. So a tape whose
 * methods would be longer gets no generated code and is interpreted: the Rosenbrock function in 30 dimensions (231
 * operations) gets code, in 40 (311 operations) it does not; a formula typed by hand is far shorter (10 dimensions,
 * 71 operations). The JVM's own limit, 64 KB per method, is never reached.
 *
 * <p><b>Lifetime.</b> The class is defined with {@link MethodHandles.Lookup#defineHiddenClass}, not strongly tied to
 * its class loader, so it is unloaded once its tape is unreachable: compiling a formula per request does not fill
 * the metaspace.
 */
final class TapeCodeGenerator {

    /** HotSpot's default {@code -XX:HugeMethodLimit}: longer methods are never JIT-compiled. */
    static final int HUGE_METHOD_LIMIT = 8000;
    /**
     * Every operation costs at least 4 bytes in {@code valueAndGradient} (an instruction and a store forward, and
     * again backward), so a tape with more operations cannot fit: don't even try.
     */
    static final int MAX_OPERATIONS = HUGE_METHOD_LIMIT / 4;

    private static final String NAME = "dev/descent/engine/ad/GeneratedTapeCode";
    private static final String SUPER = Type.getInternalName(TapeCode.class);
    private static final String MATH = "java/lang/Math";
    private static final String UNARY = "(D)D";

    private TapeCodeGenerator() {
    }

    /**
     * The code for {@code tape}, or empty if its methods would be too long to be JIT-compiled.
     *
     * @throws IllegalStateException if the generated class cannot be defined (a bug here, not a property of the
     *         tape)
     */
    static Optional<TapeCode> generate(Tape tape) {
        if (tape.code.length > MAX_OPERATIONS) {
            return Optional.empty();
        }
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        writer.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, NAME, null, SUPER,
                null);
        MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        constructor.visitCode();
        constructor.visitVarInsn(Opcodes.ALOAD, 0);
        constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, SUPER, "<init>", "()V", false);
        constructor.visitInsn(Opcodes.RETURN);
        constructor.visitMaxs(0, 0);
        constructor.visitEnd();
        int longest = Math.max(
                new Body(tape, writer.visitMethod(Opcodes.ACC_FINAL, "value", "([D)D", null, null), false, null,
                        null, 2).emit(),
                new Body(tape, writer.visitMethod(Opcodes.ACC_FINAL, "valueAndGradient", "([D[D)D", null, null),
                        true, null, null, 3).emit());
        writer.visitEnd();
        if (longest > HUGE_METHOD_LIMIT) {
            return Optional.empty();
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(writer.toByteArray(), true);
            return Optional.of(lookup.lookupClass().asSubclass(TapeCode.class).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot define the code generated for a tape", e);
        }
    }

    /**
     * Emits {@code tape}'s value and gradient into another method ({@code TapeEmitter}): the variables' values are
     * read from the double locals {@code variables[i]}, the gradient is stored into the double locals
     * {@code gradient[i]}, the value is left on the operand stack, and the tape's own values and adjoints take the
     * locals from {@code firstLocal} on.
     *
     * @return the first local the emitted code leaves unused
     */
    static int emitInto(Tape tape, MethodVisitor code, int[] variables, int[] gradient, int firstLocal) {
        Body body = new Body(tape, code, true, variables, gradient, firstLocal);
        body.emitValueAndGradient();
        return body.nextLocal;
    }

    /**
     * One method's body. Locals of a method of its own: {@code this}, {@code x}, then {@code gradient} if there is
     * one, then two words (a double) per variable used and per operation for the values, then as many for the
     * adjoints. Emitted into another method ({@link #emitInto}), the variables' values and the gradient are that
     * method's locals, and the values and adjoints start at the local it gives.
     */
    private static final class Body {

        private final Tape tape;
        private final MethodVisitor code;
        private final boolean gradient;
        /** The locals the variables are read from, or null to read them from the array in local 1. */
        private final int[] variableLocals;
        /** The locals the gradient is stored into, or null to store it into the array in local 2. */
        private final int[] gradientLocals;
        /** The first local not used by this body. */
        private final int nextLocal;
        /** Per slot, its value's local, or -1 for a constant (pushed as a literal) or an unused variable. */
        private final int[] valueLocal;
        /** Per slot, its adjoint's local, or -1 when nothing reads it (a constant, an unused variable). */
        private final int[] adjointLocal;
        /** Whether a slot's adjoint has been stored in its local yet; before that it is 0 (1 for the output). */
        private final boolean[] stored;

        Body(Tape tape, MethodVisitor code, boolean gradient, int[] variableLocals, int[] gradientLocals,
                int firstLocal) {
            this.tape = tape;
            this.code = code;
            this.gradient = gradient;
            this.variableLocals = variableLocals;
            this.gradientLocals = gradientLocals;
            int size = tape.size();
            boolean[] used = new boolean[size];
            for (int i = 0; i < tape.code.length; i++) {
                used[tape.left[i]] = true;
                used[tape.right[i]] = true;
            }
            used[tape.output] = true;
            valueLocal = new int[size];
            adjointLocal = new int[size];
            stored = new boolean[size];
            Arrays.fill(valueLocal, -1);
            Arrays.fill(adjointLocal, -1);
            int next = firstLocal;
            for (int slot = 0; slot < size; slot++) {
                if (slot < tape.dimension && used[slot] && variableLocals != null) {
                    valueLocal[slot] = variableLocals[slot];
                } else if (slot < tape.dimension && used[slot] || slot >= tape.firstOperation) {
                    valueLocal[slot] = next;
                    next += 2;
                }
            }
            if (gradient) {
                for (int slot = 0; slot < size; slot++) {
                    if (valueLocal[slot] >= 0) {
                        adjointLocal[slot] = next;
                        next += 2;
                    }
                }
            }
            nextLocal = next;
        }

        /** Emits the whole method and returns the length of its bytecode. */
        int emit() {
            code.visitCode();
            if (gradient) {
                emitValueAndGradient();
            } else {
                emitValue();
            }
            // The length is the return's offset plus its one byte.
            Label end = new Label();
            code.visitLabel(end);
            code.visitInsn(Opcodes.DRETURN);
            code.visitMaxs(0, 0);
            code.visitEnd();
            return end.getOffset() + 1;
        }

        /** Pushes the value. */
        private void emitValue() {
            loadVariables();
            forwardPass();
            value(tape.output);
        }

        /** Stores the gradient (into the array or the locals) and pushes the value. */
        private void emitValueAndGradient() {
            loadVariables();
            forwardPass();
            for (int i = tape.code.length - 1; i >= 0; i--) {
                backward(tape.firstOperation + i, tape.code[i], tape.left[i], tape.right[i], tape.exponent[i]);
            }
            for (int i = 0; i < tape.dimension; i++) {
                if (gradientLocals == null) {
                    code.visitVarInsn(Opcodes.ALOAD, 2);
                    pushInt(i);
                    adjoint(i);
                    code.visitInsn(Opcodes.DASTORE);
                } else {
                    adjoint(i);
                    code.visitVarInsn(Opcodes.DSTORE, gradientLocals[i]);
                }
            }
            value(tape.output);
        }

        /** The used variables from the array {@code x} into their locals (not when they are locals already). */
        private void loadVariables() {
            if (variableLocals != null) {
                return;
            }
            for (int i = 0; i < tape.dimension; i++) {
                if (valueLocal[i] >= 0) {
                    code.visitVarInsn(Opcodes.ALOAD, 1);
                    pushInt(i);
                    code.visitInsn(Opcodes.DALOAD);
                    code.visitVarInsn(Opcodes.DSTORE, valueLocal[i]);
                }
            }
        }

        private void forwardPass() {
            for (int i = 0; i < tape.code.length; i++) {
                forward(tape.code[i], tape.left[i], tape.right[i], tape.exponent[i]);
                code.visitVarInsn(Opcodes.DSTORE, valueLocal[tape.firstOperation + i]);
            }
        }

        /** Pushes the value of operation {@code op} on slots {@code l} and {@code r}: {@code Tape.apply}. */
        private void forward(int op, int l, int r, double k) {
            switch (op) {
                case NEG -> {
                    value(l);
                    code.visitInsn(Opcodes.DNEG);
                }
                case ADD -> binary(l, r, Opcodes.DADD);
                case SUB -> binary(l, r, Opcodes.DSUB);
                case MUL -> binary(l, r, Opcodes.DMUL);
                case DIV -> binary(l, r, Opcodes.DDIV);
                case POW -> {
                    value(l);
                    value(r);
                    math("pow", "(DD)D");
                }
                case SQUARE -> binary(l, l, Opcodes.DMUL);
                case POW_CONSTANT -> powConstant(l, k);
                case SIN -> function(l, "sin");
                case COS -> function(l, "cos");
                case TAN -> function(l, "tan");
                case ASIN -> function(l, "asin");
                case ACOS -> function(l, "acos");
                case ATAN -> function(l, "atan");
                case SINH -> function(l, "sinh");
                case COSH -> function(l, "cosh");
                case TANH -> function(l, "tanh");
                case EXP -> function(l, "exp");
                case LOG -> function(l, "log");
                case LOG10 -> function(l, "log10");
                case SQRT -> function(l, "sqrt");
                case ABS -> function(l, "abs");
                default -> throw new IllegalStateException("opcode " + op);
            }
        }

        /**
         * Pushes {@code a^k} as {@code Tape.powConstant} computes it: its cases are decided here, since {@code k} is
         * known, by the same comparisons in the same order.
         */
        private void powConstant(int a, double k) {
            if (k == 2.0) {
                binary(a, a, Opcodes.DMUL);
            } else if (k == 1.0) {
                value(a);
            } else if (k == 0.0) {
                push(1.0);
            } else if (k == 3.0) {
                binary(a, a, Opcodes.DMUL);
                value(a);
                code.visitInsn(Opcodes.DMUL);
            } else if (k == -1.0) {
                push(1.0);
                value(a);
                code.visitInsn(Opcodes.DDIV);
            } else if (k == -2.0) {
                push(1.0);
                binary(a, a, Opcodes.DMUL);
                code.visitInsn(Opcodes.DDIV);
            } else if (k == 0.5) {
                function(a, "sqrt");
            } else if (k == -0.5) {
                push(1.0);
                function(a, "sqrt");
                code.visitInsn(Opcodes.DDIV);
            } else {
                value(a);
                push(k);
                math("pow", "(DD)D");
            }
        }

        /**
         * Pushes operation {@code slot}'s adjoint {@code g} to its operands: {@code Tape.Evaluator.backward}, case by
         * case. {@code y} is the operation's value, {@code a} and {@code b} its operands'.
         */
        private void backward(int slot, int op, int l, int r, double k) {
            switch (op) {
                case NEG -> accumulate(l, Opcodes.DSUB, () -> adjoint(slot));
                case ADD -> {
                    accumulate(l, Opcodes.DADD, () -> adjoint(slot));
                    accumulate(r, Opcodes.DADD, () -> adjoint(slot));
                }
                case SUB -> {
                    accumulate(l, Opcodes.DADD, () -> adjoint(slot));
                    accumulate(r, Opcodes.DSUB, () -> adjoint(slot));
                }
                case MUL -> {
                    accumulate(l, Opcodes.DADD, () -> product(slot, r));                 // g * b
                    accumulate(r, Opcodes.DADD, () -> product(slot, l));                 // g * a
                }
                case DIV -> {
                    accumulate(l, Opcodes.DADD, () -> {                                  // g / b
                        adjoint(slot);
                        value(r);
                        code.visitInsn(Opcodes.DDIV);
                    });
                    accumulate(r, Opcodes.DSUB, () -> {                                  // g * a / (b * b)
                        product(slot, l);
                        binary(r, r, Opcodes.DMUL);
                        code.visitInsn(Opcodes.DDIV);
                    });
                }
                case POW -> {
                    // b == 0.0 ? 0.0 : g * (b * Math.pow(a, b - 1.0))
                    accumulate(l, Opcodes.DADD, () -> {
                        Label otherwise = new Label();
                        Label done = new Label();
                        value(r);
                        push(0.0);
                        code.visitInsn(Opcodes.DCMPL);
                        code.visitJumpInsn(Opcodes.IFNE, otherwise);
                        push(0.0);
                        code.visitJumpInsn(Opcodes.GOTO, done);
                        code.visitLabel(otherwise);
                        adjoint(slot);
                        value(r);
                        value(l);
                        value(r);
                        push(1.0);
                        code.visitInsn(Opcodes.DSUB);
                        math("pow", "(DD)D");
                        code.visitInsn(Opcodes.DMUL);
                        code.visitInsn(Opcodes.DMUL);
                        code.visitLabel(done);
                    });
                    // (a == 0.0 && b >= 0.0) ? 0.0 : g * (y * Math.log(a)); a NaN comparison is false, as in Java
                    // (DCMPL gives -1).
                    accumulate(r, Opcodes.DADD, () -> {
                        Label otherwise = new Label();
                        Label done = new Label();
                        value(l);
                        push(0.0);
                        code.visitInsn(Opcodes.DCMPL);
                        code.visitJumpInsn(Opcodes.IFNE, otherwise);
                        value(r);
                        push(0.0);
                        code.visitInsn(Opcodes.DCMPL);
                        code.visitJumpInsn(Opcodes.IFLT, otherwise);
                        push(0.0);
                        code.visitJumpInsn(Opcodes.GOTO, done);
                        code.visitLabel(otherwise);
                        adjoint(slot);
                        value(slot);
                        function(l, "log");
                        code.visitInsn(Opcodes.DMUL);
                        code.visitInsn(Opcodes.DMUL);
                        code.visitLabel(done);
                    });
                }
                case SQUARE -> accumulate(l, Opcodes.DADD, () -> {                       // g * (2.0 * a)
                    adjoint(slot);
                    push(2.0);
                    value(l);
                    code.visitInsn(Opcodes.DMUL);
                    code.visitInsn(Opcodes.DMUL);
                });
                case POW_CONSTANT -> accumulate(l, Opcodes.DADD, () -> {
                    if (k == 0.0) {
                        push(0.0);                                                       // still added: -0.0 + 0.0
                    } else {                                                             // g * (k * a^(k - 1))
                        adjoint(slot);
                        push(k);
                        powConstant(l, k - 1.0);
                        code.visitInsn(Opcodes.DMUL);
                        code.visitInsn(Opcodes.DMUL);
                    }
                });
                case SIN -> accumulate(l, Opcodes.DADD, () -> {                          // g * Math.cos(a)
                    adjoint(slot);
                    function(l, "cos");
                    code.visitInsn(Opcodes.DMUL);
                });
                case COS -> accumulate(l, Opcodes.DADD, () -> {                          // g * -Math.sin(a)
                    adjoint(slot);
                    function(l, "sin");
                    code.visitInsn(Opcodes.DNEG);
                    code.visitInsn(Opcodes.DMUL);
                });
                case TAN -> accumulate(l, Opcodes.DADD, () -> {                          // g * (1.0 + y * y)
                    adjoint(slot);
                    push(1.0);
                    binary(slot, slot, Opcodes.DMUL);
                    code.visitInsn(Opcodes.DADD);
                    code.visitInsn(Opcodes.DMUL);
                });
                case ASIN, ACOS -> accumulate(l, Opcodes.DADD, () -> {                   // g * ±(1 / sqrt(1 - a*a))
                    adjoint(slot);
                    push(1.0);
                    push(1.0);
                    binary(l, l, Opcodes.DMUL);
                    code.visitInsn(Opcodes.DSUB);
                    math("sqrt", UNARY);
                    code.visitInsn(Opcodes.DDIV);
                    if (op == ACOS) {
                        code.visitInsn(Opcodes.DNEG);
                    }
                    code.visitInsn(Opcodes.DMUL);
                });
                case ATAN -> accumulate(l, Opcodes.DADD, () -> {                         // g / (a * a + 1.0)
                    adjoint(slot);
                    binary(l, l, Opcodes.DMUL);
                    push(1.0);
                    code.visitInsn(Opcodes.DADD);
                    code.visitInsn(Opcodes.DDIV);
                });
                case SINH -> accumulate(l, Opcodes.DADD, () -> {                         // g * Math.cosh(a)
                    adjoint(slot);
                    function(l, "cosh");
                    code.visitInsn(Opcodes.DMUL);
                });
                case COSH -> accumulate(l, Opcodes.DADD, () -> {                         // g * Math.sinh(a)
                    adjoint(slot);
                    function(l, "sinh");
                    code.visitInsn(Opcodes.DMUL);
                });
                case TANH -> accumulate(l, Opcodes.DADD, () -> {                         // g * (1.0 - y * y)
                    adjoint(slot);
                    push(1.0);
                    binary(slot, slot, Opcodes.DMUL);
                    code.visitInsn(Opcodes.DSUB);
                    code.visitInsn(Opcodes.DMUL);
                });
                case EXP -> accumulate(l, Opcodes.DADD, () -> product(slot, slot));      // g * y
                case LOG -> accumulate(l, Opcodes.DADD, () -> {                          // g / a
                    adjoint(slot);
                    value(l);
                    code.visitInsn(Opcodes.DDIV);
                });
                case LOG10 -> accumulate(l, Opcodes.DADD, () -> {                        // g / (a * LN_10)
                    adjoint(slot);
                    value(l);
                    push(LN_10);
                    code.visitInsn(Opcodes.DMUL);
                    code.visitInsn(Opcodes.DDIV);
                });
                case SQRT -> accumulate(l, Opcodes.DADD, () -> {                         // g / (2.0 * y)
                    adjoint(slot);
                    push(2.0);
                    value(slot);
                    code.visitInsn(Opcodes.DMUL);
                    code.visitInsn(Opcodes.DDIV);
                });
                case ABS -> accumulate(l, Opcodes.DADD, () -> {                          // g * Math.signum(a)
                    adjoint(slot);
                    function(l, "signum");
                    code.visitInsn(Opcodes.DMUL);
                });
                default -> throw new IllegalStateException("opcode " + op);
            }
        }

        /**
         * {@code adj[target] += contribution} (or {@code -=}). Skipped for a constant, whose adjoint nothing reads;
         * the contribution has no side effect.
         *
         * <p>An operation's adjoint (not the output's) takes its first added contribution as it is, where the
         * interpreter adds it to 0.0: one dependent addition fewer on the reverse pass's chain, and the same gradient
         * to the bit. {@code 0.0 + c} is {@code c} but for {@code c = -0.0}, so such an adjoint can differ from the
         * interpreter's only in the sign of a zero, and so can everything computed from it (each contribution is the
         * adjoint itself, or its product or quotient with a value, in which a zero's sign changes only the sign of a
         * zero result; a NaN result is the same NaN). A variable's adjoint, the gradient, still starts from 0.0, and
         * a sum that starts from 0.0 never sees a zero's sign: {@code 0.0 ± z} is 0.0 for either zero z, a sum that
         * is not -0.0 plus or minus a zero is itself, and such a sum is never -0.0. A first contribution that is
         * subtracted stays {@code 0.0 - c} (negating would also flip the sign of a NaN).
         */
        private void accumulate(int target, int addOrSubtract, Runnable contribution) {
            if (adjointLocal[target] < 0) {
                return;
            }
            boolean first = !stored[target] && target >= tape.firstOperation && target != tape.output;
            if (first && addOrSubtract == Opcodes.DADD) {
                contribution.run();
            } else {
                adjoint(target);
                contribution.run();
                code.visitInsn(addOrSubtract);
            }
            code.visitVarInsn(Opcodes.DSTORE, adjointLocal[target]);
            stored[target] = true;
        }

        /** Pushes {@code g * v[operand]}, {@code g} being operation {@code slot}'s adjoint. */
        private void product(int slot, int operand) {
            adjoint(slot);
            value(operand);
            code.visitInsn(Opcodes.DMUL);
        }

        /** Pushes the adjoint of {@code slot} so far: its local once stored, else its seed, 1 for the output. */
        private void adjoint(int slot) {
            if (stored[slot]) {
                code.visitVarInsn(Opcodes.DLOAD, adjointLocal[slot]);
            } else {
                push(slot == tape.output ? 1.0 : 0.0);
            }
        }

        /** Pushes the value of {@code slot}: its local, or the constant itself. */
        private void value(int slot) {
            if (valueLocal[slot] >= 0) {
                code.visitVarInsn(Opcodes.DLOAD, valueLocal[slot]);
            } else {
                push(tape.constants[slot - tape.dimension]);
            }
        }

        private void binary(int a, int b, int instruction) {
            value(a);
            value(b);
            code.visitInsn(instruction);
        }

        private void function(int a, String name) {
            value(a);
            math(name, UNARY);
        }

        private void math(String name, String descriptor) {
            code.visitMethodInsn(Opcodes.INVOKESTATIC, MATH, name, descriptor, false);
        }

        private void push(double constant) {
            // Compare bits, not values: -0.0 == 0.0 but is not DCONST_0.
            if (Double.doubleToRawLongBits(constant) == 0L) {
                code.visitInsn(Opcodes.DCONST_0);
            } else if (constant == 1.0) {
                code.visitInsn(Opcodes.DCONST_1);
            } else {
                code.visitLdcInsn(constant);
            }
        }

        private void pushInt(int constant) {
            TapeEmitter.pushInt(code, constant);
        }
    }
}
