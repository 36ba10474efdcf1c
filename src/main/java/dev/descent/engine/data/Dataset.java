package dev.descent.engine.data;

import java.util.List;

/**
 * A data set for fitting: {@code rows} samples of {@code columns} features each, stored row-major in one array,
 * and one target per sample. Immutable once built; shared by every run that fits it. It takes the two arrays as they
 * are, not copies (a copy of a data set as large as the service accepts is hundreds of megabytes at once): whoever
 * builds it hands them over and writes them no more.
 *
 * @param featureNames one name per feature column
 * @param features     row-major: feature j of sample i is {@code features[i * columns + j]}
 * @param targets      one per sample
 */
public record Dataset(List<String> featureNames, double[] features, double[] targets) {

    public Dataset {
        featureNames = List.copyOf(featureNames);
        if (featureNames.isEmpty()) {
            throw new IllegalArgumentException("A data set needs at least one feature");
        }
        if (targets.length == 0 || features.length != targets.length * featureNames.size()) {
            throw new IllegalArgumentException("Expected " + targets.length + " rows of " + featureNames.size()
                    + " features, got " + features.length + " values");
        }
        for (int i = 0; i < features.length; i++) {
            if (!Double.isFinite(features[i])) {
                throw new IllegalArgumentException("Feature " + featureNames.get(i % featureNames.size())
                        + " of row " + (i / featureNames.size()) + " is not finite: " + features[i]);
            }
        }
        for (int i = 0; i < targets.length; i++) {
            if (!Double.isFinite(targets[i])) {
                throw new IllegalArgumentException("Target of row " + i + " is not finite: " + targets[i]);
            }
        }
    }

    /** The number of samples. */
    public int rows() {
        return targets.length;
    }

    /** The number of features per sample. */
    public int columns() {
        return featureNames.size();
    }

    /** Feature j of sample i. */
    public double feature(int i, int j) {
        return features[i * featureNames.size() + j];
    }

    /** The target of sample i. */
    public double target(int i) {
        return targets[i];
    }

    /**
     * The features themselves, row-major, not a copy: for the engine's passes over the data, which must only read
     * it (a million rows would otherwise be copied per pass).
     */
    public double[] sharedFeatures() {
        return features;
    }

    /** The targets themselves, not a copy; read-only, as {@link #sharedFeatures()}. */
    public double[] sharedTargets() {
        return targets;
    }

    @Override
    public double[] features() {
        return features.clone();
    }

    @Override
    public double[] targets() {
        return targets.clone();
    }
}
