package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A number that is not finite is written as {@code null}, never as the string "NaN" or "Infinity". */
@SpringBootTest
@AutoConfigureMockMvc
class NonFiniteNumbersTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    private String answer(String path, String body) throws Exception {
        return Mvc.perform(mvc, post(path).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private static List<JsonNode> values(JsonNode array) {
        List<JsonNode> values = new ArrayList<>();
        array.values().forEach(values::add);
        return values;
    }

    @Autowired
    JsonMapper mapper;

    @Test
    @DisplayName("the service's JSON writes NaN and ±Infinity as null, in records, maps, lists and arrays")
    void everywhere() {
        record Numbers(double primitive, Double boxed, float single, List<Double> list, double[] array) {
        }
        String json = mapper.writeValueAsString(new Numbers(Double.NaN, Double.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, java.util.Arrays.asList(1.5, Double.NaN), new double[] {2.5,
                Double.NEGATIVE_INFINITY}));
        assertThat(json).isEqualTo("{\"primitive\":null,\"boxed\":null,\"single\":null,\"list\":[1.5,null],"
                + "\"array\":[2.5,null]}");
    }

    @Test
    @DisplayName("a grid over a range as wide as the doubles: exact coordinates, null where f overflows")
    void grid() throws Exception {
        String body = answer("/api/v1/plots/grid", """
                {"objective": {"expression": "x * 10"}, "ranges": {"x": [-1.7e308, 1.7e308]}, "steps": 5}""");
        assertThat(body).doesNotContain("\"Infinity\"").doesNotContain("\"-Infinity\"").doesNotContain("\"NaN\"");
        JsonNode grid = JSON.readTree(body);
        // The width of the range overflows to infinity; each coordinate, a weighted mean of the ends, does not.
        List<Double> x = values(grid.path("x")).stream().map(JsonNode::asDouble).toList();
        assertThat(x).hasSize(5);
        assertThat(x.get(0)).isEqualTo(-1.7e308);
        assertThat(x.get(1)).isCloseTo(-0.85e308, org.assertj.core.data.Percentage.withPercentage(1e-12));
        assertThat(x.get(2)).isEqualTo(0.0);
        assertThat(x.get(4)).isEqualTo(1.7e308);
        List<JsonNode> row = values(grid.path("values").path(0));
        assertThat(row.get(0).isNull()).isTrue();
        assertThat(row.get(1).isNull()).isTrue();
        assertThat(row.get(2).asDouble()).isEqualTo(0.0);
        assertThat(row.get(4).isNull()).isTrue();
    }

    @Test
    @DisplayName("the epoch losses of a regression that diverges are null once they overflow")
    void epochLosses() throws Exception {
        String body = answer("/api/v1/optimizations", """
                {"objective": {"regression": {"model": "linear",
                  "data": {"features": [[1], [2], [3], [4]], "targets": [2, 4, 6, 8]}}},
                 "optimizer": {"type": "gd", "learningRate": 1000}, "epochs": 200, "tolerance": 0,
                 "divergenceBound": 1e308}""");
        assertThat(body).doesNotContain("\"Infinity\"").doesNotContain("\"-Infinity\"").doesNotContain("\"NaN\"");
        List<JsonNode> losses = values(JSON.readTree(body).path("epochLosses"));
        assertThat(losses).isNotEmpty();
        assertThat(losses.get(0).isNumber()).isTrue();
        assertThat(losses.get(losses.size() - 1).isNull()).as(body).isTrue();
    }
}
