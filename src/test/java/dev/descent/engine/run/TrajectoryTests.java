package dev.descent.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TrajectoryTests {

    private static Trajectory ofSize(int n) {
        Trajectory.Recorder recorder = new Trajectory.Recorder(2, 1);
        for (int k = 0; k < n; k++) {
            recorder.add(new double[] {k, -k}, k * k, k + 0.5, 0.1);
        }
        return recorder.build();
    }

    @Test
    @DisplayName("keeps every iterate, growing past its initial capacity")
    void records() {
        Trajectory trajectory = ofSize(10_000);
        assertThat(trajectory.size()).isEqualTo(10_000);
        Iterate k = trajectory.get(7_777);
        assertThat(k.iteration()).isEqualTo(7_777);
        assertThat(k.point()).containsExactly(7_777, -7_777);
        assertThat(k.value()).isEqualTo(7_777.0 * 7_777);
        assertThat(k.gradientNorm()).isEqualTo(7_777.5);
    }

    @Test
    @DisplayName("thins evenly, the first and the last always kept")
    void thins() {
        List<Integer> kept = ofSize(101).thin(5).stream().map(Iterate::iteration).toList();
        assertThat(kept).containsExactly(0, 25, 50, 75, 100);
        assertThat(ofSize(10).thin(3).stream().map(Iterate::iteration)).containsExactly(0, 5, 9);
        assertThat(ofSize(3).thin(1000)).hasSize(3);
        assertThat(ofSize(1).thin(2)).hasSize(1);
        assertThat(ofSize(1001).thin(2).stream().map(Iterate::iteration)).containsExactly(0, 1000);
    }

    @Test
    @DisplayName("hands out copies: an iterate cannot change the trajectory")
    void immutable() {
        Trajectory trajectory = ofSize(3);
        trajectory.get(1).point()[0] = 99;
        assertThat(trajectory.get(1).point()[0]).isEqualTo(1);
    }
}
