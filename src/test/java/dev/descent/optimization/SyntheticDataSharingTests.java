package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.engine.data.Dataset;
import dev.descent.engine.data.SyntheticData;
import dev.descent.system.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A synthetic data set asked for again while something holds it is the same one, not a second copy (a job's answer
 * resolves its request again, data set included); its numbers are those {@link SyntheticData} makes.
 */
class SyntheticDataSharingTests {

    private static final int MAX_CELLS = 50_000_000;

    private static Dataset synthetic(long seed, RegressionSpec.Model model) {
        List<FieldProblem> errors = new ArrayList<>();
        Dataset data = Datasets.synthetic(new RegressionSpec.SyntheticData(500, List.of(1.0, -2.0, 0.5), 3.0, 0.1,
                seed), model, "objective.regression", MAX_CELLS, errors);
        assertThat(errors).isEmpty();
        return data;
    }

    @Test
    @DisplayName("the same spec while the first is held: the same data set; another seed or model: another")
    void sharedWhileHeld() {
        Dataset first = synthetic(7, RegressionSpec.Model.LINEAR);
        assertThat(synthetic(7, RegressionSpec.Model.LINEAR)).isSameAs(first);
        Dataset otherSeed = synthetic(8, RegressionSpec.Model.LINEAR);
        assertThat(otherSeed).isNotSameAs(first);
        assertThat(otherSeed.targets()).isNotEqualTo(first.targets());
        assertThat(synthetic(7, RegressionSpec.Model.LOGISTIC)).isNotSameAs(first);
    }

    @Test
    @DisplayName("its numbers are those SyntheticData makes from the spec")
    void sameNumbers() {
        Dataset shared = synthetic(11, RegressionSpec.Model.LINEAR);
        Dataset fresh = SyntheticData.generate(500, new double[] {1.0, -2.0, 0.5}, 3.0, 0.1, 11, false);
        assertThat(shared.features()).containsExactly(fresh.features());
        assertThat(shared.targets()).containsExactly(fresh.targets());
        assertThat(shared.featureNames()).isEqualTo(fresh.featureNames());
    }
}
