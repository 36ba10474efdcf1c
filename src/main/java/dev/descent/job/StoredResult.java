package dev.descent.job;

import dev.descent.engine.optim.Quantity;
import dev.descent.engine.run.Behaviour;
import dev.descent.engine.run.Explanation;
import dev.descent.engine.run.Iterate;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.RunCurvature;
import dev.descent.engine.run.Trajectory;
import dev.descent.engine.stop.Status;
import dev.descent.engine.stop.StopReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * What {@link StoredJobRunner} stores as a finished job's result (in a binary form of its own, {@link #toBytes()}:
 * 8 bytes a number, where JSON took about 20 and refused documents past 10 MB): each run's result, every double as its
 * raw IEEE 754 bits ({@link Double#doubleToRawLongBits}) so that the stored result is exact and two results compare bit
 * for bit. The job endpoints answer what the plans make of these results ({@link #results()}, then
 * {@code OptimizationMapper.toResponse} or {@code ComparisonMapper.toResponse}).
 *
 * @param kind {@code optimization} or {@code comparison}
 * @param runs the runs, in the request's order
 */
record StoredResult(String kind, List<StoredRun> runs) {

    StoredResult {
        runs = List.copyOf(runs);
    }

    /**
     * One run's result. A row is iteration, value, gradient norm, learning rate and the point
     * ({@link Trajectory#rowWidth} doubles), each as its raw bits. Its elapsed time is the one part of a result that
     * differs between runs of the same problem.
     *
     * @param label               the run's label
     * @param status              how it ended ({@code StopReason.Status})
     * @param reason              the rule that ended it, in words
     * @param iterations          the updates made
     * @param functionEvaluations evaluations of f
     * @param gradientEvaluations evaluations of ∇f
     * @param last                the row of the iterate it ended on
     * @param trajectory          the rows kept (thinned to the request's {@code trajectory.maxPoints}), one after
     *                            another
     * @param epochLosses         the whole-data losses of a batched objective; empty otherwise
     * @param increases           the updates that raised f ({@link Behaviour#increases()})
     * @param reversals           the steps that reversed the step before ({@link Behaviour#reversals()})
     * @param elapsedNanos        its running time, summed over every resume
     * @param best                the row of its best iterate ({@link Result#best()})
     * @param lastProgress        the iteration of its last progress ({@link Behaviour#lastProgress()})
     * @param curvature           its curvature ({@link RunCurvature#toArray()}; empty when not computed)
     * @param explanation         its explained updates ({@link Result#explanation()}), every number as it was
     * @param averagedPoint       the optimizer's averaged point ({@link Result#averagedPoint()}); empty for none
     * @param variables           the names of the point's coordinates, in order: with {@code momenta}, what a page
     *                            of the trajectory needs besides the rows, so that a page is made without mapping
     *                            the request again (empty for a run stored before version 5: its pages map it)
     * @param momenta             the cycled momentum (or β1) of the update that led to each kept row, for a run
     *                            whose schedule cycles it (NaN for the start); empty otherwise
     * @param legend              how a picture's legend names the run alone ({@code RunPlan.legend()}): with
     *                            {@code title}, what its convergence picture needs besides the rows, so that it is
     *                            drawn without mapping the request again (empty for a run stored before version 6)
     * @param title               its objective's formula as a picture's title shows it ({@code
     *                            RunPlan.titleFormula()}); empty before version 6
     */
    record StoredRun(String label, String status, String reason, int iterations, long functionEvaluations,
                     long gradientEvaluations, long[] last, long[] trajectory, long[] epochLosses, int increases,
                     int reversals, long elapsedNanos, long[] best, int lastProgress,
                     long[] curvature, Explanation explanation, long[] averagedPoint, List<String> variables,
                     long[] momenta, String legend, String title) {

        StoredRun {
            variables = List.copyOf(variables);
        }

        /** Whether the run keeps what a page of its trajectory needs ({@link #variables}). */
        boolean hasPage() {
            return !variables.isEmpty();
        }

        /** Whether the run keeps what its convergence picture needs ({@link #legend}, {@link #title}). */
        boolean hasFigure() {
            return !legend.isEmpty();
        }

        /** The kept rows as a trajectory. */
        Trajectory keptTrajectory() {
            return Trajectory.ofRows(last.length - Trajectory.rowWidth(0), doubles(trajectory));
        }

        /**
         * The cycled momentum of the update that led to an iteration of {@code kept} (this run's kept trajectory),
         * as the schedule gave it; null for a run whose schedule does not cycle it.
         */
        IntToDoubleFunction momentum(Trajectory kept) {
            if (momenta.length == 0) {
                return null;
            }
            return iteration -> {
                int low = 0;
                int high = kept.size() - 1;
                while (low <= high) {
                    int middle = (low + high) >>> 1;
                    int at = kept.iteration(middle);
                    if (at < iteration) {
                        low = middle + 1;
                    } else if (at > iteration) {
                        high = middle - 1;
                    } else {
                        return Double.longBitsToDouble(momenta[middle]);
                    }
                }
                return Double.NaN;
            };
        }

        /**
         * This run with what a page of its trajectory needs, {@code variables} and the momentum {@code momentum}
         * gives each kept row's iteration (none when it is null), and what its convergence picture needs:
         * {@code newLegend} and {@code newTitle} (cut to what writeUTF takes; a title is 71 characters at most).
         */
        StoredRun withViews(List<String> newVariables, IntToDoubleFunction momentum, String newLegend,
                            String newTitle) {
            long[] newMomenta = new long[0];
            if (momentum != null) {
                int width = last.length;
                newMomenta = new long[trajectory.length / width];
                for (int i = 0; i < newMomenta.length; i++) {
                    int iteration = (int) Double.longBitsToDouble(trajectory[i * width]);
                    newMomenta[i] = Double.doubleToRawLongBits(iteration == 0 ? Double.NaN
                            : momentum.applyAsDouble(iteration));
                }
            }
            return new StoredRun(label, status, reason, iterations, functionEvaluations, gradientEvaluations, last,
                    trajectory, epochLosses, increases, reversals, elapsedNanos, best, lastProgress, curvature,
                    explanation, averagedPoint, newVariables, newMomenta, cut(newLegend), cut(newTitle));
        }

        /** {@code text} as writeUTF writes it (16,000 characters, 3 bytes each at most). */
        private static String cut(String text) {
            return text.length() > 16_000 ? text.substring(0, 16_000) : text;
        }

        /** The run's result, as the engine gave it (its trajectory the kept one). */
        Result toResult() {
            double[] lastRow = doubles(last);
            return new Result(new StopReason(Status.valueOf(status), reason), iterations, iterate(lastRow),
                    iterate(doubles(best)), keptTrajectory(), functionEvaluations,
                    gradientEvaluations, Duration.ofNanos(elapsedNanos), doubles(epochLosses),
                    new Behaviour(increases, reversals, lastProgress), RunCurvature.fromArray(doubles(curvature)),
                    explanation, averagedPoint.length == 0 ? null : doubles(averagedPoint));
        }

        private static Iterate iterate(double[] row) {
            return new Iterate((int) row[0], Arrays.copyOfRange(row, 4, row.length), row[1], row[2], row[3]);
        }

        void write(DataOutputStream out) throws IOException {
            out.writeUTF(label);
            out.writeUTF(status);
            out.writeUTF(reason);
            out.writeInt(iterations);
            out.writeLong(functionEvaluations);
            out.writeLong(gradientEvaluations);
            writeLongs(out, last);
            writeLongs(out, trajectory);
            writeLongs(out, epochLosses);
            out.writeInt(increases);
            out.writeInt(reversals);
            out.writeLong(elapsedNanos);
            writeLongs(out, best);
            out.writeInt(lastProgress);
            writeLongs(out, curvature);
            writeExplanation(out, explanation);
            writeLongs(out, averagedPoint);
            out.writeInt(variables.size());
            for (String variable : variables) {
                out.writeUTF(variable);
            }
            writeLongs(out, momenta);
            out.writeUTF(legend);
            out.writeUTF(title);
        }

        /**
         * The explained updates: their count, then each its number, the raw bits of its learning rate and clip
         * scale, its quantities as a bit set (bit q: the {@link Quantity} of ordinal q) and each quantity's values.
         */
        private static void writeExplanation(DataOutputStream out, Explanation explanation) throws IOException {
            out.writeInt(explanation.updates().size());
            for (Explanation.Update update : explanation.updates()) {
                out.writeInt(update.iteration());
                out.writeLong(Double.doubleToRawLongBits(update.learningRate()));
                out.writeLong(Double.doubleToRawLongBits(update.clipScale()));
                int quantities = 0;
                for (Quantity quantity : update.quantities()) {
                    quantities |= 1 << quantity.ordinal();
                }
                out.writeInt(quantities);
                for (Quantity quantity : update.quantities()) {
                    writeLongs(out, bits(update.get(quantity)));
                }
            }
        }

        private static Explanation readExplanation(DataInputStream in) throws IOException {
            int count = in.readInt();
            if (count < 0 || count > in.available() / 24) {
                throw new IOException(count + " explained updates where " + in.available() + " bytes are left");
            }
            Quantity[] all = Quantity.values();
            List<Explanation.Update> updates = new ArrayList<>(count);
            for (int u = 0; u < count; u++) {
                int iteration = in.readInt();
                double learningRate = Double.longBitsToDouble(in.readLong());
                double clipScale = Double.longBitsToDouble(in.readLong());
                int quantities = in.readInt();
                if ((quantities >>> all.length) != 0) {
                    throw new IOException("Explained update " + iteration + " has quantities this build does not "
                            + "know: " + Integer.toHexString(quantities));
                }
                double[][] values = new double[all.length][];
                for (Quantity quantity : all) {
                    if ((quantities & (1 << quantity.ordinal())) != 0) {
                        values[quantity.ordinal()] = doubles(readLongs(in));
                    }
                }
                updates.add(new Explanation.Update(iteration, learningRate, clipScale, values));
            }
            return updates.isEmpty() ? Explanation.NONE : new Explanation(updates);
        }

        /**
         * Reads a run of format {@code version}. Version 5 ended at the momenta: its runs keep no legend and title
         * (their pictures map the request again). Version 4 ended at the averaged point: its runs keep no variables
         * (their pages map the request again). Version 3 ended at the explanation: its runs had no averaged point
         * (no optimizer had one then). Version 2 ended at the curvature: its runs explained nothing (jobs
         * did not explain then). Version 1 had {@code boolean monotone} where version 2 has {@code
         * int increases} (read as 0 or 1), and no best point, last progress and curvature: its best is its last
         * iterate, the minimum it reported when it was stored, its last progress its last iteration, its curvature
         * not known.
         */
        static StoredRun read(DataInputStream in, int version) throws IOException {
            String label = in.readUTF();
            String status = in.readUTF();
            String reason = in.readUTF();
            int iterations = in.readInt();
            long functionEvaluations = in.readLong();
            long gradientEvaluations = in.readLong();
            long[] last = readLongs(in);
            long[] trajectory = readLongs(in);
            long[] epochLosses = readLongs(in);
            int increases = version == 1 ? (in.readBoolean() ? 0 : 1) : in.readInt();
            int reversals = in.readInt();
            long elapsedNanos = in.readLong();
            long[] best = version == 1 ? last : readLongs(in);
            int lastProgress = version == 1 ? iterations : in.readInt();
            long[] curvature = version == 1 ? new long[0] : readLongs(in);
            Explanation explanation = version < 3 ? Explanation.NONE : readExplanation(in);
            long[] averagedPoint = version < 4 ? new long[0] : readLongs(in);
            List<String> variables = new ArrayList<>();
            long[] momenta = new long[0];
            if (version >= 5) {
                int count = in.readInt();
                if (count < 0 || count > in.available() / 2) {
                    throw new IOException(count + " variables where " + in.available() + " bytes are left");
                }
                for (int v = 0; v < count; v++) {
                    variables.add(in.readUTF());
                }
                momenta = readLongs(in);
            }
            String legend = version >= 6 ? in.readUTF() : "";
            String title = version >= 6 ? in.readUTF() : "";
            return new StoredRun(label, status, reason, iterations, functionEvaluations, gradientEvaluations, last,
                    trajectory, epochLosses, increases, reversals, elapsedNanos, best, lastProgress, curvature,
                    explanation, averagedPoint, variables, momenta, legend, title);
        }

        /** This run under another label. */
        StoredRun labelled(String newLabel) {
            return new StoredRun(newLabel, status, reason, iterations, functionEvaluations, gradientEvaluations, last,
                    trajectory, epochLosses, increases, reversals, elapsedNanos, best, lastProgress, curvature,
                    explanation, averagedPoint, variables, momenta, legend, title);
        }

        private static void writeLongs(DataOutputStream out, long[] values) throws IOException {
            out.writeInt(values.length);
            for (long value : values) {
                out.writeLong(value);
            }
        }

        private static long[] readLongs(DataInputStream in) throws IOException {
            int length = in.readInt();
            if (length < 0 || length > in.available() / 8) {
                throw new IOException("An array of " + length + " numbers where " + in.available() + " bytes are left");
            }
            long[] values = new long[length];
            for (int i = 0; i < length; i++) {
                values[i] = in.readLong();
            }
            return values;
        }

        private static double[] doubles(long[] bits) {
            double[] values = new double[bits.length];
            for (int i = 0; i < bits.length; i++) {
                values[i] = Double.longBitsToDouble(bits[i]);
            }
            return values;
        }

        static StoredRun of(String label, Result result) {
            int width = Trajectory.rowWidth(result.last().point().length);
            Trajectory trajectory = result.trajectory();
            double[] rows = new double[trajectory.size() * width];
            for (int i = 0; i < trajectory.size(); i++) {
                trajectory.copyRow(i, rows, i * width);
            }
            // The reason as writeUTF can write it (16,000 characters, 3 bytes each at most): the run kept is the run
            // read back.
            String reason = result.stopReason().description();
            return new StoredRun(label, result.stopReason().status().name(),
                    reason.length() > 16_000 ? reason.substring(0, 16_000) : reason,
                    result.iterations(), result.functionEvaluations(), result.gradientEvaluations(),
                    bits(row(result.last())), bits(rows), bits(result.epochLosses()), result.behaviour().increases(),
                    result.behaviour().reversals(), result.elapsed().toNanos(), bits(row(result.best())),
                    result.behaviour().lastProgress(),
                    result.curvature().known() ? bits(result.curvature().toArray()) : new long[0],
                    result.explanation(), result.averagedPoint() == null ? new long[0] : bits(result.averagedPoint()),
                    List.of(), new long[0], "", "");
        }

        private static double[] row(Iterate iterate) {
            double[] point = iterate.point();
            double[] row = new double[Trajectory.rowWidth(point.length)];
            row[0] = iterate.iteration();
            row[1] = iterate.value();
            row[2] = iterate.gradientNorm();
            row[3] = iterate.learningRate();
            System.arraycopy(point, 0, row, 4, point.length);
            return row;
        }

        private static long[] bits(double[] values) {
            long[] bits = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                bits[i] = Double.doubleToRawLongBits(values[i]);
            }
            return bits;
        }
    }

    /** The first bytes of the binary form: "DRES". */
    static final int MAGIC = 0x44524553;
    /**
     * The version of the binary form: 6 since a run keeps its legend and title (for its convergence picture), 5 since
     * a run keeps its variables and cycled momenta (for its pages), 4 since ASGD's averaged point is kept, 3 since
     * jobs explain updates, 2 since the best point is kept (versions 1 to 5 are read too).
     */
    static final int VERSION = 6;

    /** The binary form: magic, version, kind and the runs. */
    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(kind);
            out.writeInt(runs.size());
            for (StoredRun run : runs) {
                run.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads the binary form; an {@link IllegalArgumentException} for bytes that are not one (of this version). */
    static StoredResult fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version;
            if (in.readInt() != MAGIC || (version = in.readInt()) < 1 || version > VERSION) {
                throw new IllegalArgumentException("Not a stored result of version 1 to " + VERSION);
            }
            String kind = in.readUTF();
            int count = in.readInt();
            List<StoredRun> runs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                runs.add(StoredRun.read(in, version));
            }
            return new StoredResult(kind, runs);
        } catch (IOException e) {
            throw new IllegalArgumentException("A truncated stored result", e);
        }
    }

    /** The runs' results, as the engine gave them. */
    List<Result> results() {
        return runs.stream().map(StoredRun::toResult).toList();
    }

    /** The stored result of runs that ended with {@code results}, labelled in order. */
    static StoredResult of(String kind, List<String> labels, List<Result> results) {
        List<StoredRun> runs = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            runs.add(StoredRun.of(labels.get(i), results.get(i)));
        }
        return new StoredResult(kind, runs);
    }
}
