package dev.descent.optimization;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * One iterate as the API shows it. Non-finite numbers (only possible in a DIVERGED run) are {@code null}, since
 * JSON has no NaN or Infinity.
 */
@Schema(description = "One iterate: the point after `iteration` updates, f there and the gradient norm there. "
        + "Numbers that are not finite (only in a DIVERGED run) are null.")
public record IterateView(
        @Schema(description = "The number of updates made before this point; 0 is the start.", example = "12",
                requiredMode = REQUIRED)
        int iteration,
        @Schema(description = "The point: variable name to value.", example = "{\"x\": -1.9999}",
                requiredMode = REQUIRED)
        Map<String, Double> point,
        @Schema(description = "The objective value at the point.", example = "5.00000001")
        Double value,
        @Schema(description = "The Euclidean norm of the gradient at the point.", example = "0.0002")
        Double gradientNorm,
        @Schema(description = "The learning rate of the update that led to this point; absent at the start.",
                example = "0.1")
        @JsonInclude(JsonInclude.Include.NON_NULL) Double learningRate,
        @Schema(description = "The momentum (SGD, RMSprop) or beta1 (Adam, Adamax, NAdam, RAdam) of the update that "
                + "led to this point, when the schedule cycles it (oneCycle, cyclic with cycleMomentum); absent at the "
                + "start and for every other run.", example = "0.9")
        @JsonInclude(JsonInclude.Include.NON_NULL) Double momentum) {

    /** An iterate of a run whose schedule does not cycle the momentum. */
    public IterateView(int iteration, Map<String, Double> point, Double value, Double gradientNorm,
                       Double learningRate) {
        this(iteration, point, value, gradientNorm, learningRate, null);
    }
}
