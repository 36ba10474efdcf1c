package dev.descent.optimization;

import dev.descent.engine.data.Dataset;
import dev.descent.engine.data.SyntheticData;
import dev.descent.system.FieldProblem;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a regression's data set from a request, inline, as CSV or generated, and says exactly where bad data is:
 * the row of a ragged row, the line and column of a cell that is not a number, the row of a NaN.
 */
final class Datasets {

    /** The smallest data set worth fitting. */
    static final int MIN_ROWS = 2;

    private Datasets() {
    }

    /**
     * The data set of {@code spec}, or null with {@code errors} saying why.
     *
     * @param path     the field path of the regression spec, e.g. {@code objective.regression}
     * @param maxCells the most rows × features accepted
     */
    static Dataset read(RegressionSpec spec, String path, int maxCells, List<FieldProblem> errors) {
        int given = (spec.data() == null ? 0 : 1) + (spec.csv() == null ? 0 : 1) + (spec.synthetic() == null ? 0 : 1);
        if (given != 1) {
            errors.add(new FieldProblem(path, "give exactly one of 'data', 'csv' and 'synthetic'"));
            return null;
        }
        int before = errors.size();
        Dataset data;
        if (spec.data() != null) {
            data = inline(spec.data(), path + ".data", maxCells, errors);
        } else if (spec.csv() != null) {
            data = csv(spec.csv().text(), spec.csv().target(), path + ".csv", maxCells, errors);
        } else {
            data = synthetic(spec.synthetic(), spec.model(), path + ".synthetic", maxCells, errors);
        }
        if (data == null || errors.size() > before) {
            return null;
        }
        if (data.rows() < MIN_ROWS) {
            errors.add(new FieldProblem(path, "has " + data.rows() + " row; at least " + MIN_ROWS + " are needed"));
            return null;
        }
        if (spec.model() == RegressionSpec.Model.LOGISTIC) {
            for (int i = 0; i < data.rows(); i++) {
                if (data.target(i) != 0 && data.target(i) != 1) {
                    errors.add(new FieldProblem(path, "logistic regression needs targets 0 or 1; row " + i
                            + " has " + data.target(i)));
                    return null;
                }
            }
        }
        Set<String> names = new HashSet<>();
        for (String name : data.featureNames()) {
            if (!names.add(name) || name.equals("intercept")) {
                errors.add(new FieldProblem(path, "feature name '" + name + "' is "
                        + (name.equals("intercept") ? "reserved for the intercept" : "used twice")));
                return null;
            }
        }
        return data;
    }

    private static Dataset inline(RegressionSpec.InlineData data, String path, int maxCells,
                                  List<FieldProblem> errors) {
        int before = errors.size();
        List<List<Double>> rows = data.features();
        if (rows.isEmpty() || rows.get(0) == null || rows.get(0).isEmpty()) {
            errors.add(new FieldProblem(path + ".features", "needs at least one row of at least one value"));
            return null;
        }
        int columns = rows.get(0).size();
        if ((long) rows.size() * columns > maxCells) {
            errors.add(new FieldProblem(path + ".features", "has " + rows.size() + " × " + columns
                    + " values; at most " + maxCells + " on this service"));
            return null;
        }
        if (data.targets().size() != rows.size()) {
            errors.add(new FieldProblem(path + ".targets", "has " + data.targets().size() + " values for "
                    + rows.size() + " rows"));
        }
        double[] features = new double[rows.size() * columns];
        for (int i = 0; i < rows.size(); i++) {
            List<Double> row = rows.get(i);
            if (row == null || row.size() != columns) {
                errors.add(new FieldProblem(path + ".features[" + i + "]", "has " + (row == null ? 0 : row.size())
                        + " values; row 0 has " + columns));
                continue;
            }
            for (int j = 0; j < columns; j++) {
                Double value = row.get(j);
                if (value == null || !Double.isFinite(value)) {
                    errors.add(new FieldProblem(path + ".features[" + i + "][" + j + "]",
                            "must be a finite number, was " + value));
                } else {
                    features[i * columns + j] = value;
                }
            }
        }
        double[] targets = new double[data.targets().size()];
        for (int i = 0; i < targets.length; i++) {
            Double value = data.targets().get(i);
            if (value == null || !Double.isFinite(value)) {
                errors.add(new FieldProblem(path + ".targets[" + i + "]", "must be a finite number, was " + value));
            } else {
                targets[i] = value;
            }
        }
        List<String> names = data.featureNames() == null ? defaultNames(columns) : data.featureNames();
        if (names.size() != columns) {
            errors.add(new FieldProblem(path + ".featureNames", "has " + names.size() + " names for " + columns
                    + " feature columns"));
        }
        if (errors.size() > before) {
            return null;
        }
        return new Dataset(names, features, targets);
    }

