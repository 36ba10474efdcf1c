package dev.descent.catalog;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.descent.engine.param.Hyperparameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One hyperparameter of an optimizer or a schedule, as the catalog lists it. */
@Schema(description = "One hyperparameter: name, type, default (PyTorch's), allowed range and meaning.")
@JsonInclude(JsonInclude.Include.NON_NULL)
record ParameterView(
        @Schema(description = "The name in requests (PyTorch's, in camelCase).", example = "beta1",
                requiredMode = REQUIRED) String name,
        @Schema(description = "`number`, `integer`, `boolean`, `integer[]`, `string` (one of `choices`) or `schedule[]`.",
                example = "number",
                requiredMode = REQUIRED) String type,
        @Schema(description = "The default: PyTorch's. Absent when the parameter is required, or optional without a "
                + "fixed default (then its description says what its absence means).", example = "0.9")
        Object defaultValue,
        @Schema(description = "Whether a request must give it.", example = "false",
                requiredMode = REQUIRED) boolean required,
        @Schema(description = "The allowed range in interval notation (numbers), or the allowed strings.", example = "[0, 1)")
        String range,
        @Schema(description = "The strings a `string` parameter takes (absent for the other types).",
                example = "[\"strong_wolfe\"]")
        List<String> choices,
        @Schema(description = "What it does.",
                example = "Decay rate of the running average of the gradient (PyTorch's betas[0]).",
                        requiredMode = REQUIRED)
        String description) {

    static ParameterView of(Hyperparameter p) {
        String type = switch (p.type()) {
            case REAL -> "number";
            case INTEGER -> "integer";
            case BOOLEAN -> "boolean";
            case INTEGER_LIST -> "integer[]";
            case CHOICE -> "string";
            case SCHEDULE_LIST -> "schedule[]";
        };
        return new ParameterView(p.name(), type, p.defaultValue(), p.required(),
                p.range().isEmpty() ? null : p.range(), p.choices().isEmpty() ? null : p.choices(), p.description());
    }
}
