package dev.descent.engine.run;

import static dev.descent.engine.optim.Quantity.BIAS_CORRECTION1;
import static dev.descent.engine.optim.Quantity.BIAS_CORRECTION2;
import static dev.descent.engine.optim.Quantity.CLIPPED_GRADIENT;
import static dev.descent.engine.optim.Quantity.DECOUPLED_WEIGHT_DECAY;
import static dev.descent.engine.optim.Quantity.EFFECTIVE_LEARNING_RATE;
import static dev.descent.engine.optim.Quantity.FIRST_MOMENT;
import static dev.descent.engine.optim.Quantity.GRADIENT;
import static dev.descent.engine.optim.Quantity.MAX_SECOND_MOMENT;
import static dev.descent.engine.optim.Quantity.MOMENTUM_BUFFER;
import static dev.descent.engine.optim.Quantity.SECOND_MOMENT;
import static dev.descent.engine.optim.Quantity.STEP;
import static dev.descent.engine.optim.Quantity.WEIGHT_DECAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.optim.Adam;
import dev.descent.engine.optim.Clipping;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.optim.OptimizerKinds;
import dev.descent.engine.optim.Quantity;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.StoppingRule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Explaining updates: the quantities of the first steps of Adam and of momentum SGD equal hand computations from
 * PyTorch's algorithm boxes (written out below, in their algebraic order, not the implementation's: hence a
 * tolerance of a few ulps, not equality), and explaining leaves every variant's trajectory the same to the bit.
 */
class ExplainTests {

    /** f(x, y) = x² + 3y², ∇f = (2x, 6y). */
    private static final String F = "x^2 + 3*y^2";
    private static final double[] START = {1.0, -2.0};

    private static double[] gradient(double[] theta) {
        return new double[] {2 * theta[0], 6 * theta[1]};
    }

    private static Result run(Optimizer<?> optimizer, double rate, int iterations, ExplainRange explain,
                              Clipping clipping) {
        Problem problem = Problem.of(ExpressionObjective.compile(F), START, optimizer,
                LearningRateSchedule.constant(rate), StoppingRule.firstOf(List.of(StoppingRule.divergence(1e12),
                        StoppingRule.maxIterations(iterations))));
        return Descent.run(problem.withClipping(clipping).withExplain(explain));
    }

    private static void close(double actual, double expected, String what) {
        assertThat(actual).as(what).isCloseTo(expected, within(1e-13 * Math.max(1, Math.abs(expected))));
    }

    @Nested
    @DisplayName("Adam")
    class AdamBox {

        /**
         * The box of torch.optim.Adam / AdamW for 3 steps, lr γ = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-8:
         * g ← ∇f(θ) (+ λθ); m ← β1 m + (1-β1) g; v ← β2 v + (1-β2) g²; v^max ← max(v^max, v);
         * m̂ = m/(1-β1^t); v̂ = v/(1-β2^t) (v^max for AMSGrad); θ ← θ - γ m̂/(√v̂ + ε) (AdamW: θ ← θ - γλθ first).
         */
        private void check(double weightDecay, boolean amsgrad, boolean decoupled) {
            double rate = 0.1;
            double beta1 = 0.9;
            double beta2 = 0.999;
            double eps = 1e-8;
            Result result = run(new Adam(beta1, beta2, eps, weightDecay, amsgrad, decoupled), rate, 3,
                    ExplainRange.first(3), Clipping.NONE);
            List<Explanation.Update> updates = result.explanation().updates();
            assertThat(updates).hasSize(3);

            double[] theta = START.clone();
            double[] m = new double[2];
            double[] v = new double[2];
            double[] vMax = new double[2];
            for (int t = 1; t <= 3; t++) {
                Explanation.Update update = updates.get(t - 1);
                assertThat(update.iteration()).isEqualTo(t);
                assertThat(update.learningRate()).isEqualTo(rate);
                assertThat(update.clipScale()).isNaN();
                double[] g = gradient(theta);
                for (int i = 0; i < 2; i++) {
                    String at = "update " + t + ", coordinate " + i + ": ";
                    close(update.get(GRADIENT, i), g[i], at + "g_t");
                    double before = theta[i];
                    double gi = g[i];
                    if (decoupled) {
                        close(update.get(DECOUPLED_WEIGHT_DECAY, i), rate * weightDecay * theta[i], at + "γλθ");
                        theta[i] = theta[i] - rate * weightDecay * theta[i];
                    } else if (weightDecay != 0) {
                        close(update.get(WEIGHT_DECAY, i), weightDecay * theta[i], at + "λθ");
                        gi = gi + weightDecay * theta[i];
                    }
                    m[i] = beta1 * m[i] + (1 - beta1) * gi;
                    v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
                    vMax[i] = Math.max(vMax[i], v[i]);
                    double bc1 = 1 - Math.pow(beta1, t);
                    double bc2 = 1 - Math.pow(beta2, t);
                    double mHat = m[i] / bc1;
                    double vHat = (amsgrad ? vMax[i] : v[i]) / bc2;
                    double effective = rate / (Math.sqrt(vHat) + eps);
                    theta[i] = theta[i] - effective * mHat;

                    close(update.get(FIRST_MOMENT, i), m[i], at + "m_t");
                    close(update.get(SECOND_MOMENT, i), v[i], at + "v_t");
                    close(update.get(BIAS_CORRECTION1, i), bc1, at + "1-β1^t");
                    close(update.get(BIAS_CORRECTION2, i), bc2, at + "1-β2^t");
                    close(update.get(EFFECTIVE_LEARNING_RATE, i), effective, at + "γ/(√v̂+ε)");
                    close(update.get(STEP, i), theta[i] - before, at + "θ_t - θ_{t-1}");
                    if (amsgrad) {
                        close(update.get(MAX_SECOND_MOMENT, i), vMax[i], at + "v_t^max");
                    }
                }
                assertThat(update.has(MAX_SECOND_MOMENT)).isEqualTo(amsgrad);
                assertThat(update.has(WEIGHT_DECAY)).isEqualTo(weightDecay != 0 && !decoupled);
                assertThat(update.has(DECOUPLED_WEIGHT_DECAY)).isEqualTo(decoupled);
                assertThat(update.has(CLIPPED_GRADIENT)).isFalse();
                assertThat(update.has(MOMENTUM_BUFFER)).isFalse();
            }
            close(result.last().point()[0], theta[0], "θ_3, x");
            close(result.last().point()[1], theta[1], "θ_3, y");
        }

