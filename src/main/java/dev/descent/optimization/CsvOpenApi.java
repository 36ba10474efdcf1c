package dev.descent.optimization;

import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.optim.OptimizerKinds;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.math.BigDecimal;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The query parameters of {@code POST /api/v1/optimizations/csv} in the document: the common settings and the
 * dotted names of the regression, trajectory and stopping settings, each with its type and an example. The
 * examples together with the body's example make a request Swagger UI's <em>Try it out</em> runs as it is (a 200):
 * plain decimals only, since Swagger UI's number check refuses {@code 1e-6}; no {@code maxIterations}, which a
 * regression's {@code epochs} replaces (both is a 400). The settings not listed (any hyperparameter as
 * {@code optimizer.<name>}, the schedule, line search, clipping) are named in the operation's description.
 */
@Configuration(proxyBeanMethods = false)
class CsvOpenApi {

    static final String TEXT_CSV = "text/csv";
    /** The name of the multipart body's schema. */
    static final String UPLOAD = "CsvUpload";
    static final String EXAMPLE_CSV = "x,y\n0.5,5.4\n1.0,7.1\n1.5,8.4\n2.0,10.2\n";
    static final String DESCRIPTION = "Fits a linear or logistic regression to a CSV data set: a raw `text/csv` "
            + "body, or `multipart/form-data` with the file in the part `file` (`curl -F file=@data.csv`). The "
            + "data set has a header row; `target` names the target column and every other column is a feature. "
            + "The settings are query parameters (or, with multipart, form fields), named as the fields of the JSON "
            + "request to POST /api/v1/optimizations, with the same defaults, checks and answer: this request is "
            + "that JSON request with the CSV text at `objective.regression.csv.text`, and gives the same result to "
            + "the last bit. Nested settings have dotted names (`trajectory.maxPoints`); the regression's are "
            + "`regression.l2`, `regression.fitIntercept`, ... (also flat: `l2`, `fitIntercept`, `l1`, "
            + "`standardize`); `optimizer` is `optimizer.type` and `learningRate` is `optimizer.learningRate`. Any "
            + "other hyperparameter of the optimizer is accepted as `optimizer.<name>` (`optimizer.beta1=0.8`), "
            + "the learning-rate schedule as `schedule.type` and `schedule.<name>` (`schedule.type=step&"
            + "schedule.stepSize=100`, a list as `schedule.milestones=100,200`) with its warmup as "
            + "`schedule.warmup.<name>`; also `maxIterations`, `lineSearch.c1`, `lineSearch.shrink`, "
            + "`lineSearch.initialStep`, `clipping.maxNorm`, `clipping.maxValue`, `start.<variable>` and "
            + "`bounds.<variable>` (`lower,upper`). An unknown name, a setting given twice (also by two of its "
            + "names) or a value of the wrong type is a 400 naming the parameter; errors in the data name `body` "
            + "or `file`.";

    @Bean
    OpenApiCustomizer csvParametersCustomizer() {
        return openApi -> {
            PathItem path = openApi.getPaths() == null ? null : openApi.getPaths().get(OptimizationController.CSV_PATH);
            if (path == null || path.getPost() == null) {
                return;
            }
            Operation post = path.getPost();
            post.setParameters(null);
            parameters().forEach(post::addParametersItem);
            // The multipart body as a named schema: openapi-generator imports a model for it into the generated API
            // class, and makes one only for a named schema.
            ObjectSchema upload = new ObjectSchema();
            upload.setDescription("A CSV upload: the data set as the part `file`; the settings as query parameters or "
                    + "as form fields of the same names.");
            upload.addProperty("file", new StringSchema().format("binary")
                    .description("The CSV file: a header row, then one sample per line."));
            upload.addRequiredItem("file");
            openApi.getComponents().addSchemas(UPLOAD, upload);
            post.getRequestBody().getContent().get(org.springframework.http.MediaType.MULTIPART_FORM_DATA_VALUE)
                    .setSchema(new Schema<>().$ref("#/components/schemas/" + UPLOAD));
        };
    }

    /** The documented query parameters, in the order Swagger UI shows them. */
    static List<Parameter> parameters() {
        List<String> optimizers = OptimizerKinds.all().stream().map(OptimizerKind::name).toList();
        return List.of(
                query("target", true, new StringSchema(), "y",
                        "The name of the target column; every other column is a feature."),
                query("model", true, new StringSchema()._enum(List.of("linear", "logistic")), "linear",
                        "`linear` (mean squared error) or `logistic` (log-loss, targets 0/1); also "
                                + "`regression.model`."),
                query("optimizer", false, new StringSchema()._enum(optimizers), "gd",
                        "The optimizer (`optimizer.type`); absent: `gd`. Its hyperparameters as "
                                + "`optimizer.<name>`."),
                query("learningRate", false, number(), new BigDecimal("0.1"),
                        "The learning rate (`optimizer.learningRate`); absent: the optimizer's default."),
                query("epochs", false, integer(1), 500,
                        "Passes over the data; absent: maxIterations updates (1000 by default)."),
                query("batchSize", false, integer(1), 2,
                        "Rows per update; absent: full batch (every row); 1: stochastic gradient descent."),
                query("shuffle", false, new BooleanSchema(), true,
                        "Reshuffle the rows before every epoch; absent: true."),
                query("seed", false, new IntegerSchema().format("int64"), 42,
                        "The shuffling seed; absent: 0. The same request with the same seed gives the same result."),
                query("tolerance", false, number(), new BigDecimal("0.000001"),
                        "Converged when the loss over the data changes by less than this from one epoch to the "
                                + "next; 0 disables the rule. Absent: 0.000001."),
                query("gradientTolerance", false, number(), BigDecimal.ZERO,
                        "Converged when the gradient norm falls below this; absent: 0 (disabled)."),
                query("divergenceBound", false, number(), new BigDecimal("1000000000000"),
                        "Diverged when the loss exceeds this in size; absent: 1000000000000 (1e12)."),
                query("regression.fitIntercept", false, new BooleanSchema(), true,
                        "Whether to fit an intercept (also `fitIntercept`); absent: true."),
                query("regression.standardize", false, new BooleanSchema(), false,
                        "Fit on standardized features (also `standardize`); absent: false."),
                query("regression.l1", false, number(), BigDecimal.ZERO,
                        "L1 penalty weight (also `l1`); absent: 0."),
                query("regression.l2", false, number(), new BigDecimal("0.01"),
                        "L2 penalty weight (also `l2`); absent: 0."),
                query("trajectory.include", false, new BooleanSchema(), true,
                        "Whether the answer carries the trajectory; absent: true."),
                query("trajectory.maxPoints", false, integer(2), 100,
                        "At most this many trajectory points, evenly spread; absent: 1000."));
    }

    private static Parameter query(String name, boolean required, Schema<?> schema, Object example,
                                   String description) {
        return new Parameter().in("query").name(name).required(required).schema(schema).example(example)
                .description(description);
    }

    private static Schema<?> number() {
        return new NumberSchema().format("double").minimum(BigDecimal.ZERO);
    }

    private static Schema<?> integer(int minimum) {
        return new IntegerSchema().minimum(BigDecimal.valueOf(minimum));
    }
}
