package dev.descent.optimization;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The schema of a trajectory in the columns layout ({@link TrajectoryLayout#COLUMNS}), for the document only: the
 * answer is written by {@link TrajectoryView} from the engine's rows.
 */
@Schema(description = "A trajectory in the columns layout: the i-th entries of the arrays make iterate i (the same "
        + "numbers as the rows layout). Numbers that are not finite are null.")
public record TrajectoryColumns(
        @Schema(description = "The number of updates made before each point; 0 is the start.", example = "[0, 1, 2]",
                requiredMode = REQUIRED)
        List<Integer> iteration,
        @Schema(description = "The points: variable name to its values.", example = "{\"x\": [5.0, 4.6, 4.28]}",
                requiredMode = REQUIRED)
        Map<String, List<Double>> point,
        @Schema(description = "The objective value at each point.", example = "[54.0, 48.36, 43.9504]",
                requiredMode = REQUIRED)
        List<Double> value,
        @Schema(description = "The Euclidean norm of the gradient at each point.", example = "[14.0, 13.2, 12.56]",
                requiredMode = REQUIRED)
        List<Double> gradientNorm,
        @Schema(description = "The learning rate of the update that led to each point; null at the start.",
                example = "[null, 0.1, 0.1]", requiredMode = REQUIRED)
        List<Double> learningRate,
        @Schema(description = "Only when the schedule cycles the momentum (oneCycle, cyclic with cycleMomentum): the "
                + "momentum (SGD, RMSprop) or beta1 (Adam, Adamax, NAdam, RAdam) of the update that led to each point; "
                + "null at the start.", example = "[null, 0.95, 0.949]")
        List<Double> momentum) {
}