        @Test
        @DisplayName("plain Adam: the first 3 updates follow the box")
        void plain() {
            check(0, false, false);
        }

        @Test
        @DisplayName("Adam with an L2 penalty and AMSGrad: λθ and v^max show up")
        void weightDecayAndAmsgrad() {
            check(0.5, true, false);
        }

        @Test
        @DisplayName("AdamW: the decoupled decay γλθ shows up, not λθ")
        void adamW() {
            check(0.5, false, true);
        }
    }

    @Nested
    @DisplayName("momentum SGD")
    class MomentumBox {

        /**
         * torch.optim.SGD with μ = 0.9, τ = 0, λ: g ← ∇f(θ) + λθ; b ← g at t = 1, else μ b + g;
         * g ← g + μ b (Nesterov) or b; θ ← θ - γ g.
         */
        private void check(boolean nesterov, double weightDecay) {
            double rate = 0.05;
            double mu = 0.9;
            Result result = run(new Sgd(mu, 0, weightDecay, nesterov), rate, 3, ExplainRange.first(3),
                    Clipping.NONE);
            List<Explanation.Update> updates = result.explanation().updates();
            assertThat(updates).hasSize(3);
            double[] theta = START.clone();
            double[] b = new double[2];
            for (int t = 1; t <= 3; t++) {
                Explanation.Update update = updates.get(t - 1);
                double[] g = gradient(theta);
                for (int i = 0; i < 2; i++) {
                    String at = "update " + t + ", coordinate " + i + ": ";
                    close(update.get(GRADIENT, i), g[i], at + "g_t");
                    double gi = g[i];
                    if (weightDecay != 0) {
                        close(update.get(WEIGHT_DECAY, i), weightDecay * theta[i], at + "λθ");
                        gi = gi + weightDecay * theta[i];
                    }
                    b[i] = t == 1 ? gi : mu * b[i] + gi;
                    double direction = nesterov ? gi + mu * b[i] : b[i];
                    double before = theta[i];
                    theta[i] = theta[i] - rate * direction;
                    close(update.get(MOMENTUM_BUFFER, i), b[i], at + "b_t");
                    close(update.get(STEP, i), theta[i] - before, at + "θ_t - θ_{t-1}");
                }
                assertThat(update.quantities()).isEqualTo(weightDecay != 0
                        ? EnumSet.of(GRADIENT, WEIGHT_DECAY, MOMENTUM_BUFFER, STEP)
                        : EnumSet.of(GRADIENT, MOMENTUM_BUFFER, STEP));
            }
        }

        @Test
        @DisplayName("heavy ball: b_1 = g_1, then b_t = μ b_{t-1} + g_t, θ_t = θ_{t-1} - γ b_t")
        void heavyBall() {
            check(false, 0);
        }

        @Test
        @DisplayName("Nesterov: θ_t = θ_{t-1} - γ (g_t + μ b_t)")
        void nesterov() {
            check(true, 0);
        }

        @Test
        @DisplayName("with weight decay: λθ is added to the gradient and shows up")
        void weightDecay() {
            check(false, 0.1);
        }
    }

