package dev.descent.job;

import dev.descent.job.store.JobStore.TrajectoryChunk;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Trajectory rows as the job store keeps them, appended in chunks with the checkpoints: each double as its 8 raw
 * bytes (big-endian IEEE 754), rows one after another, so that they read back to the same bits.
 */
final class TrajectoryChunks {

    private TrajectoryChunks() {
    }

    /** The numbers {@code from} (inclusive) to {@code to} (exclusive) of {@code rows}, as bytes. */
    static byte[] encode(double[] rows, int from, int to) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * (to - from));
        for (int i = from; i < to; i++) {
            bytes.putLong(Double.doubleToRawLongBits(rows[i]));
        }
        return bytes.array();
    }

    /**
     * The first {@code rowCount} rows of {@code width} numbers that {@code chunks} hold, in order; null when they do
     * not cover them from row 0 without a gap.
     */
    static double[] rows(List<TrajectoryChunk> chunks, int width, long rowCount) {
        if ((long) width * rowCount > Integer.MAX_VALUE) {
            return null;
        }
        double[] rows = new double[(int) (width * rowCount)];
        long next = 0;
        for (TrajectoryChunk chunk : chunks) {
            if (chunk.firstRow() != next || chunk.data().length != 8L * width * chunk.rowCount()) {
                return null;
            }
            ByteBuffer bytes = ByteBuffer.wrap(chunk.data());
            int at = (int) (next * width);
            int numbers = (int) Math.min((long) chunk.rowCount() * width, rows.length - (long) at);
            for (int i = 0; i < numbers; i++) {
                rows[at + i] = Double.longBitsToDouble(bytes.getLong());
            }
            next += chunk.rowCount();
            if (next >= rowCount) {
                return rows;
            }
        }
        return next >= rowCount ? rows : null;
    }
}
