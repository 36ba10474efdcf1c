package dev.descent.optimization;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * What a result was computed from, to reproduce and to compare it: the request as the service ran it (every default
 * filled in), which values were defaults and whose, the service that ran it, and hashes of the request and of the
 * result ({@link Receipts}).
 *
 * @param resolvedRequest the request as run, every default filled in, inline data replaced by its hash
 * @param defaults        the fields of {@code resolvedRequest} that were not given, with where each value comes from
 * @param requestHash     SHA-256 of the canonical JSON of {@code resolvedRequest}
 * @param resultHash      SHA-256 of the canonical JSON of the result without its time and this receipt
 * @param version         the service's version
 * @param commit          the service's git commit
 */
@Schema(description = "What the result was computed from: the request as the service ran it, which of its values "
        + "were defaults and whose, the service's version and commit, and SHA-256 hashes of the request and the "
        + "result. Canonical JSON, as hashed here: the JSON the API writes (whole-number fields as integers, real "
        + "ones as the shortest text that reads back to the same double), without whitespace, the members of every "
        + "object in ascending order of their names (UTF-16 code units), UTF-8.")
public record Receipt(
        @Schema(description = "The request as the service ran it: the fields of POST /api/v1/optimizations, every "
                + "default filled in (every hyperparameter of the optimizer and of the schedule, the stopping rules, "
                + "the trajectory options, a catalog function's dimension and start, a regression's settings, "
                + "`shuffle` and `seed`); null for a feature that is off (`lineSearch`, `clipping`, `bounds`, "
                + "`explain`), `maxIterations` absent when a regression gave `epochs`. POSTed back, it runs the same "
                + "descent to the same `resultHash`, except that inline data is not repeated: "
                + "`objective.regression.data` is `{sha256, rows, columns, featureNames}` (the SHA-256 of the "
                + "canonical JSON `{\"features\": [[...]], \"targets\": [...]}` of the rows) and "
                + "`objective.regression.csv` is `{sha256, rows, columns, target}` (the same hash of the rows as "
                + "read, the columns but the target in order: the same data inline or as CSV has the same hash); "
                + "put the data back to run it again.", implementation = ResolvedRequest.class,
                example = "{\"objective\": {\"expression\": \"x^2\"}, \"start\": {\"x\": 3.0}, \"optimizer\": "
                        + "{\"type\": \"gd\", \"learningRate\": 0.1, \"weightDecay\": 0.0}, \"maxIterations\": 1000, "
                        + "\"tolerance\": 1.0E-6, \"gradientTolerance\": 0.0, \"divergenceBound\": 1.0E12, "
                        + "\"trajectory\": {\"include\": true, \"maxPoints\": 1000, \"layout\": \"rows\"}, "
                        + "\"schedule\": {\"type\": \"constant\"}, \"lineSearch\": null, \"clipping\": null, "
                        + "\"bounds\": null, \"explain\": null}",
                requiredMode = REQUIRED)
        Map<String, Object> resolvedRequest,
        @Schema(description = "The fields of `resolvedRequest` that the request left out, by path, with the value "
                + "used and where it comes from; every field not listed was given.", requiredMode = REQUIRED)
        List<Default> defaults,
        @Schema(description = "SHA-256 (hex) of the canonical JSON of `resolvedRequest`: the same for the same "
                + "request, whether it spells out a default or leaves it out, and for the same data.",
                example = "5d41402abc4b2a76b9719d911017c592a3f1c4b3e8d5e0a9c6a1b0f3e2d4c5b6", requiredMode = REQUIRED)
        String requestHash,
        @Schema(description = "SHA-256 (hex) of the canonical JSON of the result without `elapsedMillis` and "
                + "without this `receipt`: the same request gives the same result to the last bit, and so the same "
                + "hash.", example = "0b1d2c3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c",
                requiredMode = REQUIRED)
        String resultHash,
        @Schema(description = "The service's version (its build's `build.version`, as GET /actuator/info shows it); "
                + "`unknown` when the build recorded none.", example = "0.1.0-SNAPSHOT", requiredMode = REQUIRED)
        String version,
        @Schema(description = "The git commit the service was built from (full id, as GET /actuator/info shows "
                + "it); `unknown` when the build recorded none (a build without .git).",
                example = "c7c4c0a0e0d43b7f6bdb8e1d54c1f3a6b2e9d871", requiredMode = REQUIRED)
        String commit) {

    /** This receipt with {@code hash} as its {@code resultHash}. */
    public Receipt withResultHash(String hash) {
        return new Receipt(resolvedRequest, defaults, requestHash, hash, version, commit);
    }

    /**
     * A value of the resolved request that was not given.
     *
     * @param field  its path in the request, e.g. {@code optimizer.beta1}
     * @param value  the value used
     * @param source where the value comes from
     */
    @Schema(name = "ReceiptDefault",
            description = "A field the request left out: its path, the value used, and where that comes from.")
    public record Default(
            @Schema(description = "The field's path in the request.", example = "optimizer.beta1",
                    requiredMode = REQUIRED)
            String field,
            @Schema(description = "The value used: a number, a boolean, a string, an array or an object as the "
                    + "field takes it; null for a feature that is off.", example = "0.9", requiredMode = REQUIRED)
            Object value,
            @Schema(description = "Where the value comes from: the PyTorch default of the optimizer or scheduler "
                    + "the service matches (`torch.optim.Adam default`), a catalog function's own default, or the "
                    + "service's default (`service default`).", example = "torch.optim.Adam default",
                    requiredMode = REQUIRED)
            String source) {
    }
}