    @Test
    @DisplayName("clipping shows up: the clipped gradient, its scale, and a step along it")
    void clipping() {
        double rate = 0.1;
        Result result = run(Sgd.plain(0), rate, 2, ExplainRange.first(2), new Clipping.ByNorm(1));
        Explanation.Update first = result.explanation().updates().get(0);
        double[] g = gradient(START);
        double norm = Math.hypot(g[0], g[1]);
        double factor = 1 / (norm + 1e-6);
        close(first.clipScale(), norm * factor / norm, "‖clipped‖/‖g‖");
        assertThat(first.clipScale()).isLessThan(1);
        for (int i = 0; i < 2; i++) {
            close(first.get(GRADIENT, i), g[i], "g");
            close(first.get(CLIPPED_GRADIENT, i), g[i] * factor, "clipped g");
            close(first.get(STEP, i), -rate * g[i] * factor, "step");
        }
        assertThat(first.has(EFFECTIVE_LEARNING_RATE)).isFalse();
    }

    @Test
    @DisplayName("a range from update 4 explains updates 4 and 5, numbered so, with the steps the trajectory took")
    void range() {
        Result result = run(new Adam(0.9, 0.999, 1e-8, 0, false), 0.1, 10, new ExplainRange(4, 2), Clipping.NONE);
        List<Explanation.Update> updates = result.explanation().updates();
        assertThat(updates).extracting(Explanation.Update::iteration).containsExactly(4, 5);
        for (Explanation.Update update : updates) {
            double[] before = result.trajectory().get(update.iteration() - 1).point();
            double[] after = result.trajectory().get(update.iteration()).point();
            for (int i = 0; i < 2; i++) {
                assertThat(update.get(STEP, i)).isEqualTo(after[i] - before[i]);
            }
            assertThat(update.get(FIRST_MOMENT, 0)).isNotZero();
        }
    }

    @Test
    @DisplayName("a range beyond the run's end explains what there is; none asked, none given")
    void beyondTheEnd() {
        Result shortRun = run(Sgd.plain(0), 0.1, 2, ExplainRange.first(5), Clipping.NONE);
        assertThat(shortRun.explanation().updates()).hasSize(2);
        Result plain = run(Sgd.plain(0), 0.1, 2, ExplainRange.NONE, Clipping.NONE);
        assertThat(plain.explanation()).isSameAs(Explanation.NONE);
    }

    @Test
    @DisplayName("the range is checked where it is built, naming the value")
    void rangeChecked() {
        assertThatThrownBy(() -> ExplainRange.first(ExplainRange.MAX_STEPS + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("101");
        assertThatThrownBy(() -> new ExplainRange(0, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }

    static Stream<Arguments> everyVariant() {
        List<Arguments> cases = new ArrayList<>();
        for (OptimizerKind kind : OptimizerKinds.all()) {
            cases.add(Arguments.of(kind.name(), Map.of()));
            Map<String, Object> options = new java.util.LinkedHashMap<>();
            kind.parameters().forEach(p -> {
                switch (p.name()) {
                    case "weightDecay" -> options.put("weightDecay", 0.05);
                    case "amsgrad", "centered" -> options.put(p.name(), true);
                    case "momentum" -> options.put("momentum", 0.5);
                    case "lrDecay" -> options.put("lrDecay", 0.01);
                    default -> { }
                }
            });
            cases.add(Arguments.of(kind.name(), options));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVariant")
    @DisplayName("explaining leaves the trajectory, clipped and bounded, the same to the bit, for every variant")
    void bitIdentical(String variant, Map<String, Object> options) {
        OptimizerKind.Configured configured = OptimizerKinds.byName(variant).orElseThrow().configure(options);
        Problem problem = Problem.of(ExpressionObjective.compile("(1 - x)^2 + 100*(y - x^2)^2"),
                        new double[] {-1.2, 1.0}, configured.optimizer(), LearningRateSchedule.constant(
                                variant.equals("adadelta") ? 1.0 : 1e-3),
                        StoppingRule.firstOf(List.of(StoppingRule.divergence(1e12),
                                StoppingRule.maxIterations(60))))
                .withClipping(new Clipping.ByValue(20))
                .withBounds(new Box(new double[] {-1.5, -5}, new double[] {5, 1.01}));
        Result plain = Descent.run(problem);
        Result explained = Descent.run(problem.withExplain(new ExplainRange(3, 40)));

        assertThat(explained.trajectory().all()).isEqualTo(plain.trajectory().all());
        assertThat(explained.best()).isEqualTo(plain.best());
        assertThat(explained.explanation().updates()).hasSize(40);
        for (Explanation.Update update : explained.explanation().updates()) {
            assertThat(update.has(GRADIENT) && update.has(CLIPPED_GRADIENT) && update.has(STEP)).isTrue();
            if (variant.equals("lbfgs")) {
                // Its step is a whole quasi-Newton loop with its own evaluations: it tells nothing of its own.
                assertThat(update.quantities()).containsExactlyInAnyOrder(GRADIENT, CLIPPED_GRADIENT, STEP);
            } else {
                assertThat(update.quantities()).as("%s has its own quantities", variant).hasSizeGreaterThan(
                        variant.equals("gd") && !options.containsKey("weightDecay") ? 2 : 3);
            }
            for (Quantity quantity : update.quantities()) {
                for (double value : update.get(quantity)) {
                    assertThat(value).as("%s at update %d", quantity, update.iteration()).isFinite();
                }
            }
        }
    }
}
