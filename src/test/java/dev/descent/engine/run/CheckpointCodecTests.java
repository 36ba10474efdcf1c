package dev.descent.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.engine.objective.FunctionCatalog;
import dev.descent.engine.optim.Adam;
import dev.descent.engine.optim.OptimizerState;
import dev.descent.engine.optim.Quantity;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.schedule.Schedules;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CheckpointCodecTests {

    /** A checkpoint of 10-D Rosenbrock under Adam, with a plateau schedule, taken at iteration 100. */
    private static Checkpoint adam10(int iteration) {
        return CheckpointTests.checkpointOf(adam10(), iteration);
    }

    private static Problem adam10() {
        return Problem.of(FunctionCatalog.byName("rosenbrock").orElseThrow().objective(10), new double[10],
                new Adam(0.9, 0.999, 1e-8, 0, true), Schedules.reduceOnPlateau(0.01, 0.5, 5, 1e-4),
                CheckpointTests.rules(1000));
    }

    @Test
    @DisplayName("written and read back, a checkpoint is equal to itself, and writes the same bytes again")
    void roundTrip() throws Exception {
        Checkpoint checkpoint = adam10(100);
        byte[] bytes = CheckpointCodec.toBytes(checkpoint);
        Checkpoint read = CheckpointCodec.fromBytes(bytes);
        assertThat(read).isEqualTo(checkpoint);
        assertThat(CheckpointCodec.toBytes(read)).isEqualTo(bytes);
        assertThat(read.optimizerState().vectorCount()).isEqualTo(3);
        assertThat(read.scheduleState()).hasSize(3);
    }

    @Test
    @DisplayName("the layout is as documented: magic, version, then the variables; doubles as their raw bits")
    void layout() throws Exception {
        double nan = Double.longBitsToDouble(0x7FF8_0000_0000_1234L);
        Checkpoint checkpoint = new Checkpoint(List.of("x"), "Sgd[]", 0, 0, 4, 3, -0.0, nan, 1.5, Double.NaN,
                new double[] {1}, new double[] {2}, new double[] {3}, new double[] {4}, 0, 0, 4, 4, 10,
                new double[0], new OptimizerState(new long[] {1}, new double[0], new double[][] {{5}}),
                new double[0], 1, new double[] {0, 1, 2, Double.NaN, 7}, new double[] {3, -0.0, nan, 0.1, 1},
                new double[] {0, 1, 2, Double.NaN, 7}, 0, 1);
        byte[] bytes = CheckpointCodec.toBytes(checkpoint);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        assertThat(buffer.getInt()).isEqualTo(0x44434B50);
        assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("DCKP");
        assertThat(buffer.getInt()).isEqualTo(4);
        assertThat(buffer.getInt()).isEqualTo(1);
        assertThat(buffer.getShort()).isEqualTo((short) 1);
        assertThat(buffer.get()).isEqualTo((byte) 'x');
        Checkpoint read = CheckpointCodec.fromBytes(bytes);
        // NaN payloads and the sign of zero survive.
        assertThat(Double.doubleToRawLongBits(read.gradientNorm())).isEqualTo(0x7FF8_0000_0000_1234L);
        assertThat(Double.doubleToRawLongBits(read.value())).isEqualTo(Long.MIN_VALUE);
        assertThat(Double.doubleToRawLongBits(read.lastRecorded()[2])).isEqualTo(0x7FF8_0000_0000_1234L);
        assertThat(read).isEqualTo(checkpoint);
        assertThat(bytes).hasSize(CheckpointCodec.size(checkpoint));
        // The direction last: this one minimizes.
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) 1);
    }

    @Test
    @DisplayName("a maximizing run's checkpoint says so in its last byte, -1, and reads back equal")
    void maximizing() throws Exception {
        Problem problem = CheckpointTests.maximizing();
        Checkpoint checkpoint = CheckpointTests.checkpointOf(problem, 7);
        assertThat(checkpoint.sense()).isEqualTo(-1);
        byte[] bytes = CheckpointCodec.toBytes(checkpoint);
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) -1);
        Checkpoint read = CheckpointCodec.fromBytes(bytes);
        assertThat(read).isEqualTo(checkpoint);
        CheckpointTests.assertSameResult(Descent.run(CheckpointTests.maximizing()),
                Descent.resume(CheckpointTests.maximizing(), read));
    }

    @Test
    @DisplayName("a version 3 checkpoint (no direction after the explained updates) is read with the direction not "
            + "known, and resumes to the uninterrupted run's very result, minimizing or maximizing")
    void versionThree() throws Exception {
        for (Supplier<Problem> problem : List.<Supplier<Problem>>of(CheckpointCodecTests::adam10,
                CheckpointTests::maximizing)) {
            Checkpoint checkpoint = CheckpointTests.checkpointOf(problem.get(), 7);
            byte[] four = CheckpointCodec.toBytes(checkpoint);
            byte[] three = Arrays.copyOf(four, four.length - 1);
            ByteBuffer.wrap(three).putInt(4, 3);
            Checkpoint read = CheckpointCodec.fromBytes(three);
            assertThat(read.sense()).isZero();
            assertThat(read.x()).isEqualTo(checkpoint.x());
            CheckpointTests.assertSameResult(Descent.run(problem.get()), Descent.resume(problem.get(), read));
        }
    }

    @Test
    @DisplayName("another format version is refused, naming the versions this build reads")
    void otherVersion() {
        byte[] bytes = CheckpointCodec.toBytes(adam10(10));
        ByteBuffer.wrap(bytes).putInt(4, 5);
        assertThatThrownBy(() -> CheckpointCodec.fromBytes(bytes))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessage("Unsupported checkpoint format version 5: this build reads versions 1 to 4");
        ByteBuffer.wrap(bytes).putInt(4, 0);
        assertThatThrownBy(() -> CheckpointCodec.fromBytes(bytes))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessage("Unsupported checkpoint format version 0: this build reads versions 1 to 4");
    }

    @Test
    @DisplayName("a version 1 checkpoint (monotone as a boolean, no best point) is read: the best not known, the "
            + "run resumed from it the same but for its best point, which it knows from there on")
    void versionOne() throws Exception {
        Checkpoint checkpoint = adam10(40);
        // Version 1's bytes: version 2's (version 3's without its explained update count, 0; version 3's are
        // version 4's without the direction) with the int increases as a boolean and the last three parts cut off.
        byte[] four = CheckpointCodec.toBytes(checkpoint);
        byte[] three = Arrays.copyOf(four, four.length - 1);
        assertThat(checkpoint.explained().updates()).isEmpty();
        byte[] two = Arrays.copyOf(three, three.length - 4);
        int rowBytes = 4 + 8 * Trajectory.rowWidth(checkpoint.dimension());
        java.io.ByteArrayOutputStream one = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(one);
        int increasesAt = increasesOffset(checkpoint);
        out.write(two, 0, 4);
        out.writeInt(1);
        out.write(two, 8, increasesAt - 8);
        out.writeBoolean(checkpoint.increases() == 0);
        out.write(two, increasesAt + 4, two.length - (increasesAt + 4) - rowBytes - 4 - 8);
        Checkpoint read = CheckpointCodec.fromBytes(one.toByteArray());
        assertThat(read.increases()).isEqualTo(checkpoint.increases() == 0 ? 0 : 1);
        assertThat(read.x()).isEqualTo(checkpoint.x());
        assertThat(read.trajectoryRows()).isEqualTo(checkpoint.trajectoryRows());
        assertThat(read.best()[1]).isNaN();
        assertThat(read.lastProgress()).isEqualTo(40);
        Result resumed = Descent.resume(adam10(), read);
        Result whole = Descent.run(adam10());
        assertThat(resumed.last()).isEqualTo(whole.last());
        assertThat(resumed.iterations()).isEqualTo(whole.iterations());
        // The best from iteration 40 on: the lowest of the iterates after it.
        assertThat(resumed.best().iteration()).isGreaterThan(40);
    }

    /** Where {@code increases} starts in the bytes of {@code checkpoint}, counted from the documented layout. */
    private static int increasesOffset(Checkpoint checkpoint) {
        int offset = 4 + 4 + 4;
        for (String variable : checkpoint.variables()) {
            offset += 2 + variable.length();
        }
        offset += 2 + checkpoint.optimizer().length() + 3 * 4 + 4 + 4 * 8;
        return offset + 4 * (4 + 8 * checkpoint.dimension());
    }

    @Test
    @DisplayName("a checkpoint inside an explained range carries its explained updates: each its number, rate, clip "
            + "scale and quantities, written and read back to the bit, 24 bytes plus 4 + 8n per quantity")
    void explained() throws Exception {
        Problem problem = adam10().withExplain(new ExplainRange(5, 10));
        Checkpoint checkpoint = CheckpointTests.checkpointOf(problem, 9);
        List<Explanation.Update> updates = checkpoint.explained().updates();
        assertThat(updates).extracting(Explanation.Update::iteration).containsExactly(5, 6, 7, 8, 9);
        // AMSGrad Adam without weight decay or clipping: g, m, v, v^max, both bias corrections, the effective rate
        // and the step (PyTorch's box).
        assertThat(updates.get(0).quantities()).containsExactly(Quantity.GRADIENT, Quantity.FIRST_MOMENT,
                Quantity.SECOND_MOMENT, Quantity.MAX_SECOND_MOMENT, Quantity.BIAS_CORRECTION1,
                Quantity.BIAS_CORRECTION2, Quantity.EFFECTIVE_LEARNING_RATE, Quantity.STEP);
        byte[] bytes = CheckpointCodec.toBytes(checkpoint);
        Checkpoint read = CheckpointCodec.fromBytes(bytes);
        assertThat(read).isEqualTo(checkpoint);
        assertThat(read.explained()).isEqualTo(checkpoint.explained());
        assertThat(CheckpointCodec.toBytes(read)).isEqualTo(bytes);
        assertThat(bytes).hasSize(CheckpointCodec.size(checkpoint));
        // The same run's checkpoint without the range: 5 updates × (4 + 8 + 8 + 4 + 8 × (4 + 80)) bytes fewer.
        assertThat(bytes.length - CheckpointCodec.toBytes(adam10(9)).length).isEqualTo(5 * (24 + 8 * 84));
        // The bit pattern of the update's rate, and a NaN clip scale (no clipping), survive.
        assertThat(Double.doubleToRawLongBits(read.explained().updates().get(4).learningRate()))
                .isEqualTo(Double.doubleToRawLongBits(updates.get(4).learningRate()));
        assertThat(read.explained().updates().get(4).clipScale()).isNaN();
    }

    @Test
    @DisplayName("a version 2 checkpoint (nothing after the last progress's value) is read with no explained update, "
            + "and resumes to the uninterrupted run's very result")
    void versionTwo() throws Exception {
        Checkpoint checkpoint = adam10(40);
        byte[] four = CheckpointCodec.toBytes(checkpoint);
        byte[] three = Arrays.copyOf(four, four.length - 1);
        // Version 2's bytes: version 3's without the explained update count (0) at the end.
        assertThat(ByteBuffer.wrap(three).getInt(three.length - 4)).isZero();
        byte[] two = Arrays.copyOf(three, three.length - 4);
        ByteBuffer.wrap(two).putInt(4, 2);
        Checkpoint read = CheckpointCodec.fromBytes(two);
        assertThat(read.sense()).isZero();
        assertThat(CheckpointCodec.toBytes(read)).isEqualTo(withSense(four, 0));
        assertThat(read.explained()).isEqualTo(Explanation.NONE);
        CheckpointTests.assertSameResult(Descent.run(adam10()), Descent.resume(adam10(), read));
    }

    @Test
    @DisplayName("bytes that are not a checkpoint, cut short, or followed by more are refused")
    void notACheckpoint() {
        byte[] bytes = CheckpointCodec.toBytes(adam10(10));
        assertThatThrownBy(() -> CheckpointCodec.fromBytes("{\"iteration\": 3}".getBytes()))
                .isInstanceOf(CheckpointFormatException.class).hasMessageStartingWith("Not a checkpoint");
        assertThatThrownBy(() -> CheckpointCodec.fromBytes(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(CheckpointFormatException.class).hasMessage("The checkpoint is cut short");
        assertThatThrownBy(() -> CheckpointCodec.fromBytes(Arrays.copyOf(bytes, bytes.length + 2)))
                .isInstanceOf(CheckpointFormatException.class).hasMessage("2 bytes follow the checkpoint");
    }

    @Test
    @DisplayName("a checkpoint whose parts do not fit together (x of another length) is refused")
    void inconsistent() {
        byte[] bytes = CheckpointCodec.toBytes(adam10(10));
        // The variable count is 10; make it 9 by dropping the last name ("x10": 2 + 3 bytes at the end of the list).
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int variables = buffer.getInt(8);
        assertThat(variables).isEqualTo(10);
        int offset = 12;
        for (int i = 0; i < 9; i++) {
            offset += 2 + buffer.getShort(offset);
        }
        int nameLength = 2 + buffer.getShort(offset);
        byte[] shorter = new byte[bytes.length - nameLength];
        System.arraycopy(bytes, 0, shorter, 0, offset);
        System.arraycopy(bytes, offset + nameLength, shorter, offset, bytes.length - offset - nameLength);
        ByteBuffer.wrap(shorter).putInt(8, 9);
        assertThatThrownBy(() -> CheckpointCodec.fromBytes(shorter))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("A checkpoint of 9 variables has a vector of 10");
    }

    @Test
    @DisplayName("size: a 10-D Adam checkpoint is its state plus 112 bytes per recorded iterate")
    void size() {
        Checkpoint early = adam10(0);
        Checkpoint later = adam10(100);
        int perRow = 8 * Trajectory.rowWidth(10);
        assertThat(perRow).isEqualTo(112);
        assertThat(CheckpointCodec.toBytes(later).length - CheckpointCodec.toBytes(early).length)
                .isEqualTo(100 * perRow);
        // At iteration 0, counted by hand from the documented layout: magic and version 8; the names x1..x10
        // 4 + 9·4 + 5 = 45; dataRows, batchesPerEpoch, recordLimit, iteration 16; value, gradientNorm, stepNorm,
        // epochLossChange 32; x, ∇f and two steps 4·(4 + 80) = 336; increases, reversals and three counts 32; no
        // epoch losses 4; Adam's counter 12, no scalars 4, three vectors 4 + 3·84 = 256; the plateau's three
        // numbers 28; the stride 4, one trajectory row 4 + 112, the last row 4 + 112; the best row 4 + 112, the
        // last progress 4 and its value 8; no explained update 4; the direction 1: 1142, plus the optimizer.
        assertThat(CheckpointCodec.toBytes(early)).hasSize(1142 + 2 + early.optimizer().length());
        assertThat(CheckpointCodec.size(early)).isEqualTo(1142 + 2 + early.optimizer().length());
    }

    @Test
    @DisplayName("a stateless schedule's checkpoint carries no schedule state")
    void statelessSchedule() {
        Checkpoint checkpoint = CheckpointTests.checkpointOf(Problem.of(FunctionCatalog.byName("sphere")
                .orElseThrow().objective(2), new double[] {1, 1}, new Adam(0.9, 0.999, 1e-8, 0, false),
                LearningRateSchedule.constant(0.1), CheckpointTests.rules(20)), 5);
        assertThat(checkpoint.scheduleState()).isEmpty();
    }

    /** {@code bytes} with the direction, their last byte, set to {@code sense}. */
    private static byte[] withSense(byte[] bytes, int sense) {
        byte[] copy = bytes.clone();
        copy[copy.length - 1] = (byte) sense;
        return copy;
    }
}
