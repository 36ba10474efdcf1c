package dev.descent.rangetest;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.descent.engine.rangetest.RangeTest;
import dev.descent.engine.stop.Status;
import dev.descent.optimization.OptimizationResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The outcome of a range test: the suggested learning rate, the rule that chose it, and the curve. */
@Schema(description = "The outcome of a learning-rate range test: the suggested learning rate and the rule that "
        + "chose it, the other rule's rate, how the sweep ended, and the curve.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RangeTestResponse(
        @Schema(description = "The learning rate to descend with: the rate where the smoothed loss falls fastest "
                + "(`rule` STEEPEST, fastai's `lr_steep`), or a tenth of the rate of the lowest smoothed loss when "
                + "it never falls (`rule` MINIMUM_OVER_TEN). Absent when the curve has fewer than 2 finite points "
                + "(the loss blew up at once: lower `range.min`).", example = "0.000343")
        Double suggestedLearningRate,
        @Schema(description = "The rule that gave `suggestedLearningRate`.", example = "STEEPEST")
        RangeTest.Rule rule,
        @Schema(description = "fastai's `lr_steep`: the rate at the steepest fall of the smoothed loss against "
                + "ln(learning rate) (the left end of the steepest segment).", example = "0.000343")
        Double steepest,
        @Schema(description = "fastai's `lr_min`: the rate of the lowest smoothed loss, divided by 10.",
                example = "0.000791")
        Double minimumOverTen,
        @Schema(description = "DIVERGED: the sweep stopped where the smoothed loss blew up (above 4 × its best "
                + "so far, or, when the best is not above 0, above it by 3 × the larger of |best| and the first "
                + "smoothed loss; or not finite), as a range test should. MAX_ITERATIONS: the whole range was swept "
                + "without a blow-up (raise `range.max` to see where it blows up).", example = "DIVERGED",
                requiredMode = REQUIRED)
        Status status,
        @Schema(description = "Why the sweep ended, with its numbers.",
                example = "the smoothed loss 16.4 exceeded 4 × its best 3.88 at learning rate 0.00428 (point 66)",
                requiredMode = REQUIRED)
        String stopReason,
        @Schema(description = "The points of the curve the suggestions looked at: fastai's window, without the "
                + "first steps/10 and the last 5 points (or the whole curve when that leaves fewer than 2), cut at "
                + "the first non-finite smoothed loss; `from` is included, `to` not.", example = "[10, 62]")
        List<Integer> window,
        @Schema(description = "The objective as run.", requiredMode = REQUIRED)
        OptimizationResponse.ObjectiveView objective,
        @Schema(description = "One point per update of the sweep, in order (the learning rate increasing); it "
                + "ends at the blow-up.", requiredMode = REQUIRED)
        List<CurvePoint> curve) {

    /** One point of the curve. */
    @Schema(description = "One point of a range test's curve: a learning rate, the loss measured just before the "
            + "update at that rate (on that update's batch for a mini-batch regression), and its smoothed value.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CurvePoint(
            @Schema(description = "min · (max/min)^(i/(steps-1)) at point i.", example = "0.001",
                    requiredMode = REQUIRED)
            double learningRate,
            @Schema(description = "The loss f(x_i) after i updates; absent when not finite.", example = "3.21")
            Double loss,
            @Schema(description = "The exponential moving average of the losses so far with β = 0.98, debiased "
                    + "(divided by 1 - β^(i+1)), as fastai smooths them; absent when not finite.", example = "3.87")
            Double smoothedLoss) {
    }
}
