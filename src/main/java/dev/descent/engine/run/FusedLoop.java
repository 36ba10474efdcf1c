package dev.descent.engine.run;

import dev.descent.engine.ad.Tape;
import dev.descent.engine.ad.TapeEmitter;
import dev.descent.engine.optim.Adam;
import dev.descent.engine.optim.Moments;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.optim.Powers;
import dev.descent.engine.optim.Sgd;
import java.lang.invoke.MethodHandles;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The descent loop written out as bytecode for one formula and one update rule: a {@link Kernel} whose loop keeps
 * x, the gradient, the optimizer's state, the steps and every counter in local variables, with the formula's value
 * and gradient inline ({@link TapeEmitter}). {@link Descent} runs it for the common iteration of a run that has
 * nothing else to do per iteration: a formula (no data, not maximized), SGD in any of its forms or plain Adam (no
 * weight decay, no AMSGrad), a constant learning rate, no clipping, bounds, line search, explained updates or
 * cycled momentum, stopping rules the loop screens (iteration cap, divergence, gradient and step tolerances), at
 * most 4 variables for Adam and 10 for SGD ({@link #MAX_ADAM_DIMENSION}). A listener that watches the run (a
 * job's) is handed each iterate and asked for checkpoints and cancellation at each boundary, as the general loop
 * asks it; one that only cancels is polled every {@value Descent#CANCEL_POLL} iterations. Anything else is the
 * general loop's, which also takes every iteration the kernel stops
 * before: where the screen holds, where the trajectory needs a new chunk or thinning.
 *
 * <p><b>Bit for bit the general loop.</b> Each iteration is {@code Descent}'s, operation by operation: the update as
 * {@code Sgd.step} / {@code Adam.step} compute it (their constant subexpressions, such as {@code 1 - dampening},
 * taken once: the same numbers), the tape's code as its own generated code runs it, the step and gradient-norm
 * sums in the same order, the same comparisons for the increases, reversals, best and progress, the same rows kept.
 * {@code FusedLoopTests} compares whole results, field by field and bit by bit, with the general loop's.
 *
 * <p><b>Why.</b> The general loop reads and writes x, the gradient and the state through arrays and calls the
 * objective, the update and the recorder through interfaces; for a formula of two variables that is most of an
 * iteration (momentum SGD on Rosenbrock: some 30 ns an iteration against 12 here, the hand-written loop 6).
 *
 * <p><b>When.</b> Only for a formula whose tape is hot ({@link TapeEmitter#hot}: evaluated some ten thousand times
 * already, in this run or earlier ones; a run asks again every {@value Descent#CANCEL_POLL} iterations): a kernel,
 * like any new code, runs in the bytecode interpreter until the JIT compiles it, so it pays for itself only on a
 * formula that is used a lot. Kernels are kept per tape (and die with it) and per update rule's form. Until a kernel
 * has run {@value #WARM} iterations it is run {@value #COLD_SEGMENT} at a time, so that the JIT, which counts calls,
 * compiles it soon.
 */
final class FusedLoop {

    /** Iterations a kernel runs before it is taken to be compiled. */
    static final long WARM = 20_000;
    /** Iterations per call while the kernel is cold. */
    static final int COLD_SEGMENT = 64;
    /**
     * The most variables a kernel is made for. Beyond, the general loop is as fast or faster: its update loops over
     * arrays are vectorized, the kernel's one statement per coordinate are not (10,000 steps on the Rosenbrock
     * formula, fused against general: Adam 1.27x as fast in 2 variables, 1.14x in 4, 1.03x in 6, 0.92x in 10;
     * momentum SGD 2.17x in 2 and 4, 1.59x in 6, 1.15x in 10).
     */
    static final int MAX_ADAM_DIMENSION = 4;
    static final int MAX_SGD_DIMENSION = 10;

    private static final String FRAME = Type.getInternalName(Frame.class);
    private static final String KERNEL = Type.getInternalName(Kernel.class);
    private static final String NAME = "dev/descent/engine/run/GeneratedKernel";
    private static final String MATH = "java/lang/Math";
    private static final String DOUBLE = "java/lang/Double";
    private static final String ARRAY = "[D";
    private static final String LISTENER_NAME = Type.getInternalName(RunListener.class);
    private static final String LISTENER = Type.getDescriptor(RunListener.class);

    /** Per tape (weakly: a kernel dies with its formula's tape), per form of update rule. */
    private static final Map<Tape, Map<Form, Optional<Kernel>>> KERNELS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private FusedLoop() {
    }

    /**
     * The run's state at an iteration boundary, which a kernel reads into its locals when called and writes back
     * when it returns. The arrays are the run's own.
     */
    static final class Frame {
        double[] x;
        double[] gradient;
        double[] previous;
        double[] step;
        double[] lastStep;
        double[] bestPoint;
        /** The momentum buffer, or Adam's m. */
        double[] first;
        /** Adam's v. */
        double[] second;
        /** The trajectory's chunk the kept rows go into (null when none is kept before {@link #end}). */
        double[] rows;
        /** The run's listener, which a watched kernel calls as the general loop would. */
        RunListener listener;
        /** What a watched kernel asked the listener at the iterate it stopped at ({@link Descent#ASKED_NOTHING}...). */
        int asked;
        int iteration;
        /** The kernel stops at this iteration at the latest. */
        int end;
        /** Adam's t, or 1 once SGD's momentum buffer is started. */
        int counter;
        int increases;
        int reversals;
        int bestIteration;
        int lastProgress;
        /** Where the next kept row goes in {@link #rows}. */
        int at;
        /** Rows kept by the last call. */
        int kept;
        /** The trajectory's stride less one. */
        int mask;
        boolean bestIsCurrent;
        double value;
        double gradientNorm;
        double learningRate;
        /** SGD: momentum, 1 - dampening, weight decay; Adam: β1, β2, ε. */
        double h0;
        double h1;
        double h2;
        double bestValue;
        double bestGradientNorm;
        double bestLearningRate;
        double progressValue;
        double bound;
        double gradientTolerance;
        double stepTolerance;
    }

    /** A generated loop; subclassed by generated hidden classes only. */
    abstract static class Kernel {
        private final AtomicLong iterations = new AtomicLong();

        /** Runs iterations from {@code frame.iteration} until {@code frame.end} or until the screen holds. */
        abstract void run(Frame frame);

        /** Whether the kernel has run enough iterations to be compiled by now. */
        boolean warm() {
            return iterations.get() >= WARM;
        }

        /** Counts iterations the kernel ran (once per call, not per iteration). */
        void ran(int iterations) {
            this.iterations.addAndGet(iterations);
        }

        /** The iterations it ran, by every run. */
        long iterations() {
            return iterations.get();
        }
    }

    /**
     * The update rules a kernel is written for, with the terms their hyperparameters switch on or off, and whether
     * the loop screens a step tolerance.
     */
    private record Form(boolean adam, boolean weightDecay, boolean momentum, boolean nesterov, boolean steps,
                        boolean watched) {

        /** The form of {@code optimizer}, or null when no kernel is written for it (or it would be slower). */
        static Form of(Optimizer<?> optimizer, int dimension, boolean steps, boolean watched) {
            if (optimizer instanceof Sgd s && dimension <= MAX_SGD_DIMENSION) {
                return new Form(false, s.weightDecay() != 0, s.momentum() != 0, s.nesterov(), steps, watched);
            }
            if (optimizer instanceof Adam a && !a.decoupled() && a.weightDecay() == 0 && !a.amsgrad()
                    && dimension <= MAX_ADAM_DIMENSION) {
                return new Form(true, false, false, false, steps, watched);
            }
            return null;
        }
    }

    /** Whether a kernel is written for {@code optimizer} in {@code dimension} variables. */
    static boolean writtenFor(Optimizer<?> optimizer, int dimension) {
        return Form.of(optimizer, dimension, false, false) != null;
    }

    /**
     * The kernel for {@code tape} and {@code optimizer}'s form, screening a step tolerance when {@code steps}, or
     * null (not hot, not supported, too long).
     */
    static Kernel kernel(Tape tape, Optimizer<?> optimizer, boolean steps) {
        return kernel(tape, optimizer, steps, false);
    }

    /**
     * The kernel for {@code tape} and {@code optimizer}'s form, screening a step tolerance when {@code steps} and
     * making the calls of a listener that watches the run ({@link RunListener#watchesIterates}) when
     * {@code watched}, or null (not hot, not supported, too long).
     */
    static Kernel kernel(Tape tape, Optimizer<?> optimizer, boolean steps, boolean watched) {
        Form form = Form.of(optimizer, tape.dimension(), steps, watched);
        if (form == null || !TapeEmitter.hot(tape)) {
            return null;
        }
        return KERNELS.computeIfAbsent(tape, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(form, f -> generate(tape, f)).orElse(null);
    }

    /** The optimizer's hyperparameters and state into {@code frame}. */
    static void load(Frame frame, Optimizer<?> optimizer, Object state) {
        if (optimizer instanceof Sgd s) {
            Sgd.State buffer = (Sgd.State) state;
            frame.h0 = s.momentum();
            frame.h1 = 1 - s.dampening();
            frame.h2 = s.weightDecay();
            frame.first = buffer.buffer();
            frame.counter = buffer.started() ? 1 : 0;
        } else {
            Adam a = (Adam) optimizer;
            Moments moments = (Moments) state;
            frame.h0 = a.beta1();
            frame.h1 = a.beta2();
            frame.h2 = a.epsilon();
            frame.first = moments.m();
            frame.second = moments.v();
            frame.counter = moments.step();
        }
    }

    /** What the kernel changed of the optimizer's state besides its arrays. */
    static void store(Frame frame, Object state) {
        if (state instanceof Sgd.State buffer) {
            if (frame.counter != 0) {
                buffer.markStarted();
            }
        } else {
            ((Moments) state).step(frame.counter);
        }
    }

    private static Optional<Kernel> generate(Tape tape, Form form) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        writer.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, NAME, null, KERNEL,
                null);
        MethodVisitor constructor = writer.visitMethod(0, "<init>", "()V", null, null);
        constructor.visitCode();
        constructor.visitVarInsn(Opcodes.ALOAD, 0);
        constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, KERNEL, "<init>", "()V", false);
        constructor.visitInsn(Opcodes.RETURN);
        constructor.visitMaxs(0, 0);
        constructor.visitEnd();
        int length = new Loop(tape, form, writer.visitMethod(Opcodes.ACC_FINAL, "run", "(L" + FRAME + ";)V", null,
                null)).emit();
        writer.visitEnd();
        if (length > TapeEmitter.HUGE_METHOD_LIMIT) {
            return Optional.empty();
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(writer.toByteArray(), true);
            return Optional.of((Kernel) lookup.lookupClass().getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot define the descent loop generated for a tape", e);
        }
    }

    /**
     * The kernel's {@code run(Frame)}. Its Java, for n variables (i = 0 .. n-1 written out; SGD's terms as its form
     * has them):
     * <pre>
     * load everything from the frame into locals
     * while (k &lt; end) {
     *     p_i = x_i
     *     SGD:  g = g_i [+ λ x_i];  b_i = started ? μ b_i + (1 - τ) g : g;  g = nesterov ? g + μ b_i : b_i;
     *           x_i = x_i - γ g;  started = true
     *     Adam: t++;  s = γ / (1 - β1^t);  c = √(1 - β2^t);  m_i = m_i β1 + (1 - β1) g_i;
     *           v_i = v_i β2 + (1 - β2) g_i g_i;  x_i = x_i + -s m_i / (√v_i / c + ε)
     *     k++;  before = f;  f, g_i = the tape at x
     *     d = x_i - p_i;  dot += d · step_i;  lastStep_i = step_i;  step_i = d;  squares += g_i g_i
     *     if (k &gt; 1 &amp;&amp; dot &lt; 0) reversals++
     *     gradientNorm = isInfinite(squares) ? safeNorm(g) : √squares
     *     if (!(f &lt;= before)) increases++
     *     if (better(f, best)) take the best (current) else if (bestIsCurrent) bestPoint = p, bestIsCurrent = false
     *     if (isProgress(f, progressValue)) progressValue = f, lastProgress = k
     *     if ((k &amp; mask) == 0) keep the row {k, f, gradientNorm, γ, x}
     *     if (!(|f| &lt;= bound) || !isFinite(gradientNorm) || gradientNorm &lt; tolerance
     *             [|| √(Σ d²) &lt; step tolerance]) break
     * }
     * store everything back into the frame
     * </pre>
     */
    private static final class Loop {
        private final Tape tape;
        private final Form form;
        private final MethodVisitor code;
        private final int n;
        private int next = 2;
        // Per coordinate: x, gradient, previous x, the last step, the step before it, the state (b or m; v).
        private final int[] x;
        private final int[] g;
        private final int[] p;
        private final int[] step;
        private final int[] lastStep;
        private final int[] first;
        private final int[] second;
        private final int counter = newInt();
        private final int h0 = newDouble();
        private final int h1 = newDouble();
        private final int h2 = newDouble();
        private final int rate = newDouble();
        private final int oneMinusH0 = newDouble();
        private final int oneMinusH1 = newDouble();
        private final int value = newDouble();
        private final int gradientNorm = newDouble();
        private final int k = newInt();
        private final int end = newInt();
        private final int increases = newInt();
        private final int reversals = newInt();
        private final int bestIteration = newInt();
        private final int lastProgress = newInt();
        private final int at = newInt();
        private final int kept = newInt();
        private final int mask = newInt();
        private final int bestIsCurrent = newInt();
        private final int bestValue = newDouble();
        private final int bestGradientNorm = newDouble();
        private final int bestRate = newDouble();
        private final int progressValue = newDouble();
        private final int bound = newDouble();
        private final int tolerance = newDouble();
        private final int stepTolerance = newDouble();
        private final int stepSquares = newDouble();
        private final int rows = newInt();
        private final int bestPoint = newInt();
        private final int gradientArray = newInt();
        private final int before = newDouble();
        private final int dot = newDouble();
        private final int squares = newDouble();
        private final int term = newDouble();
        private final int stepSize = newDouble();
        private final int correction = newDouble();
        private final int xArray = newInt();
        private final int listener = newInt();
        private final int asked = newInt();

        Loop(Tape tape, Form form, MethodVisitor code) {
            this.tape = tape;
            this.form = form;
            this.code = code;
            this.n = tape.dimension();
            x = doubles();
            g = doubles();
            p = doubles();
            step = doubles();
            lastStep = doubles();
            first = doubles();
            second = doubles();
        }

        private int newDouble() {
            int local = next;
            next += 2;
            return local;
        }

        /** An int or a reference: one word. */
        private int newInt() {
            return next++;
        }

        private int[] doubles() {
            int[] locals = new int[n];
            for (int i = 0; i < n; i++) {
                locals[i] = newDouble();
            }
            return locals;
        }

        /** Emits the method and returns its bytecode's length. */
        int emit() {
            code.visitCode();
            prologue();
            Label top = new Label();
            Label exit = new Label();
            code.visitLabel(top);
            code.visitVarInsn(Opcodes.ILOAD, k);
            code.visitVarInsn(Opcodes.ILOAD, end);
            code.visitJumpInsn(Opcodes.IF_ICMPGE, exit);
            for (int i = 0; i < n; i++) {
                code.visitVarInsn(Opcodes.DLOAD, x[i]);
                code.visitVarInsn(Opcodes.DSTORE, p[i]);
            }
            if (form.adam()) {
                adam();
            } else {
                sgd();
            }
            code.visitIincInsn(k, 1);
            move(value, before);
            int free = TapeEmitter.emitValueAndGradient(tape, code, x, g, next);
            code.visitVarInsn(Opcodes.DSTORE, value);
            bookkeeping(exit);
            code.visitJumpInsn(Opcodes.GOTO, top);
            code.visitLabel(exit);
            epilogue();
            Label last = new Label();
            code.visitLabel(last);
            code.visitInsn(Opcodes.RETURN);
            code.visitMaxs(0, 0);
            code.visitEnd();
            if (free < next) {
                throw new IllegalStateException("the tape's locals overlap the loop's");
            }
            return last.getOffset() + 1;
        }

        private void prologue() {
            for (int i = 0; i < n; i++) {
                loadElement("x", i, x[i]);
                loadElement("gradient", i, g[i]);
                loadElement("previous", i, p[i]);
                loadElement("step", i, step[i]);
                loadElement("lastStep", i, lastStep[i]);
                if (form.adam() || form.momentum()) {
                    loadElement("first", i, first[i]);
                }
                if (form.adam()) {
                    loadElement("second", i, second[i]);
                }
            }
            load("counter", "I", counter);
            load("h0", "D", h0);
            load("h1", "D", h1);
            load("h2", "D", h2);
            load("learningRate", "D", rate);
            oneMinus(h0, oneMinusH0);
            oneMinus(h1, oneMinusH1);
            load("value", "D", value);
            load("gradientNorm", "D", gradientNorm);
            load("iteration", "I", k);
            load("end", "I", end);
            load("increases", "I", increases);
            load("reversals", "I", reversals);
            load("bestIteration", "I", bestIteration);
            load("lastProgress", "I", lastProgress);
            load("at", "I", at);
            code.visitInsn(Opcodes.ICONST_0);
            code.visitVarInsn(Opcodes.ISTORE, kept);
            load("mask", "I", mask);
            load("bestIsCurrent", "Z", bestIsCurrent);
            load("bestValue", "D", bestValue);
            load("bestGradientNorm", "D", bestGradientNorm);
            load("bestLearningRate", "D", bestRate);
            load("progressValue", "D", progressValue);
            load("bound", "D", bound);
            load("gradientTolerance", "D", tolerance);
            load("stepTolerance", "D", stepTolerance);
            load("rows", ARRAY, rows);
            load("bestPoint", ARRAY, bestPoint);
            load("gradient", ARRAY, gradientArray);
            if (form.watched()) {
                code.visitInsn(Opcodes.ICONST_0);
                code.visitVarInsn(Opcodes.ISTORE, asked);
                load("x", ARRAY, xArray);
                load("listener", LISTENER, listener);
            }
            for (int local : new int[] {before, dot, squares, term, stepSize, correction, stepSquares}) {
                code.visitInsn(Opcodes.DCONST_0);
                code.visitVarInsn(Opcodes.DSTORE, local);
            }
        }

        private void epilogue() {
            for (int i = 0; i < n; i++) {
                storeElement("x", i, x[i]);
                storeElement("gradient", i, g[i]);
                storeElement("previous", i, p[i]);
                storeElement("step", i, step[i]);
                storeElement("lastStep", i, lastStep[i]);
                if (form.adam() || form.momentum()) {
                    storeElement("first", i, first[i]);
                }
                if (form.adam()) {
                    storeElement("second", i, second[i]);
                }
            }
            store("counter", "I", counter);
            store("value", "D", value);
            store("gradientNorm", "D", gradientNorm);
            store("iteration", "I", k);
            store("increases", "I", increases);
            store("reversals", "I", reversals);
            store("bestIteration", "I", bestIteration);
            store("lastProgress", "I", lastProgress);
            store("at", "I", at);
            store("kept", "I", kept);
            if (form.watched()) {
                store("asked", "I", asked);
            }
            store("bestIsCurrent", "Z", bestIsCurrent);
            store("bestValue", "D", bestValue);
            store("bestGradientNorm", "D", bestGradientNorm);
            store("bestLearningRate", "D", bestRate);
            store("progressValue", "D", progressValue);
        }

        /** {@code Sgd.update}, without its explainer. */
        private void sgd() {
            for (int i = 0; i < n; i++) {
                move(g[i], term);
                if (form.weightDecay()) {                                  // g = g + λ x_i
                    code.visitVarInsn(Opcodes.DLOAD, term);
                    multiply(h2, x[i]);
                    code.visitInsn(Opcodes.DADD);
                    code.visitVarInsn(Opcodes.DSTORE, term);
                }
                if (form.momentum()) {                                     // b_i = started ? μ b_i + (1-τ) g : g
                    Label fresh = new Label();
                    Label done = new Label();
                    code.visitVarInsn(Opcodes.ILOAD, counter);
                    code.visitJumpInsn(Opcodes.IFEQ, fresh);
                    multiply(h0, first[i]);
                    multiply(h1, term);
                    code.visitInsn(Opcodes.DADD);
                    code.visitJumpInsn(Opcodes.GOTO, done);
                    code.visitLabel(fresh);
                    code.visitVarInsn(Opcodes.DLOAD, term);
                    code.visitLabel(done);
                    code.visitVarInsn(Opcodes.DSTORE, first[i]);
                    if (form.nesterov()) {                                 // g = g + μ b_i
                        code.visitVarInsn(Opcodes.DLOAD, term);
                        multiply(h0, first[i]);
                        code.visitInsn(Opcodes.DADD);
                        code.visitVarInsn(Opcodes.DSTORE, term);
                    } else {                                               // g = b_i
                        move(first[i], term);
                    }
                }
                code.visitVarInsn(Opcodes.DLOAD, x[i]);                    // x_i = x_i - γ g
                multiply(rate, term);
                code.visitInsn(Opcodes.DSUB);
                code.visitVarInsn(Opcodes.DSTORE, x[i]);
            }
            code.visitInsn(Opcodes.ICONST_1);
            code.visitVarInsn(Opcodes.ISTORE, counter);
        }

        /** {@code Adam.step}'s plain loop. */
        private void adam() {
            code.visitIincInsn(counter, 1);
            code.visitVarInsn(Opcodes.DLOAD, rate);                        // s = γ / (1 - β1^t)
            code.visitInsn(Opcodes.DCONST_1);
            power(h0);
            code.visitInsn(Opcodes.DSUB);
            code.visitInsn(Opcodes.DDIV);
            code.visitVarInsn(Opcodes.DSTORE, stepSize);
            code.visitInsn(Opcodes.DCONST_1);                              // c = √(1 - β2^t)
            power(h1);
            code.visitInsn(Opcodes.DSUB);
            math("sqrt");
            code.visitVarInsn(Opcodes.DSTORE, correction);
            for (int i = 0; i < n; i++) {
                multiply(first[i], h0);                                    // m_i = m_i β1 + (1 - β1) g
                multiply(oneMinusH0, g[i]);
                code.visitInsn(Opcodes.DADD);
                code.visitVarInsn(Opcodes.DSTORE, first[i]);
                multiply(second[i], h1);                                   // v_i = v_i β2 + (1 - β2) g g
                multiply(oneMinusH1, g[i]);
                code.visitVarInsn(Opcodes.DLOAD, g[i]);
                code.visitInsn(Opcodes.DMUL);
                code.visitInsn(Opcodes.DADD);
                code.visitVarInsn(Opcodes.DSTORE, second[i]);
                code.visitVarInsn(Opcodes.DLOAD, x[i]);                    // x_i = x_i + -s m_i / (√v_i / c + ε)
                code.visitVarInsn(Opcodes.DLOAD, stepSize);
                code.visitInsn(Opcodes.DNEG);
                code.visitVarInsn(Opcodes.DLOAD, first[i]);
                code.visitInsn(Opcodes.DMUL);
                code.visitVarInsn(Opcodes.DLOAD, second[i]);
                math("sqrt");
                code.visitVarInsn(Opcodes.DLOAD, correction);
                code.visitInsn(Opcodes.DDIV);
                code.visitVarInsn(Opcodes.DLOAD, h2);
                code.visitInsn(Opcodes.DADD);
                code.visitInsn(Opcodes.DDIV);
                code.visitInsn(Opcodes.DADD);
                code.visitVarInsn(Opcodes.DSTORE, x[i]);
            }
        }

        /** Pushes {@code Powers.of(base, t)}, {@code Math.pow(base, t)} as {@code Adam.step} takes it. */
        private void power(int base) {
            code.visitVarInsn(Opcodes.DLOAD, base);
            code.visitVarInsn(Opcodes.ILOAD, counter);
            code.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(Powers.class), "of", "(DI)D", false);
        }

        /** {@code Descent}'s work after an evaluation: the steps, the counts, the best, the record, the screen. */
        private void bookkeeping(Label exit) {
            code.visitInsn(Opcodes.DCONST_0);
            code.visitVarInsn(Opcodes.DSTORE, dot);
            code.visitInsn(Opcodes.DCONST_0);
            code.visitVarInsn(Opcodes.DSTORE, squares);
            code.visitInsn(Opcodes.DCONST_0);
            code.visitVarInsn(Opcodes.DSTORE, stepSquares);
            for (int i = 0; i < n; i++) {
                code.visitVarInsn(Opcodes.DLOAD, x[i]);                    // d = x_i - p_i
                code.visitVarInsn(Opcodes.DLOAD, p[i]);
                code.visitInsn(Opcodes.DSUB);
                code.visitVarInsn(Opcodes.DSTORE, term);
                code.visitVarInsn(Opcodes.DLOAD, dot);                     // dot += d * step_i
                multiply(term, step[i]);
                code.visitInsn(Opcodes.DADD);
                code.visitVarInsn(Opcodes.DSTORE, dot);
                move(step[i], lastStep[i]);
                move(term, step[i]);
                if (form.steps()) {                                        // stepSquares += d * d
                    code.visitVarInsn(Opcodes.DLOAD, stepSquares);
                    multiply(term, term);
                    code.visitInsn(Opcodes.DADD);
                    code.visitVarInsn(Opcodes.DSTORE, stepSquares);
                }
                code.visitVarInsn(Opcodes.DLOAD, squares);                 // squares += g_i * g_i
                multiply(g[i], g[i]);
                code.visitInsn(Opcodes.DADD);
                code.visitVarInsn(Opcodes.DSTORE, squares);
            }
            Label noReversal = new Label();                                // if (k > 1 && dot < 0) reversals++
            code.visitVarInsn(Opcodes.ILOAD, k);
            code.visitInsn(Opcodes.ICONST_1);
            code.visitJumpInsn(Opcodes.IF_ICMPLE, noReversal);
            code.visitVarInsn(Opcodes.DLOAD, dot);
            code.visitInsn(Opcodes.DCONST_0);
            code.visitInsn(Opcodes.DCMPG);
            code.visitJumpInsn(Opcodes.IFGE, noReversal);
            code.visitIincInsn(reversals, 1);
            code.visitLabel(noReversal);
            Label finite = new Label();                                    // the gradient norm
            Label normed = new Label();
            code.visitVarInsn(Opcodes.DLOAD, squares);
            code.visitMethodInsn(Opcodes.INVOKESTATIC, DOUBLE, "isInfinite", "(D)Z", false);
            code.visitJumpInsn(Opcodes.IFEQ, finite);
            storeAll(gradientArray, g);
            code.visitVarInsn(Opcodes.ALOAD, gradientArray);
            code.visitMethodInsn(Opcodes.INVOKESTATIC, "org/apache/commons/math3/util/MathArrays", "safeNorm",
                    "([D)D", false);
            code.visitJumpInsn(Opcodes.GOTO, normed);
            code.visitLabel(finite);
            code.visitVarInsn(Opcodes.DLOAD, squares);
            math("sqrt");
            code.visitLabel(normed);
            code.visitVarInsn(Opcodes.DSTORE, gradientNorm);
            Label noIncrease = new Label();                                // if (!(f <= before)) increases++
            code.visitVarInsn(Opcodes.DLOAD, value);
            code.visitVarInsn(Opcodes.DLOAD, before);
            code.visitInsn(Opcodes.DCMPG);
            code.visitJumpInsn(Opcodes.IFLE, noIncrease);
            code.visitIincInsn(increases, 1);
            code.visitLabel(noIncrease);
            best();
            Label noProgress = new Label();                                // progress
            code.visitVarInsn(Opcodes.DLOAD, value);
            code.visitVarInsn(Opcodes.DLOAD, progressValue);
            code.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(Behaviour.class), "isProgress",
                    "(DD)Z", false);
            code.visitJumpInsn(Opcodes.IFEQ, noProgress);
            move(value, progressValue);
            code.visitVarInsn(Opcodes.ILOAD, k);
            code.visitVarInsn(Opcodes.ISTORE, lastProgress);
            code.visitLabel(noProgress);
            record();
            if (form.watched()) {
                // Leaving at the last iteration before cancelled() is asked: the general loop asks it after its
                // screen, which holds there when the last iteration is the cap.
                watch(exit);
                code.visitVarInsn(Opcodes.ILOAD, k);
                code.visitVarInsn(Opcodes.ILOAD, end);
                code.visitJumpInsn(Opcodes.IF_ICMPGE, exit);
            }
            code.visitVarInsn(Opcodes.DLOAD, value);                       // the screen
            math("abs");
            code.visitVarInsn(Opcodes.DLOAD, bound);
            code.visitInsn(Opcodes.DCMPG);
            code.visitJumpInsn(Opcodes.IFGT, exit);
            code.visitVarInsn(Opcodes.DLOAD, gradientNorm);
            code.visitMethodInsn(Opcodes.INVOKESTATIC, DOUBLE, "isFinite", "(D)Z", false);
            code.visitJumpInsn(Opcodes.IFEQ, exit);
            code.visitVarInsn(Opcodes.DLOAD, gradientNorm);
            code.visitVarInsn(Opcodes.DLOAD, tolerance);
            code.visitInsn(Opcodes.DCMPG);
            code.visitJumpInsn(Opcodes.IFLT, exit);
            if (form.steps()) {                                            // ‖step‖ < tolerance: Run.stepNorm()
                code.visitVarInsn(Opcodes.DLOAD, stepSquares);
                math("sqrt");
                code.visitVarInsn(Opcodes.DLOAD, stepTolerance);
                code.visitInsn(Opcodes.DCMPG);
                code.visitJumpInsn(Opcodes.IFLT, exit);
            }
            if (form.watched()) {                                          // cancelled(), as the general loop asks
                ask("cancelled", Descent.ASKED_CANCELLED, Descent.ASKED_BOTH, exit);
            }
        }

        /** {@code array[i] = locals[i]} for every coordinate i ({@code array} a local holding a double[]). */
        private void storeAll(int array, int[] locals) {
            for (int i = 0; i < n; i++) {
                code.visitVarInsn(Opcodes.ALOAD, array);
                pushInt(i);
                code.visitVarInsn(Opcodes.DLOAD, locals[i]);
                code.visitInsn(Opcodes.DASTORE);
            }
        }

        /**
         * {@code if (listener.question()) { asked = yes; leave } else asked = no}: the kernel leaves with the answer,
         * which the general loop uses rather than asking again.
         */
        private void ask(String question, int yes, int no, Label exit) {
            code.visitVarInsn(Opcodes.ALOAD, listener);
            code.visitMethodInsn(Opcodes.INVOKEINTERFACE, LISTENER_NAME, question, "()Z", true);
            Label answeredNo = new Label();
            code.visitJumpInsn(Opcodes.IFEQ, answeredNo);
            pushInt(yes);
            code.visitVarInsn(Opcodes.ISTORE, asked);
            code.visitJumpInsn(Opcodes.GOTO, exit);
            code.visitLabel(answeredNo);
            pushInt(no);
            code.visitVarInsn(Opcodes.ISTORE, asked);
        }

        /**
         * What the general loop does with its listener after a row and at the boundary before the screen:
         * {@code listener.onIterate(k, x, f, gradientNorm, γ)} with the run's own array x, written out first, then
         * {@code checkpointWanted()}, leaving the kernel when it answers true.
         */
        private void watch(Label exit) {
            storeAll(xArray, x);
            code.visitVarInsn(Opcodes.ALOAD, listener);
            code.visitVarInsn(Opcodes.ILOAD, k);
            code.visitVarInsn(Opcodes.ALOAD, xArray);
            code.visitVarInsn(Opcodes.DLOAD, value);
            code.visitVarInsn(Opcodes.DLOAD, gradientNorm);
            code.visitVarInsn(Opcodes.DLOAD, rate);
            code.visitMethodInsn(Opcodes.INVOKEINTERFACE, LISTENER_NAME, "onIterate", "(I[DDDD)V", true);
            ask("checkpointWanted", Descent.ASKED_CHECKPOINT, Descent.ASKED_SCREEN, exit);
        }

        /** {@code considerCurrent}: the iterate as the best, or the best point copied from p when leaving it. */
        private void best() {
            Label notBetter = new Label();
            Label done = new Label();
            code.visitVarInsn(Opcodes.DLOAD, value);
            code.visitVarInsn(Opcodes.DLOAD, bestValue);
            code.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(Behaviour.class), "better", "(DD)Z",
                    false);
            code.visitJumpInsn(Opcodes.IFEQ, notBetter);
            code.visitVarInsn(Opcodes.ILOAD, k);
            code.visitVarInsn(Opcodes.ISTORE, bestIteration);
            move(value, bestValue);
            move(gradientNorm, bestGradientNorm);
            move(rate, bestRate);
            code.visitInsn(Opcodes.ICONST_1);
            code.visitVarInsn(Opcodes.ISTORE, bestIsCurrent);
            code.visitJumpInsn(Opcodes.GOTO, done);
            code.visitLabel(notBetter);
            code.visitVarInsn(Opcodes.ILOAD, bestIsCurrent);
            code.visitJumpInsn(Opcodes.IFEQ, done);
            storeAll(bestPoint, p);
            code.visitInsn(Opcodes.ICONST_0);
            code.visitVarInsn(Opcodes.ISTORE, bestIsCurrent);
            code.visitLabel(done);
        }

        /** {@code Recorder.add} within a chunk: the row {k, f, gradient norm, γ, x} when k is kept. */
        private void record() {
            Label skip = new Label();
            code.visitVarInsn(Opcodes.ILOAD, k);
            code.visitVarInsn(Opcodes.ILOAD, mask);
            code.visitInsn(Opcodes.IAND);
            code.visitJumpInsn(Opcodes.IFNE, skip);
            code.visitVarInsn(Opcodes.ALOAD, rows);
            code.visitVarInsn(Opcodes.ILOAD, at);
            code.visitVarInsn(Opcodes.ILOAD, k);
            code.visitInsn(Opcodes.I2D);
            code.visitInsn(Opcodes.DASTORE);
            int[] columns = {value, gradientNorm, rate};
            for (int c = 0; c < columns.length + n; c++) {
                code.visitVarInsn(Opcodes.ALOAD, rows);
                code.visitVarInsn(Opcodes.ILOAD, at);
                pushInt(c + 1);
                code.visitInsn(Opcodes.IADD);
                code.visitVarInsn(Opcodes.DLOAD, c < columns.length ? columns[c] : x[c - columns.length]);
                code.visitInsn(Opcodes.DASTORE);
            }
            code.visitIincInsn(at, Trajectory.WIDTH + n);
            code.visitIincInsn(kept, 1);
            code.visitLabel(skip);
        }

        private void oneMinus(int local, int into) {
            code.visitInsn(Opcodes.DCONST_1);
            code.visitVarInsn(Opcodes.DLOAD, local);
            code.visitInsn(Opcodes.DSUB);
            code.visitVarInsn(Opcodes.DSTORE, into);
        }

        /** Pushes {@code a * b}. */
        private void multiply(int a, int b) {
            code.visitVarInsn(Opcodes.DLOAD, a);
            code.visitVarInsn(Opcodes.DLOAD, b);
            code.visitInsn(Opcodes.DMUL);
        }

        private void move(int from, int to) {
            code.visitVarInsn(Opcodes.DLOAD, from);
            code.visitVarInsn(Opcodes.DSTORE, to);
        }

        private void math(String name) {
            code.visitMethodInsn(Opcodes.INVOKESTATIC, MATH, name, "(D)D", false);
        }

        /** {@code local = frame.field}. */
        private void load(String field, String descriptor, int local) {
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitFieldInsn(Opcodes.GETFIELD, FRAME, field, descriptor);
            code.visitVarInsn(Type.getType(descriptor).getOpcode(Opcodes.ISTORE), local);
        }

        /** {@code frame.field = local}. */
        private void store(String field, String descriptor, int local) {
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitVarInsn(Type.getType(descriptor).getOpcode(Opcodes.ILOAD), local);
            code.visitFieldInsn(Opcodes.PUTFIELD, FRAME, field, descriptor);
        }

        /** {@code local = frame.field[i]}. */
        private void loadElement(String field, int i, int local) {
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitFieldInsn(Opcodes.GETFIELD, FRAME, field, ARRAY);
            pushInt(i);
            code.visitInsn(Opcodes.DALOAD);
            code.visitVarInsn(Opcodes.DSTORE, local);
        }

        /** {@code frame.field[i] = local}. */
        private void storeElement(String field, int i, int local) {
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitFieldInsn(Opcodes.GETFIELD, FRAME, field, ARRAY);
            pushInt(i);
            code.visitVarInsn(Opcodes.DLOAD, local);
            code.visitInsn(Opcodes.DASTORE);
        }

        private void pushInt(int constant) {
            TapeEmitter.pushInt(code, constant);
        }
    }
}
