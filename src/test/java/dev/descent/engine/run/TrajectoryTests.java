package dev.descent.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TrajectoryTests {

    private static Trajectory ofSize(int n, int capacity) {
        Trajectory.Recorder recorder = new Trajectory.Recorder(2, capacity);
        for (int k = 0; k < n; k++) {
            recorder.add(k, new double[] {k, -k}, (double) k * k, k + 0.5, 0.1);
        }
        return recorder.build();
    }

    private static Trajectory ofSize(int n) {
        return ofSize(n, Trajectory.MAX_RECORDED);
    }

    @Test
    @DisplayName("keeps every iterate up to its capacity, growing as it goes")
    void records() {
        Trajectory trajectory = ofSize(10_000);
        assertThat(trajectory.size()).isEqualTo(10_000);
        Iterate k = trajectory.get(7_777);
        assertThat(k.iteration()).isEqualTo(7_777);
        assertThat(k.point()).containsExactly(7_777, -7_777);
        assertThat(k.value()).isEqualTo(7_777.0 * 7_777);
        assertThat(k.gradientNorm()).isEqualTo(7_777.5);
        assertThat(k.learningRate()).isEqualTo(0.1);
    }

    @Test
    @DisplayName("past its capacity keeps every s-th iterate, s doubling, and always the last: memory stays bounded")
    void boundsLongRuns() {
        // Capacity 8: iterates 0..7 fill it; then every 2nd; from 16 on every 4th; from 32 on every 8th.
        Trajectory trajectory = ofSize(45, 8);
        List<Integer> kept = trajectory.all().stream().map(Iterate::iteration).toList();
        assertThat(kept).containsExactly(0, 8, 16, 24, 32, 40, 44);
        assertThat(trajectory.last().value()).isEqualTo(44.0 * 44);
        assertThat(trajectory.get(3).point()).containsExactly(24, -24);

        Trajectory million = ofSize(1_000_001);
        assertThat(million.size()).isLessThanOrEqualTo(Trajectory.MAX_RECORDED + 1);
        assertThat(million.get(0).iteration()).isZero();
        assertThat(million.last().iteration()).isEqualTo(1_000_000);
        List<Iterate> all = million.all();
        int stride = all.get(1).iteration();
        assertThat(stride).isEqualTo(8); // 2^20 > 1,000,001 > 2^17: the record halved three times
        for (int i = 1; i < all.size() - 1; i++) {
            assertThat(all.get(i).iteration() - all.get(i - 1).iteration()).isEqualTo(stride);
        }
    }

    @Test
    @DisplayName("thins evenly, the first and the last always kept")
    void thins() {
        List<Integer> kept = ofSize(101).thin(5).stream().map(Iterate::iteration).toList();
        assertThat(kept).containsExactly(0, 25, 50, 75, 100);
        assertThat(ofSize(10).thin(3).stream().map(Iterate::iteration)).containsExactly(0, 5, 9);
        assertThat(ofSize(3).thin(1000)).hasSize(3);
        assertThat(ofSize(1).thin(2)).hasSize(1);
        // A run stopped at its start has its start alone, all() included.
        assertThat(ofSize(1).all()).extracting(Iterate::iteration).containsExactly(0);
        assertThat(ofSize(1001).thin(2).stream().map(Iterate::iteration)).containsExactly(0, 1000);
    }

    @Test
    @DisplayName("a thinned copy holds exactly the rows thin() picks, and only those")
    void thinnedCopy() {
        Trajectory full = ofSize(10_001);
        Trajectory thinned = full.thinned(101);
        assertThat(thinned.all()).isEqualTo(full.thin(101));
        assertThat(thinned.size()).isEqualTo(101);
        assertThat(thinned.bytes()).isLessThan(full.bytes() / 50);
        assertThat(full.thinned(20_000)).isSameAs(full);
        for (int i = 0; i < thinned.size(); i++) {
            Iterate iterate = thinned.get(i);
            assertThat(thinned.iteration(i)).isEqualTo(iterate.iteration()).isEqualTo(100 * i);
            assertThat(thinned.value(i)).isEqualTo(iterate.value());
            assertThat(thinned.gradientNorm(i)).isEqualTo(iterate.gradientNorm());
            assertThat(thinned.learningRate(i)).isEqualTo(iterate.learningRate());
            assertThat(new double[] {thinned.coordinate(i, 0), thinned.coordinate(i, 1)})
                    .containsExactly(iterate.point());
        }
    }

    @Test
    @DisplayName("replaceLast changes the last iterate, kept or not")
    void replaceLast() {
        Trajectory.Recorder recorder = new Trajectory.Recorder(1, 4);
        for (int k = 0; k <= 5; k++) {
            recorder.add(k, new double[] {k}, k, k, 0.1);
        }
        recorder.replaceLast(-1, -2);
        Trajectory trajectory = recorder.build();
        assertThat(trajectory.last().iteration()).isEqualTo(5);
        assertThat(trajectory.last().value()).isEqualTo(-1);
        assertThat(trajectory.last().gradientNorm()).isEqualTo(-2);
        assertThat(recorder.last().value()).isEqualTo(-1);
    }

    @Test
    @DisplayName("hands out copies: an iterate cannot change the trajectory")
    void immutable() {
        Trajectory trajectory = ofSize(3);
        trajectory.get(1).point()[0] = 99;
        assertThat(trajectory.get(1).point()[0]).isEqualTo(1);
    }
}
