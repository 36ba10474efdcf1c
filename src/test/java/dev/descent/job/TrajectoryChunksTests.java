package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.job.store.JobStore.TrajectoryChunk;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Trajectory rows as the store keeps them: every double back to its bits, chunks joined in order, gaps refused. */
class TrajectoryChunksTests {

    private static final int WIDTH = 5;

    private static double[] rows(int count) {
        double[] rows = new double[count * WIDTH];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Math.sin(i) * Math.pow(10, i % 40 - 20);
        }
        rows[3] = Double.NaN;
        rows[4] = -0.0;
        rows[5] = Double.POSITIVE_INFINITY;
        rows[6] = Double.MIN_VALUE;
        return rows;
    }

    private static TrajectoryChunk chunk(double[] rows, int firstRow, int rowCount) {
        return new TrajectoryChunk(firstRow, rowCount,
                TrajectoryChunks.encode(rows, firstRow * WIDTH, (firstRow + rowCount) * WIDTH));
    }

    @Test
    @DisplayName("rows written in chunks read back bit for bit (NaN, -0.0, infinities, subnormals included)")
    void roundTrip() {
        double[] rows = rows(12);
        double[] back = TrajectoryChunks.rows(List.of(chunk(rows, 0, 5), chunk(rows, 5, 1), chunk(rows, 6, 6)),
                WIDTH, 12);
        assertThat(back).hasSize(rows.length);
        for (int i = 0; i < rows.length; i++) {
            assertThat(Double.doubleToRawLongBits(back[i])).as("number %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(rows[i]));
        }
    }

    @Test
    @DisplayName("the first rows a checkpoint covers are read from chunks that hold more")
    void prefix() {
        double[] rows = rows(10);
        double[] back = TrajectoryChunks.rows(List.of(chunk(rows, 0, 4), chunk(rows, 4, 6)), WIDTH, 7);
        assertThat(back).hasSize(7 * WIDTH);
        assertThat(back[7 * WIDTH - 1]).isEqualTo(rows[7 * WIDTH - 1]);
    }

    @Test
    @DisplayName("a gap, a chunk of the wrong size or too few rows is null: the run starts over")
    void incomplete() {
        double[] rows = rows(10);
        assertThat(TrajectoryChunks.rows(List.of(chunk(rows, 0, 4), chunk(rows, 5, 5)), WIDTH, 10)).isNull();
        assertThat(TrajectoryChunks.rows(List.of(chunk(rows, 0, 4)), WIDTH, 10)).isNull();
        assertThat(TrajectoryChunks.rows(List.of(new TrajectoryChunk(0, 4, new byte[8])), WIDTH, 4)).isNull();
        assertThat(TrajectoryChunks.rows(List.of(), WIDTH, 0)).isEmpty();
    }
}
