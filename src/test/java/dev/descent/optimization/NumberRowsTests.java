package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inline data written back as JSON reads as the data read: every number to the bit (the shortest text that reads
 * back to the same double), {@code null} cells and rows of other lengths as they were. A job stores its request so.
 */
class NumberRowsTests {

    private final JsonMapper json = JsonMapper.builder().build();

    private static final String ROWS = "[[0.1,1,-2.5e-300],[],[null,4.9e-324],[1.7976931348623157E308,3]]";

    @Test
    void rowsRoundTripToTheBit() {
        NumberRows read = json.readValue(ROWS, NumberRows.class);
        String written = json.writeValueAsString(read);
        NumberRows again = json.readValue(written, NumberRows.class);
        assertThat(again.rows()).isEqualTo(4);
        for (int i = 0; i < read.rows(); i++) {
            assertThat(again.length(i)).isEqualTo(read.length(i));
            for (int j = 0; j < read.length(i); j++) {
                assertThat(again.isNull(i, j)).isEqualTo(read.isNull(i, j));
                assertThat(Double.doubleToRawLongBits(again.get(i, j)))
                        .isEqualTo(Double.doubleToRawLongBits(read.get(i, j)));
            }
        }
        assertThat(read.isNull(2, 0)).isTrue();
        assertThat(again.get(0, 0)).isEqualTo(0.1);
        assertThat(again.get(2, 1)).isEqualTo(Double.MIN_VALUE);
        assertThat(json.readTree(written)).isEqualTo(json.readTree(
                "[[0.1,1.0,-2.5e-300],[],[null,4.9e-324],[1.7976931348623157E308,3.0]]"));
    }

    @Test
    void listRoundTripsToTheBit() {
        NumberList read = json.readValue("[5.4, null, 7, 0.30000000000000004]", NumberList.class);
        NumberList again = json.readValue(json.writeValueAsString(read), NumberList.class);
        assertThat(again.size()).isEqualTo(4);
        assertThat(again.isNull(1)).isTrue();
        assertThat(again.get(0)).isEqualTo(5.4);
        assertThat(again.get(2)).isEqualTo(7.0);
        assertThat(again.get(3)).isEqualTo(0.1 + 0.2);
    }
}
