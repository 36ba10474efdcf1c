package dev.descent.engine.run;

import dev.descent.engine.optim.OptimizerState;
import dev.descent.engine.optim.Quantity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary form of a {@link Checkpoint}, versioned. Big-endian ({@link DataOutput}); doubles as their raw IEEE
 * 754 bits ({@link Double#doubleToRawLongBits}), so NaN payloads and -0.0 survive; an array as its int length then
 * its elements; a string as {@link DataOutput#writeUTF}. Format version 4, in order:
 * <pre>
 *   int   magic 0x44434B50 ("DCKP"), int version (4)
 *   int   variable count, then each name (UTF)
 *   UTF   optimizer; int dataRows, batchesPerEpoch, recordLimit
 *   int   iteration; double value, gradientNorm, stepNorm, epochLossChange
 *   double[] x, gradient, step, lastStep
 *   int   increases; int reversals; long functionEvaluations, gradientEvaluations, elapsedNanos
 *   double[] epochLosses
 *   long[] optimizer counters; double[] optimizer scalars; int vector count, then each double[]
 *   double[] scheduleState
 *   int trajectoryStride; double[] trajectoryRows; double[] lastRecorded
 *   double[] best; int lastProgress; double progressValue
 *   int   explained update count, then each: int iteration; double learningRate, clipScale;
 *         int quantities (bit q set: the update has the {@link Quantity} of ordinal q), then each one's double[]
 *   byte  sense: 1 for a run that minimizes, -1 for one that maximizes
 * </pre>
 * Version 3, written before runs could maximize, ends at the explained updates: this class reads it with the sense
 * 0 (not known), which {@link Descent#resume} does not check, since a job of that version may have maximized. Version 2, written before jobs explained updates, ends at {@code progressValue}: this class reads it as a
 * checkpoint with no explained update, which is what every run of that version had. Version 1, written before the
 * best point was kept, differs from version 2 in two places: {@code boolean monotone} where version 2 has
 * {@code int increases}, and nothing after {@code lastRecorded}. This class reads it too: {@code increases}
 * is 0 for monotone and 1 for not (at least one increase), the best is not known (its row is {@code lastRecorded}
 * with the value NaN, so the run's next candidate takes its place: a run resumed from a version 1 checkpoint knows
 * its best point from there on) and the last progress is the checkpoint's iteration, with no value to beat (the
 * next candidate is progress).
 */
public final class CheckpointCodec {

    /** "DCKP": what every checkpoint starts with. */
    public static final int MAGIC = 0x44434B50;

    /** The format this class writes and reads. */
    public static final int VERSION = 4;

    /** The oldest format whose checkpoints resume to the uninterrupted run's very result (version 1's best is lost). */
    public static final int EXACT_SINCE = 2;

    private CheckpointCodec() {
    }

    /** Writes {@code checkpoint} in format {@link #VERSION}. */
    public static void write(Checkpoint checkpoint, DataOutput out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(checkpoint.variables().size());
        for (String variable : checkpoint.variables()) {
            out.writeUTF(variable);
        }
        out.writeUTF(checkpoint.optimizer());
        out.writeInt(checkpoint.dataRows());
        out.writeInt(checkpoint.batchesPerEpoch());
        out.writeInt(checkpoint.recordLimit());
        out.writeInt(checkpoint.iteration());
        writeDouble(out, checkpoint.value());
        writeDouble(out, checkpoint.gradientNorm());
        writeDouble(out, checkpoint.stepNorm());
        writeDouble(out, checkpoint.epochLossChange());
        writeDoubles(out, checkpoint.x());
        writeDoubles(out, checkpoint.gradient());
        writeDoubles(out, checkpoint.step());
        writeDoubles(out, checkpoint.lastStep());
        out.writeInt(checkpoint.increases());
        out.writeInt(checkpoint.reversals());
        out.writeLong(checkpoint.functionEvaluations());
        out.writeLong(checkpoint.gradientEvaluations());
        out.writeLong(checkpoint.elapsedNanos());
        writeDoubles(out, checkpoint.epochLosses());
        OptimizerState state = checkpoint.optimizerState();
        long[] counters = state.counters();
        out.writeInt(counters.length);
        for (long counter : counters) {
            out.writeLong(counter);
        }
        writeDoubles(out, state.scalars());
        out.writeInt(state.vectorCount());
        for (int i = 0; i < state.vectorCount(); i++) {
            writeDoubles(out, state.vector(i));
        }
        writeDoubles(out, checkpoint.scheduleState());
        out.writeInt(checkpoint.trajectoryStride());
        writeDoubles(out, checkpoint.trajectoryRows());
        writeDoubles(out, checkpoint.lastRecorded());
        writeDoubles(out, checkpoint.best());
        out.writeInt(checkpoint.lastProgress());
        writeDouble(out, checkpoint.progressValue());
        List<Explanation.Update> explained = checkpoint.explained().updates();
        out.writeInt(explained.size());
        for (Explanation.Update update : explained) {
            out.writeInt(update.iteration());
            writeDouble(out, update.learningRate());
            writeDouble(out, update.clipScale());
            int quantities = 0;
            for (Quantity quantity : update.quantities()) {
                quantities |= 1 << quantity.ordinal();
            }
            out.writeInt(quantities);
            for (Quantity quantity : update.quantities()) {
                writeDoubles(out, update.get(quantity));
            }
        }
        out.writeByte(checkpoint.sense());
    }

    /**
     * Reads a checkpoint {@link #write} wrote.
     *
     * @throws CheckpointFormatException when the input is not a checkpoint, is of another format version, is cut
     *                                   short or does not hold together
     * @throws IOException               when reading fails
     */
    public static Checkpoint read(DataInput in) throws IOException {
        try {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new CheckpointFormatException(String.format("Not a checkpoint: it starts with 0x%08X, not "
                        + "0x%08X", magic, MAGIC));
            }
            int version = in.readInt();
            if (version < 1 || version > VERSION) {
                throw new CheckpointFormatException("Unsupported checkpoint format version " + version
                        + ": this build reads versions 1 to " + VERSION);
            }
            int count = length(in.readInt(), "variable count");
            List<String> variables = new ArrayList<>(Math.min(count, 1024));
            for (int i = 0; i < count; i++) {
                variables.add(in.readUTF());
            }
            String optimizer = in.readUTF();
            int dataRows = in.readInt();
            int batchesPerEpoch = in.readInt();
            int recordLimit = in.readInt();
            int iteration = in.readInt();
            double value = readDouble(in);
            double gradientNorm = readDouble(in);
            double stepNorm = readDouble(in);
            double epochLossChange = readDouble(in);
            double[] x = readDoubles(in);
            double[] gradient = readDoubles(in);
            double[] step = readDoubles(in);
            double[] lastStep = readDoubles(in);
            int increases = version == 1 ? (in.readBoolean() ? 0 : 1) : in.readInt();
            int reversals = in.readInt();
            long functionEvaluations = in.readLong();
            long gradientEvaluations = in.readLong();
            long elapsedNanos = in.readLong();
            double[] epochLosses = readDoubles(in);
            long[] counters = new long[length(in.readInt(), "optimizer counter count")];
            for (int i = 0; i < counters.length; i++) {
                counters[i] = in.readLong();
            }
            double[] scalars = readDoubles(in);
            double[][] vectors = new double[length(in.readInt(), "optimizer vector count")][];
            for (int i = 0; i < vectors.length; i++) {
                vectors[i] = readDoubles(in);
            }
            double[] scheduleState = readDoubles(in);
            int trajectoryStride = in.readInt();
            double[] trajectoryRows = readDoubles(in);
            double[] lastRecorded = readDoubles(in);
            double[] best;
            int lastProgress;
            double progressValue;
            if (version == 1) {
                best = lastRecorded.clone();
                best[1] = Double.NaN;
                lastProgress = iteration;
                progressValue = Double.NaN;
            } else {
                best = readDoubles(in);
                lastProgress = in.readInt();
                progressValue = readDouble(in);
            }
            Explanation explained = version < 3 ? Explanation.NONE : readExplained(in);
            int sense = version < 4 ? 0 : in.readByte();
            return new Checkpoint(variables, optimizer, dataRows, batchesPerEpoch, recordLimit, iteration, value,
                    gradientNorm, stepNorm, epochLossChange, x, gradient, step, lastStep, increases, reversals,
                    functionEvaluations, gradientEvaluations, elapsedNanos, epochLosses,
                    new OptimizerState(counters, scalars, vectors), scheduleState, trajectoryStride,
                    trajectoryRows, lastRecorded, best, lastProgress, progressValue, explained, sense);
        } catch (EOFException e) {
            throw new CheckpointFormatException("The checkpoint is cut short", e);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException("Not a valid checkpoint: " + e.getMessage(), e);
        }
    }

    /** The explained updates of a version 3 checkpoint. */
    private static Explanation readExplained(DataInput in) throws IOException {
        int count = length(in.readInt(), "explained update count");
        Quantity[] all = Quantity.values();
        List<Explanation.Update> updates = new ArrayList<>(Math.min(count, ExplainRange.MAX_STEPS));
        for (int u = 0; u < count; u++) {
            int iteration = in.readInt();
            double learningRate = readDouble(in);
            double clipScale = readDouble(in);
            int quantities = in.readInt();
            if ((quantities >>> all.length) != 0) {
                throw new CheckpointFormatException(String.format("Not a valid checkpoint: explained update %d has "
                        + "quantities 0x%08X, of which this build knows %d", iteration, quantities, all.length));
            }
            double[][] values = new double[all.length][];
            for (Quantity quantity : all) {
                if ((quantities & (1 << quantity.ordinal())) != 0) {
                    values[quantity.ordinal()] = readDoubles(in);
                }
            }
            updates.add(new Explanation.Update(iteration, learningRate, clipScale, values));
        }
        return updates.isEmpty() ? Explanation.NONE : new Explanation(updates);
    }

    /** The checkpoint as bytes. */
    public static byte[] toBytes(Checkpoint checkpoint) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size(checkpoint));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(checkpoint, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The checkpoint {@link #toBytes} wrote; nothing may follow it.
     *
     * @throws CheckpointFormatException as {@link #read}, or when bytes follow the checkpoint
     */
    public static Checkpoint fromBytes(byte[] bytes) throws CheckpointFormatException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            Checkpoint checkpoint = read(in);
            if (in.available() > 0) {
                throw new CheckpointFormatException(in.available() + " bytes follow the checkpoint");
            }
            return checkpoint;
        } catch (CheckpointFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The size of {@code checkpoint} in this format, in bytes (for strings of ASCII characters). */
    public static int size(Checkpoint checkpoint) {
        long size = 4 + 4 + 4 + 2 + checkpoint.optimizer().length() + 4 * 4 + 4 * 8;
        for (String variable : checkpoint.variables()) {
            size += 2 + variable.length();
        }
        int n = checkpoint.dimension();
        size += 4 * (4 + 8L * n) + 4 + 4 + 3 * 8;
        size += 4 + 8L * checkpoint.epochLosses().length;
        OptimizerState state = checkpoint.optimizerState();
        size += 4 + 8L * state.counters().length + 4 + 8L * state.scalars().length + 4;
        for (int i = 0; i < state.vectorCount(); i++) {
            size += 4 + 8L * n;
        }
        size += 4 + 8L * checkpoint.scheduleState().length + 4;
        size += 4 + 8L * checkpoint.recordedRows() * Trajectory.rowWidth(n) + 2 * (4 + 8L * Trajectory.rowWidth(n));
        size += 4 + 8;
        size += 4;
        for (Explanation.Update update : checkpoint.explained().updates()) {
            size += 4 + 2 * 8 + 4 + update.quantities().size() * (4 + 8L * n);
        }
        size += 1;
        return (int) Math.min(Integer.MAX_VALUE - 8, size);
    }

    private static void writeDouble(DataOutput out, double value) throws IOException {
        out.writeLong(Double.doubleToRawLongBits(value));
    }

    private static double readDouble(DataInput in) throws IOException {
        return Double.longBitsToDouble(in.readLong());
    }

    private static void writeDoubles(DataOutput out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double value : values) {
            out.writeLong(Double.doubleToRawLongBits(value));
        }
    }

    /** Reads an array in chunks, so that a corrupt length fails at the end of the input, not by running out of memory. */
    private static double[] readDoubles(DataInput in) throws IOException {
        int length = length(in.readInt(), "array length");
        double[] values = new double[Math.min(length, 1 << 16)];
        for (int i = 0; i < length; i++) {
            if (i == values.length) {
                values = Arrays.copyOf(values, (int) Math.min(length, 2L * values.length));
            }
            values[i] = Double.longBitsToDouble(in.readLong());
        }
        return values;
    }

    private static int length(int length, String what) throws CheckpointFormatException {
        if (length < 0) {
            throw new CheckpointFormatException("Not a valid checkpoint: negative " + what + " " + length);
        }
        return length;
    }
}
