package dev.descent.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpellingTests {

    @ParameterizedTest(name = "{0} and {1}: {2}")
    @DisplayName("one edit: a letter wrong, missing, extra, or swapped with its neighbour; not two")
    @CsvSource(delimiter = '|', textBlock = """
            epochs       | epoch        | true
            epoch        | epochs       | true
            tolerance    | tolerence    | true
            tolerance    | toleracne    | true
            maxIterations| maxIteratoins| true
            seed         | seed         | false
            seed         | deed         | true
            seed         | sed          | true
            seed         | esed         | true
            seed         | sedd         | true
            seed         | dees         | false
            epochs       | epoxhz       | false
            """)
    void oneEdit(String a, String b, boolean one) {
        assertThat(Spelling.oneEdit(a, b)).isEqualTo(one);
        assertThat(Spelling.oneEdit(b, a)).isEqualTo(one);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @DisplayName("a guess only when exactly one known name is one slip away (case ignored), and not for names under "
            + "three letters")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            maxIteration  | maxIterations
            MAXITERATIONS | none
            Epoch         | epochs
            seeds         | seed
            tan           | none
            ta            | none
            colour        | none
            """)
    void oneSlipFrom(String given, String meant) {
        List<String> known = List.of("maxIterations", "epochs", "seed", "tanh", "tab");
        assertThat(Spelling.oneSlipFrom(given, known).orElse(null)).isEqualTo(meant);
    }
}
