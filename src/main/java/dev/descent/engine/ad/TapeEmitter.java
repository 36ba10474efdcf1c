package dev.descent.engine.ad;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A tape's value and gradient written into bytecode another generator makes (a descent loop fused with its tape):
 * the same straight-line code as the tape's own generated code, bit for bit its interpreter, over the caller's local
 * variables instead of arrays.
 */
public final class TapeEmitter {

    /**
     * Methods whose bytecode is longer than this are never JIT-compiled by HotSpot ({@code -XX:HugeMethodLimit}):
     * a generator checks what it made against it.
     */
    public static final int HUGE_METHOD_LIMIT = TapeCodeGenerator.HUGE_METHOD_LIMIT;

    private TapeEmitter() {
    }

    /**
     * Whether {@code tape} is worth writing into other code: it has been evaluated often enough to have its own
     * generated code made (see {@link Tape#evaluator()}), and it was short enough to get some.
     */
    public static boolean hot(Tape tape) {
        return tape.hasGeneratedCode();
    }

    /**
     * Emits f and ∇f: reads variable i from the double local {@code variables[i]}, stores ∂f/∂x_i into the double
     * local {@code gradient[i]} and leaves f on the operand stack; the tape's intermediate values and adjoints take
     * the double locals from {@code firstLocal} on.
     *
     * @return the first local the emitted code leaves unused
     * @throws IllegalArgumentException if the arrays' lengths are not the tape's dimension
     */
    public static int emitValueAndGradient(Tape tape, MethodVisitor code, int[] variables, int[] gradient,
            int firstLocal) {
        if (variables.length != tape.dimension || gradient.length != tape.dimension) {
            throw new IllegalArgumentException("The tape has " + tape.dimension + " variables, not "
                    + variables.length + " and " + gradient.length);
        }
        return TapeCodeGenerator.emitInto(tape, code, variables, gradient, firstLocal);
    }

    /** Emits the shortest instruction that pushes {@code constant}, a non-negative int. */
    public static void pushInt(MethodVisitor code, int constant) {
        if (constant <= 5) {
            code.visitInsn(Opcodes.ICONST_0 + constant);
        } else if (constant <= Byte.MAX_VALUE) {
            code.visitIntInsn(Opcodes.BIPUSH, constant);
        } else if (constant <= Short.MAX_VALUE) {
            code.visitIntInsn(Opcodes.SIPUSH, constant);
        } else {
            code.visitLdcInsn(constant);
        }
    }
}