    /** Reads CSV text with a header row; {@code target} names the target column, every other is a feature. */
    static Dataset csv(String text, String target, String path, int maxCells, List<FieldProblem> errors) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            List<String> header = parser.getHeaderNames();
            int targetColumn = header.indexOf(target);
            if (targetColumn < 0) {
                errors.add(new FieldProblem(path + ".target", "there is no column '" + target + "'; the columns are "
                        + String.join(", ", header)));
                return null;
            }
            if (header.size() < 2) {
                errors.add(new FieldProblem(path + ".text", "needs at least one feature column besides the target"));
                return null;
            }
            List<String> names = new ArrayList<>(header);
            names.remove(targetColumn);
            List<Double> features = new ArrayList<>();
            List<Double> targets = new ArrayList<>();
            for (CSVRecord record : parser) {
                long line = record.getRecordNumber() + 1;
                if (record.size() != header.size()) {
                    errors.add(new FieldProblem(path + ".text", "line " + line + " has " + record.size()
                            + " cells; the header has " + header.size()));
                    return null;
                }
                for (int j = 0; j < record.size(); j++) {
                    String cell = record.get(j);
                    Double value = number(cell);
                    if (value == null) {
                        errors.add(new FieldProblem(path + ".text", "line " + line + ", column " + (j + 1) + " ('"
                                + header.get(j) + "'): '" + cell + "' is not a finite number"));
                        return null;
                    }
                    (j == targetColumn ? targets : features).add(value);
                }
                if ((long) targets.size() * names.size() > maxCells) {
                    errors.add(new FieldProblem(path + ".text", "has more than " + maxCells
                            + " values on this service"));
                    return null;
                }
            }
            if (targets.isEmpty()) {
                errors.add(new FieldProblem(path + ".text", "has a header but no data rows"));
                return null;
            }
            return new Dataset(names, features.stream().mapToDouble(Double::doubleValue).toArray(),
                    targets.stream().mapToDouble(Double::doubleValue).toArray());
        } catch (UncheckedIOException e) {
            // commons-csv reports bad CSV met while iterating (an unterminated quote) as an IOException inside
            errors.add(new FieldProblem(path + ".text", "is not valid CSV: " + e.getCause().getMessage()));
            return null;
        } catch (IOException e) {
            errors.add(new FieldProblem(path + ".text", "is not valid CSV: " + e.getMessage()));
            return null;
        } catch (IllegalArgumentException | IllegalStateException e) {
            // commons-csv: a duplicate or empty header name, an unclosed quote, ...
            errors.add(new FieldProblem(path + ".text", "is not valid CSV: " + e.getMessage()));
            return null;
        }
    }

    private static Dataset synthetic(RegressionSpec.SyntheticData spec, RegressionSpec.Model model, String path,
                                     int maxCells, List<FieldProblem> errors) {
        if ((long) spec.samples() * spec.coefficients().size() > maxCells) {
            errors.add(new FieldProblem(path + ".samples", "makes " + spec.samples() + " × "
                    + spec.coefficients().size() + " values; at most " + maxCells + " on this service"));
            return null;
        }
        return SyntheticData.generate(spec.samples(),
                spec.coefficients().stream().mapToDouble(Double::doubleValue).toArray(),
                Objects.requireNonNullElse(spec.intercept(), 0.0), Objects.requireNonNullElse(spec.noise(), 1.0),
                Objects.requireNonNullElse(spec.seed(), 0L), model == RegressionSpec.Model.LOGISTIC);
    }

    private static Double number(String cell) {
        try {
            double value = Double.parseDouble(cell);
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<String> defaultNames(int columns) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < columns; j++) {
            names.add("x" + (j + 1));
        }
        return names;
    }
}
