package dev.descent.optimization;

import dev.descent.engine.data.Dataset;
import dev.descent.engine.data.SyntheticData;
import dev.descent.system.FieldProblem;
import dev.descent.system.Echo;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a regression's data set from a request, inline, as CSV or generated, and says exactly where bad data is:
 * the row of a ragged row, the line and column of a cell that is not a number, the row of a NaN.
 */
final class Datasets {

    /**
     * The synthetic data sets that something still holds (a run, a job's plan), by what they are made from: asked
     * for again, the same one (immutable, shared), not a second copy. A job's answer resolves its request again,
     * data set included: without this, GET of a 2,000,000 x 20 synthetic regression job that had just finished
     * generated a second 320 MB copy while its run still held the first (out of memory in a 1 GB heap, in one of five
     * runs of scripts/bench/job-memory.sh). Weak: a data set nothing else holds is made again.
     */
    private static final Map<SyntheticKey, WeakReference<Dataset>> SYNTHETIC = new ConcurrentHashMap<>();

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
            data = csv(new StringReader(spec.csv().text()), spec.csv().target(), path + ".csv.text",
                    path + ".csv.target", maxCells, errors);
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
                errors.add(new FieldProblem(path, "feature name '" + Echo.of(name) + "' is "
                        + (name.equals("intercept") ? "reserved for the intercept" : "used twice")));
                return null;
            }
        }
        return data;
    }

    private static Dataset inline(RegressionSpec.InlineData data, String path, int maxCells,
                                  List<FieldProblem> errors) {
        int before = errors.size();
        NumberRows rows = data.features();
        NumberList given = data.targets();
        if (rows.rows() == 0 || rows.length(0) == 0) {
            errors.add(new FieldProblem(path + ".features", "needs at least one row of at least one value"));
            return null;
        }
        int columns = rows.length(0);
        if ((long) rows.rows() * columns > maxCells) {
            errors.add(new FieldProblem(path + ".features", "has " + rows.rows() + " × " + columns
                    + " values; at most " + maxCells + " on this service"));
            return null;
        }
        if (given.size() != rows.rows()) {
            errors.add(new FieldProblem(path + ".targets", "has " + given.size() + " values for " + rows.rows()
                    + " rows"));
        }
        BadValues bad = new BadValues(path, errors);
        double[] features = new double[rows.rows() * columns];
        for (int i = 0; i < rows.rows(); i++) {
            if (rows.length(i) != columns) {
                bad.add(".features[" + i + "]", "has " + rows.length(i) + " values; row 0 has " + columns);
                continue;
            }
            for (int j = 0; j < columns; j++) {
                double value = rows.get(i, j);
                if (!Double.isFinite(value)) {
                    bad.add(".features[" + i + "][" + j + "]", "must be a finite number, was "
                            + (rows.isNull(i, j) ? "null" : value));
                } else {
                    features[i * columns + j] = value;
                }
            }
        }
        double[] targets = new double[given.size()];
        for (int i = 0; i < targets.length; i++) {
            double value = given.get(i);
            if (!Double.isFinite(value)) {
                bad.add(".targets[" + i + "]", "must be a finite number, was " + (given.isNull(i) ? "null" : value));
            } else {
                targets[i] = value;
            }
        }
        bad.summarize();
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

    /**
     * The bad rows and values of an inline data set: each of the first {@link #LISTED} named, and before them one
     * line counting them all when there are more, so that a million nulls make a hundred and one problems, not a
     * million (and a problem, which lists only its first errors, shows the count).
     */
    private static final class BadValues {

        static final int LISTED = 100;

        private final String path;
        private final List<FieldProblem> errors;
        private final int first;
        private int count;

        BadValues(String path, List<FieldProblem> errors) {
            this.path = path;
            this.errors = errors;
            this.first = errors.size();
        }

        void add(String field, String message) {
            if (count++ < LISTED) {
                errors.add(new FieldProblem(path + field, message));
            }
        }

        void summarize() {
            if (count > LISTED) {
                errors.add(first, new FieldProblem(path, count + " rows and values are invalid; the first " + LISTED
                        + " are named"));
            }
        }
    }

    /** The separator of another CSV convention that a one-column header holds, in words; null if none. */
    private static String otherSeparator(String header) {
        return header.indexOf(';') >= 0 ? "semicolons" : header.indexOf('\t') >= 0 ? "tabs" : null;
    }

    /**
     * Reads CSV with a header row from {@code reader}, streaming: the values go straight into growing primitive
     * arrays, and reading stops at the first bad line or when the data set passes {@code maxCells} values.
     * {@code target} names the target column, every other is a feature.
     *
     * @param textField   the field that holds the CSV, named in its errors
     * @param targetField the field that names the target column
     */
    static Dataset csv(Reader reader, String target, String textField, String targetField, int maxCells,
                       List<FieldProblem> errors) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setTrim(true).setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                errors.add(new FieldProblem(textField, "is empty; it needs a header row naming the columns"));
                return null;
            }
            List<String> header = records.next().toList();
            String problem = headerProblem(header);
            if (problem != null) {
                errors.add(new FieldProblem(textField, problem));
                return null;
            }
            String separator = header.size() == 1 ? otherSeparator(header.get(0)) : null;
            if (separator != null) {
                // A spreadsheet's export in another convention: one column named "x;y" would only puzzle.
                errors.add(new FieldProblem(textField, "has one column, '" + Echo.of(header.get(0)) + "': its "
                        + "values are separated by " + separator + ", where this CSV separates them by commas (and "
                        + "writes decimals with a point); export it as comma-separated"));
                return null;
            }
            int targetColumn = header.indexOf(target);
            if (targetColumn < 0) {
                String sameButCase = header.stream().filter(column -> column.equalsIgnoreCase(target)).findFirst()
                        .map(column -> "; did you mean '" + Echo.of(column) + "'?").orElse("");
                errors.add(new FieldProblem(targetField, "there is no column '" + Echo.of(target) + "'"
                        + sameButCase + "; the columns are " + Echo.list(header)));
                return null;
            }
            if (header.size() < 2) {
                errors.add(new FieldProblem(textField, "needs at least one feature column besides the target"));
                return null;
            }
            List<String> names = new ArrayList<>(header);
            names.remove(targetColumn);
            int columns = header.size();
            Doubles features = new Doubles();
            Doubles targets = new Doubles();
            while (records.hasNext()) {
                CSVRecord record = records.next();
                long line = record.getRecordNumber();
                if (record.size() != columns) {
                    errors.add(new FieldProblem(textField, "line " + line + " has " + record.size()
                            + " cells; the header has " + columns));
                    return null;
                }
                if ((long) (targets.size() + 1) * names.size() > maxCells) {
                    errors.add(new FieldProblem(textField, "has more than " + maxCells + " values on this service"));
                    return null;
                }
                for (int j = 0; j < columns; j++) {
                    String cell = record.get(j);
                    double value = number(cell);
                    if (Double.isNaN(value)) {
                        errors.add(new FieldProblem(textField, "line " + line + ", column " + (j + 1) + " ('"
                                + Echo.of(header.get(j)) + "'): '" + Echo.of(cell) + "' is not a finite number"));
                        return null;
                    }
                    (j == targetColumn ? targets : features).add(value);
                }
            }
            if (targets.size() == 0) {
                errors.add(new FieldProblem(textField, "has a header but no data rows"));
                return null;
            }
            return new Dataset(names, features.toArray(), targets.toArray());
        } catch (UncheckedIOException e) {
            // commons-csv reports bad CSV met while iterating (an unterminated quote) as an IOException inside.
            if (e.getCause() instanceof CSVException invalid) {
                errors.add(new FieldProblem(textField, "is not valid CSV: " + Echo.of(invalid.getMessage())));
                return null;
            }
            throw e;
        } catch (CSVException e) {
            errors.add(new FieldProblem(textField, "is not valid CSV: " + Echo.of(e.getMessage())));
            return null;
        } catch (IOException e) {
            // Not the CSV's fault: the body could not be read (the client went away).
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with a header row: an empty or repeated column name; null when nothing is. */
    private static String headerProblem(List<String> header) {
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < header.size(); j++) {
            String name = header.get(j);
            if (name.isEmpty()) {
                return "the header's column " + (j + 1) + " has no name";
            }
            if (!seen.add(name)) {
                return "the header names the column '" + Echo.of(name) + "' twice";
            }
        }
        return null;
    }

    /** A growing array of doubles: no boxed value per cell. */
    private static final class Doubles {

        private double[] values = new double[256];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length + (values.length >> 1));
            }
            values[size++] = value;
        }

        int size() {
            return size;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    static Dataset synthetic(RegressionSpec.SyntheticData spec, RegressionSpec.Model model, String path,
                             int maxCells, List<FieldProblem> errors) {
        if ((long) spec.samples() * spec.coefficients().size() > maxCells) {
            errors.add(new FieldProblem(path + ".samples", "makes " + spec.samples() + " × "
                    + spec.coefficients().size() + " values; at most " + maxCells + " on this service"));
            return null;
        }
        SyntheticKey key = new SyntheticKey(spec.samples(), List.copyOf(spec.coefficients()),
                Objects.requireNonNullElse(spec.intercept(), 0.0), Objects.requireNonNullElse(spec.noise(), 1.0),
                Objects.requireNonNullElse(spec.seed(), 0L), model == RegressionSpec.Model.LOGISTIC);
        WeakReference<Dataset> kept = SYNTHETIC.get(key);
        Dataset data = kept == null ? null : kept.get();
        if (data == null) {
            data = SyntheticData.generate(key.samples(),
                    key.coefficients().stream().mapToDouble(Double::doubleValue).toArray(), key.intercept(),
                    key.noise(), key.seed(), key.logistic());
            SYNTHETIC.values().removeIf(reference -> reference.get() == null);
            SYNTHETIC.put(key, new WeakReference<>(data));
        }
        return data;
    }

    /** What a synthetic data set is made from: the same key, the same data set. */
    private record SyntheticKey(int samples, List<Double> coefficients, double intercept, double noise, long seed,
                                boolean logistic) {
    }

    /** The finite number {@code cell} holds, or NaN. */
    private static double number(String cell) {
        try {
            double value = Double.parseDouble(cell);
            return Double.isFinite(value) ? value : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
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
