package dev.descent.optimization;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.descent.engine.optim.Quantity;
import dev.descent.engine.run.Explanation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One explained update as the API shows it ({@link Explanation.Update}): its number, its learning rate, and per
 * variable the quantities of the optimizer's algorithm box ({@link Quantities}).
 */
@Schema(description = "One explained update t: the learning rate it was given and, per variable, every quantity "
        + "of the optimizer's algorithm box (the names of the optimizer's documentation, PyTorch's box).")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExplanationView(
        @Schema(description = "t: the update's number; it made trajectory iterate t.", example = "1",
                requiredMode = REQUIRED)
        int iteration,
        @Schema(description = "γ: the learning rate given to the update (the schedule's rate, or the line search's "
                + "step); null where not finite.", example = "0.1")
        Double learningRate,
        @Schema(description = "With clipping only: ‖clipped gradient‖ / ‖gradient‖, 1 when clipping left the "
                + "gradient alone.", example = "0.158")
        Double clipScale,
        @Schema(description = "Per variable, by name, the quantities of this update.", requiredMode = REQUIRED)
        Map<String, Quantities> variables) {

    /**
     * The quantities of one variable in one update: one schema with every quantity any variant has, each present
     * only where the variant and its settings have it (a schema per variant would repeat most fields eleven times
     * and still vary with weightDecay, amsgrad, centered, momentum and clipping). Its components are
     * {@link Quantity}'s keys, in its order.
     */
    @Schema(description = "The quantities of one variable in one update, as the optimizer's algorithm box names "
            + "them; only those the optimizer and its settings have are present: gd `gradient`, `step` "
            + "(`weightDecay` with one); momentum and nesterov add `momentumBuffer`; adam `firstMoment`, "
            + "`secondMoment`, `biasCorrection1`, `biasCorrection2`, `effectiveLearningRate` (and `maxSecondMoment` "
            + "with amsgrad); adamw, and nadam and radam with decoupledWeightDecay, `decoupledWeightDecay` in place "
            + "of `weightDecay`; adagrad `sumOfSquares`, "
            + "`effectiveLearningRate`; rmsprop `secondMoment`, `effectiveLearningRate` (`gradientAverage` "
            + "centered, `momentumBuffer` with momentum); adadelta `secondMoment`, `delta`, `updateAverage`, "
            + "`effectiveLearningRate`; adamax `firstMoment`, `infinityNorm`, `biasCorrection1`, "
            + "`effectiveLearningRate`; nadam `firstMoment`, `secondMoment`, `momentumFactor`, `biasCorrection2`, "
            + "`effectiveLearningRate`; radam `firstMoment`, `secondMoment`, `biasCorrection1`, `biasCorrection2`, "
            + "`effectiveLearningRate` (and `rectification` once ρ_t > 5); rprop `effectiveLearningRate` (its "
            + "step size η_t); asgd `effectiveLearningRate` (η_{t-1}) and `weightDecay` with one. `clippedGradient` with clipping. Null "
            + "where not finite.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Quantities(
            @Schema(description = "g_t = ∇f(θ_{t-1}), as the objective gave it (of f as typed also when the run "
                    + "maximizes: the update rule then uses -g_t).", example = "2")
            Double gradient,
            @Schema(description = "g_t after clipping: what the optimizer was given.", example = "0.316")
            Double clippedGradient,
            @Schema(description = "λ θ_{t-1}: the L2 penalty added to g_t.", example = "0.01")
            Double weightDecay,
            @Schema(description = "AdamW: γ λ θ_{t-1}, subtracted from θ before the update.", example = "0.0001")
            Double decoupledWeightDecay,
            @Schema(description = "b_t: the momentum buffer (SGD: b_1 = g_1, then μ b_{t-1} + (1 - τ) g_t).",
                    example = "2")
            Double momentumBuffer,
            @Schema(description = "m_t = β1 m_{t-1} + (1 - β1) g_t.", example = "0.2")
            Double firstMoment,
            @Schema(description = "v_t = β2 v_{t-1} + (1 - β2) g_t² (RMSprop, Adadelta: α or ρ for β2).",
                    example = "0.004")
            Double secondMoment,
            @Schema(description = "AMSGrad: v_t^max = max(v_{t-1}^max, v_t).", example = "0.004")
            Double maxSecondMoment,
            @Schema(description = "Centered RMSprop: g^ave_t = α g^ave_{t-1} + (1 - α) g_t.", example = "0.02")
            Double gradientAverage,
            @Schema(description = "Adagrad: s_t = s_{t-1} + g_t².", example = "4")
            Double sumOfSquares,
            @Schema(description = "Adamax: u_t = max(β2 u_{t-1}, |g_t| + ε).", example = "2")
            Double infinityNorm,
            @Schema(description = "Adadelta: u_t = ρ u_{t-1} + (1 - ρ) Δx_t².", example = "1e-7")
            Double updateAverage,
            @Schema(description = "Adadelta: Δx_t = √(u_{t-1} + ε) / √(v_t + ε) · g_t.", example = "0.003")
            Double delta,
            @Schema(description = "NAdam: μ_t = β1 (1 - ½ 0.96^{t ψ}).", example = "0.45")
            Double momentumFactor,
            @Schema(description = "1 - β1^t.", example = "0.1")
            Double biasCorrection1,
            @Schema(description = "1 - β2^t.", example = "0.001")
            Double biasCorrection2,
            @Schema(description = "RAdam: r_t, the variance rectification (once ρ_t > 5).", example = "0.02")
            Double rectification,
            @Schema(description = "The rate applied to the update's direction in this variable: γ/(√v̂_t + ε) "
                    + "(of m̂_t) for adam and adamw, γ/(√v̂_t + ε) for nadam, γ/((1 - β1^t) u_t) (of m_t) for adamax, "
                    + "γ/(1 + (t-1)η)/(√s_t + ε) (of g_t) for adagrad, γ/(√ṽ_t + ε) for rmsprop, "
                    + "γ √(u_{t-1} + ε)/√(v_t + ε) (of g_t) for adadelta, γ l_t r_t or γ (of m̂_t) for radam, "
                    + "the step size η_t (of sign(g_t)) for rprop, η_{t-1} = γ/(1 + λγ(t-1))^α (of g_t) for asgd.",
                    example = "0.1")
            Double effectiveLearningRate,
            @Schema(description = "θ_t - θ_{t-1}: the step taken (after projection onto the bounds).",
                    example = "-0.1")
            Double step) {

        static Quantities of(Explanation.Update update, int coordinate) {
            Double[] values = new Double[Quantity.values().length];
            for (Quantity quantity : update.quantities()) {
                double value = update.get(quantity, coordinate);
                values[quantity.ordinal()] = Double.isFinite(value) ? value : null;
            }
            return new Quantities(values[0], values[1], values[2], values[3], values[4], values[5], values[6],
                    values[7], values[8], values[9], values[10], values[11], values[12], values[13], values[14],
                    values[15], values[16], values[17], values[18]);
        }
    }

    /** The explanation of a run, or null when none was asked for. */
    static List<ExplanationView> of(Explanation explanation, List<String> variables, boolean asked) {
        if (!asked) {
            return null;
        }
        List<ExplanationView> views = new ArrayList<>();
        for (Explanation.Update update : explanation.updates()) {
            Map<String, Quantities> byVariable = new LinkedHashMap<>();
            for (int i = 0; i < variables.size(); i++) {
                byVariable.put(variables.get(i), Quantities.of(update, i));
            }
            views.add(new ExplanationView(update.iteration(), finite(update.learningRate()),
                    finite(update.clipScale()), byVariable));
        }
        return views;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
