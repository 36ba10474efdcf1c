package dev.descent.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.optim.Adam;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.Runs;
import dev.descent.engine.stop.Status;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The renderer on figures made by the engine: what each picture shows, read back from its SVG (texts, and the
 * paths and marks in each run's colour) and its PNG (decoded at the requested size).
 */
class PlotRendererTests {

    private static final String ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2";

    private static Figure.Run run(String label, Result result) {
        return new Figure.Run(label, result.trajectory().all(), result.stopReason().status());
    }

    /** The seed: x^2 + 4x + 9 from 5 by gradient descent at rate 0.1, ten updates (eleven iterates). */
    private static Figure seed() {
        String formula = "x^2 + 4*x + 9";
        Result result = Runs.run(formula, new double[] {5}, Sgd.plain(0), 0.1, 10, 0);
        return new Figure(formula, List.of("x"), ExpressionObjective.compile(formula),
                List.of(run("gd, lr 0.1", result)));
    }

    /** Rosenbrock from (-1.5, 2): Adam and gradient descent, 100 updates each. */
    private static Figure rosenbrock() {
        double[] start = {-1.5, 2};
        return new Figure(ROSENBROCK, List.of("x", "y"), ExpressionObjective.compile(ROSENBROCK), List.of(
                run("adam, lr 0.05", Runs.run(ROSENBROCK, start, new Adam(0.9, 0.999, 1e-8, 0, false), 0.05, 100, 0)),
                run("gd, lr 0.001", Runs.run(ROSENBROCK, start, Sgd.plain(0), 0.001, 100, 0))));
    }

    /** The seeds' learning-rate picture: x^2 from 3 at rates 0.01, 0.1, 0.9 and 1.1 (which diverges). */
    static Figure learningRates() {
        List<Figure.Run> runs = new ArrayList<>();
        for (double rate : new double[] {0.01, 0.1, 0.9, 1.1}) {
            runs.add(run("gd, lr " + rate, Runs.run("x^2", new double[] {3}, Sgd.plain(0), rate, 100, 1e-6)));
        }
        return new Figure("x^2", List.of("x"), ExpressionObjective.compile("x^2"), runs);
    }

    private static Svg svg(Figure figure, PlotKind kind) throws Exception {
        return Svg.parse(PlotRenderer.render(figure, new PlotOptions(kind, ImageFormat.SVG, 800, 600)));
    }

    @Nested
    @DisplayName("the path picture")
    class Path {

        @Test
        @DisplayName("of one variable: the curve, the iterates as marks joined in order, title, axes and legend")
        void oneVariable() throws Exception {
            Svg svg = svg(seed(), PlotKind.PATH);

            assertThat(svg.width()).isEqualTo(800);
            assertThat(svg.height()).isEqualTo(600);
            assertThat(svg.texts()).contains("Path on f(x) = x^2 + 4*x + 9", "x", "gd, lr 0.1", "start", "end");
            // "f(x)" twice: the y axis and the curve's legend entry.
            assertThat(svg.texts()).filteredOn("f(x)"::equals).hasSize(2);
            // One line through the iterates (and its legend sample); a mark per iterate (and the legend's).
            assertThat(svg.strokedPaths(ChartStyle.run(0))).isEqualTo(2);
            assertThat(svg.filledShapes(ChartStyle.run(0))).isEqualTo(11 + 1);
        }

        @Test
        @DisplayName("of 1/x, 1/x^2 and x^3 - x about 0: the curve broken at the odd pole only, not drawn from "
                + "-infinity to +infinity; the zero crossings of x^3 - x kept whole")
        void pole() throws Exception {
            // The legend's sample of the curve is one piece; the curve itself one per stretch between gaps.
            assertThat(curvePieces("1/x", 0)).isEqualTo(1 + 2);
            assertThat(curvePieces("1/x^2", 0)).isEqualTo(1 + 1);
            assertThat(curvePieces("x^3 - x", 0)).isEqualTo(1 + 1);
        }

        private int curvePieces(String formula, double start) throws Exception {
            Result result = Runs.run(formula, new double[] {start}, Sgd.plain(0), 0.001, 3, 0);
            Figure figure = new Figure(formula, List.of("x"), ExpressionObjective.compile(formula),
                    List.of(run("gd", result)));
            return svg(figure, PlotKind.PATH).strokedPieces(ChartStyle.CURVE);
        }

        @Test
        @DisplayName("of two variables: a shaded contour map with each run's path, one colour and legend entry each")
        void twoVariables() throws Exception {
            Svg svg = svg(rosenbrock(), PlotKind.PATH);

            assertThat(svg.texts()).contains("Path on f(x, y) = " + ROSENBROCK, "x", "y", "adam, lr 0.05",
                    "gd, lr 0.001", "start", "end");
            assertThat(svg.count("image")).as("the shading").isEqualTo(1);
            assertThat(svg.strokedPaths(ChartStyle.CONTOUR)).as("contour levels").isGreaterThanOrEqualTo(10);
            for (int r = 0; r < 2; r++) {
                assertThat(svg.strokedPaths(ChartStyle.run(r))).isEqualTo(2);
                assertThat(svg.filledShapes(ChartStyle.run(r))).isEqualTo(101 + 1);
            }
        }

        @Test
        @DisplayName("of a comparison: every run on the one curve, a diverged one named so and not filling the view")
        void comparison() throws Exception {
            Figure figure = learningRates();
            Svg svg = svg(figure, PlotKind.PATH);

            assertThat(svg.texts()).contains("gd, lr 0.01", "gd, lr 0.1", "gd, lr 0.9", "gd, lr 1.1 (DIVERGED)");
            for (int r = 0; r < 4; r++) {
                assertThat(svg.strokedPaths(ChartStyle.run(r))).isEqualTo(2);
            }
            // x_k = 3 (-1.2)^k reaches 1e6 before it stops; the view covers f up to 100 (1 + 9), |x| about 32.
            double[] window = PathChart.window(figure)[0];
            assertThat(window[0]).isBetween(-40.0, -3.0);
            assertThat(window[1]).isBetween(3.0, 40.0);
        }

        @Test
        @DisplayName("of more than two variables is refused, pointing to the convergence picture")
        void fiveVariables() {
            String formula = "a^2 + b^2 + c^2 + d^2 + e2^2";
            Result result = Runs.run(formula, new double[] {1, 1, 1, 1, 1}, Sgd.plain(0), 0.1, 10, 0);
            Figure figure = new Figure(formula, List.of("a", "b", "c", "d", "e2"),
                    ExpressionObjective.compile(formula), List.of(run("gd, lr 0.1", result)));

            assertThatThrownBy(() -> PlotRenderer.render(figure, new PlotOptions(PlotKind.PATH, ImageFormat.SVG,
                    800, 600))).isInstanceOf(IllegalArgumentException.class);
            assertThat(PlotRenderer.render(figure, new PlotOptions(PlotKind.CONVERGENCE, ImageFormat.SVG, 800,
                    600))).isNotEmpty();
        }
    }

    @Nested
    @DisplayName("the convergence picture")
    class Convergence {

        @Test
        @DisplayName("of the seeds' four learning rates: one line per run, on a log scale since every f > 0")
        void learningRatePicture() throws Exception {
            Figure figure = learningRates();
            assertThat(figure.runs()).extracting(Figure.Run::status).containsExactly(Status.MAX_ITERATIONS,
                    Status.CONVERGED, Status.CONVERGED, Status.DIVERGED);

            Svg svg = svg(figure, PlotKind.CONVERGENCE);

            assertThat(svg.texts()).contains("Convergence on f = x^2", "iteration", "f (log scale)", "gd, lr 0.01",
                    "gd, lr 0.1", "gd, lr 0.9", "gd, lr 1.1 (DIVERGED)");
            for (int r = 0; r < 4; r++) {
                assertThat(svg.strokedPaths(ChartStyle.run(r))).as("run %d", r).isEqualTo(2);
            }
        }

        @Test
        @DisplayName("on a linear scale when some f is not positive")
        void linear() throws Exception {
            String formula = "x^2 - 1";
            Result result = Runs.run(formula, new double[] {3}, Sgd.plain(0), 0.1, 20, 0);
            Figure figure = new Figure(formula, List.of("x"), ExpressionObjective.compile(formula),
                    List.of(run("gd, lr 0.1", result)));

            Svg svg = svg(figure, PlotKind.CONVERGENCE);

            assertThat(svg.texts()).contains("f", "iteration").doesNotContain("f (log scale)");
            // Few iterates: a mark on each (and the legend's).
            assertThat(svg.filledShapes(ChartStyle.run(0))).isEqualTo(21 + 1);
        }
    }

    @Test
    @DisplayName("of a run stopped at a pole (1/x from 0): no finite f, an empty frame that says so, no log axis")
    void nothingFinite() throws Exception {
        Result result = Runs.run("1/x", new double[] {0}, Sgd.plain(0), 0.3, 100, 0);
        assertThat(result.trajectory().all()).extracting(i -> Double.isFinite(i.value())).containsOnly(false);
        Figure figure = new Figure("1/x", List.of("x"), ExpressionObjective.compile("1/x"),
                List.of(run("gd, lr 0.3", result)));

        Svg svg = svg(figure, PlotKind.CONVERGENCE);

        assertThat(svg.texts()).contains("No finite value of f to draw: f is not finite at any iterate of the run.",
                "gd, lr 0.3 (DIVERGED)").doesNotContain("f (log scale)");
        assertThat(svg.texts()).noneMatch(text -> text.startsWith("10"));
    }

    @Test
    @DisplayName("a PNG decodes at the requested size")
    void png() throws Exception {
        BufferedImage path = Svg.png(PlotRenderer.render(rosenbrock(), new PlotOptions(PlotKind.PATH,
                ImageFormat.PNG, 640, 480)));
        BufferedImage convergence = Svg.png(PlotRenderer.render(learningRates(),
                new PlotOptions(PlotKind.CONVERGENCE, ImageFormat.PNG, 300, 1000)));

        assertThat(path.getWidth()).isEqualTo(640);
        assertThat(path.getHeight()).isEqualTo(480);
        assertThat(convergence.getWidth()).isEqualTo(300);
        assertThat(convergence.getHeight()).isEqualTo(1000);
    }
}
