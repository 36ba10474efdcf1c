package dev.descent.engine.ad;

/**
 * The code {@link TapeCodeGenerator} generates for one tape: its forward and reverse passes written out as
 * straight-line bytecode over local variables, so that the JIT compiles them as it would hand-written Java.
 * Subclassed only by generated hidden classes. Stateless, so one instance serves every evaluator and thread.
 *
 * <p>The arrays' lengths are the caller's to check ({@link Tape.Evaluator} does): a shorter {@code x} or
 * {@code gradient} throws {@link ArrayIndexOutOfBoundsException}, a longer one is read or written only up to
 * {@link Tape#dimension()}.
 */
abstract class TapeCode {

    /** The value at {@code x}, bit for bit {@code Tape.Evaluator.value} when interpreting. */
    abstract double value(double[] x);

    /** As {@code Tape.Evaluator.valueAndGradient} when interpreting, bit for bit, gradient included. */
    abstract double valueAndGradient(double[] x, double[] gradient);
}
