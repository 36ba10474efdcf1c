package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a trajectory in each of the forms the API writes it (JSON rows, JSON columns, CSV, NDJSON) into one form:
 * rows of {@code iteration, the variables in order, value, gradientNorm, learningRate}, with NaN where the answer has
 * null or an empty field. Each form is read by its own parser (Jackson for JSON, commons-csv and
 * {@link Double#parseDouble} for CSV), so that equal tables mean the forms carry the same numbers.
 */
public final class TrajectoryTables {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TrajectoryTables() {
    }

    /** The rows layout: an array of iterates, the learning rate absent at the start. */
    public static double[][] fromRows(JsonNode rows, List<String> variables) {
        double[][] table = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            double[] line = new double[variables.size() + 4];
            line[0] = row.path("iteration").asInt();
            for (int j = 0; j < variables.size(); j++) {
                line[1 + j] = number(row.path("point").path(variables.get(j)));
            }
            line[variables.size() + 1] = number(row.path("value"));
            line[variables.size() + 2] = number(row.path("gradientNorm"));
            line[variables.size() + 3] = number(row.path("learningRate"));
            table[i] = line;
        }
        return table;
    }

    /** The columns layout: an object of equally long arrays. */
    public static double[][] fromColumns(JsonNode columns, List<String> variables) {
        int n = columns.path("iteration").size();
        List<JsonNode> arrays = new ArrayList<>();
        arrays.add(columns.path("iteration"));
        variables.forEach(variable -> arrays.add(columns.path("point").path(variable)));
        arrays.add(columns.path("value"));
        arrays.add(columns.path("gradientNorm"));
        arrays.add(columns.path("learningRate"));
        assertThat(columns.path("point").propertyNames()).containsExactlyElementsOf(variables);
        double[][] table = new double[n][variables.size() + 4];
        for (int c = 0; c < arrays.size(); c++) {
            assertThat(arrays.get(c).size()).as("length of column %d", c).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                table[i][c] = number(arrays.get(c).get(i));
            }
        }
        return table;
    }

    /** CSV with a header row; an empty field is NaN. */
    public static double[][] fromCsv(String csv, List<String> variables) throws IOException {
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv))) {
            List<String> header = new ArrayList<>(List.of("iteration"));
            header.addAll(variables);
            header.addAll(List.of("value", "gradientNorm", "learningRate"));
            assertThat(parser.getHeaderNames()).containsExactlyElementsOf(header);
            List<double[]> table = new ArrayList<>();
            for (CSVRecord record : parser) {
                assertThat(record.size()).isEqualTo(header.size());
                double[] line = new double[header.size()];
                for (int c = 0; c < header.size(); c++) {
                    line[c] = record.get(c).isEmpty() ? Double.NaN : Double.parseDouble(record.get(c));
                }
                table.add(line);
            }
            return table.toArray(double[][]::new);
        }
    }

    /** Newline-delimited JSON: one flat object per line, every member present, null for NaN. */
    public static double[][] fromNdjson(String ndjson, List<String> variables) {
        assertThat(ndjson).endsWith("\n");
        String[] lines = ndjson.split("\n");
        List<String> names = new ArrayList<>(List.of("iteration"));
        names.addAll(variables);
        names.addAll(List.of("value", "gradientNorm", "learningRate"));
        double[][] table = new double[lines.length][];
        for (int i = 0; i < lines.length; i++) {
            JsonNode row = JSON.readTree(lines[i]);
            assertThat(row.propertyNames()).containsExactlyElementsOf(names);
            double[] line = new double[names.size()];
            for (int c = 0; c < names.size(); c++) {
                line[c] = number(row.path(names.get(c)));
            }
            table[i] = line;
        }
        return table;
    }

    /** Asserts that {@code actual} holds exactly {@code expected}'s numbers, bit for bit (NaN where NaN). */
    public static void assertSameNumbers(double[][] actual, double[][] expected, String form) {
        assertThat(actual.length).as(form + ": rows").isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i].length).as(form + ": row %d's width", i).isEqualTo(expected[i].length);
            for (int c = 0; c < expected[i].length; c++) {
                assertThat(Double.doubleToLongBits(actual[i][c])).as(form + ": row %d column %d: %s vs %s", i, c,
                        actual[i][c], expected[i][c]).isEqualTo(Double.doubleToLongBits(expected[i][c]));
            }
        }
    }

    private static double number(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? Double.NaN : node.doubleValue();
    }
}
