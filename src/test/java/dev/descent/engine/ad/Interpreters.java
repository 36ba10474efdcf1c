package dev.descent.engine.ad;

/**
 * The reference interpreter of a tape, for tests and benchmarks outside this package (the benchmark sets it against
 * the generated code). Test code only: the engine's API gives evaluators that run the generated code.
 */
public final class Interpreters {

    private Interpreters() {
    }

    /** An evaluator of {@code tape} that always interprets it. */
    public static Tape.Evaluator interpreter(Tape tape) {
        return tape.interpreter();
    }
}
