package dev.descent.optimization;

import dev.descent.engine.data.Dataset;
import dev.descent.engine.objective.FunctionCatalog;
import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.param.Parameters;
import dev.descent.engine.param.Values;
import dev.descent.engine.run.ArmijoLineSearch;
import dev.descent.engine.schedule.ScheduleKind;
import dev.descent.engine.schedule.ScheduleKinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the {@link Receipt} of a result: resolves its request (every default filled in and marked, with its
 * source), hashes the request and the result ({@link CanonicalJson}), and names the service's version and commit
 * (from the build's {@code build-info.properties} and {@code git.properties}, {@code unknown} without them, as in a
 * test run from an IDE).
 *
 * <p>What it holds is small whatever the run: the resolved request repeats the settings, not the data (inline data
 * becomes its SHA-256 and its size), and the result is hashed as it is written, not copied.
 */
@Component
public class Receipts {

    static final String UNKNOWN = "unknown";
    static final String SERVICE_DEFAULT = "service default";
    private static final String CATALOG_DEFAULT = "the catalog function's default (GET /api/v1/functions)";

    private final CanonicalJson canonical;
    private final String version;
    private final String commit;

    @Autowired
    Receipts(JsonMapper json, ObjectProvider<BuildProperties> build, ObjectProvider<GitProperties> git) {
        this(json, version(build.getIfAvailable()), commit(git.getIfAvailable()));
    }

    /** Receipts naming {@code version} and {@code commit}, hashing the JSON {@code json} writes. */
    Receipts(JsonMapper json, String version, String commit) {
        this.canonical = new CanonicalJson(json);
        this.version = version;
        this.commit = commit;
    }

    private static String version(BuildProperties build) {
        return build == null || build.getVersion() == null ? UNKNOWN : build.getVersion();
    }

    private static String commit(GitProperties git) {
        if (git == null) {
            return UNKNOWN;
        }
        String full = git.get("commit.id.full");
        return full != null ? full : Objects.requireNonNullElse(git.getCommitId(), UNKNOWN);
    }

    /**
     * The receipt of {@code response}, the answer (without its receipt) to {@code plan}'s run. Null for a plan
     * without its request (one made by hand, as a benchmark's).
     */
    Receipt of(RunPlan plan, OptimizationResponse response) {
        Receipt receipt = unsealed(plan);
        return receipt == null ? null : receipt.withResultHash(canonical.sha256(response));
    }

    /**
     * The receipt of {@code plan}'s answer but its {@code resultHash} (null), which {@link CanonicalAnswerConverter}
     * fills in as it writes the answer; null for a plan without its request.
     */
    Receipt unsealed(RunPlan plan) {
        if (plan.request() == null) {
            return null;
        }
        Resolved resolved = resolve(plan.request(), plan);
        return new Receipt(resolved.request(), resolved.defaults(), canonical.sha256(resolved.request()), null,
                version, commit);
    }

    /** The canonical JSON the result hash is of. */
    CanonicalJson canonical() {
        return canonical;
    }

    /**
     * {@code request} without its inline data or CSV text, as a plan keeps it for the receipt: the receipt hashes
     * the data set the plan holds anyway, and a job's plan, kept while it runs, does not hold its data twice.
     */
    static OptimizationRequest withoutData(OptimizationRequest request) {
        RegressionSpec spec = request.objective().regression();
        if (spec == null || (spec.data() == null && spec.csv() == null)) {
            return request;
        }
        RegressionSpec slim = new RegressionSpec(spec.model(), spec.fitIntercept(), spec.l2(), spec.l1(),
                spec.standardize(),
                spec.data() == null ? null : new RegressionSpec.InlineData(null, null, spec.data().featureNames()),
                spec.csv() == null ? null : new RegressionSpec.CsvData(null, spec.csv().target()), null);
        return request.withObjective(new ObjectiveSpec(null, null, null, slim));
    }

    /** A request as run and the defaults it took. */
    record Resolved(Map<String, Object> request, List<Receipt.Default> defaults) {
    }

    /** {@code request} as {@code plan} runs it: every default filled in, and listed with its source. */
    Resolved resolve(OptimizationRequest request, RunPlan plan) {
        Resolver resolver = new Resolver();
        Map<String, Object> resolved = new LinkedHashMap<>();
        boolean regression = plan.regression() != null;
        resolved.put("objective", resolver.objective(request.objective(), plan));

        Map<String, Double> start = request.start();
        if (start == null) {
            start = new LinkedHashMap<>();
            double[] point = plan.problem().start();
            for (int i = 0; i < point.length; i++) {
                start.put(plan.variables().get(i), point[i]);
            }
            resolver.defaulted("start", start, regression ? "the regression's default: 0 for every variable"
                    : CATALOG_DEFAULT);
        }
        resolved.put("start", start);
        resolved.put("optimizer", resolver.optimizer(request.optimizer(), plan.optimizer()));
        if (regression && request.epochs() != null) {
            resolved.put("epochs", request.epochs());
        } else {
            resolved.put("maxIterations", resolver.value("maxIterations", request.maxIterations(),
                    OptimizationRequest.DEFAULT_MAX_ITERATIONS, SERVICE_DEFAULT));
        }
        resolved.put("tolerance", resolver.value("tolerance", request.tolerance(),
                OptimizationRequest.DEFAULT_TOLERANCE, SERVICE_DEFAULT));
        resolved.put("gradientTolerance", resolver.value("gradientTolerance", request.gradientTolerance(), 0.0,
                SERVICE_DEFAULT));
        resolved.put("divergenceBound", resolver.value("divergenceBound", request.divergenceBound(),
                OptimizationRequest.DEFAULT_DIVERGENCE_BOUND, SERVICE_DEFAULT));
        resolved.put("trajectory", resolver.trajectory(request.trajectory()));
        if (request.lineSearch() != null && request.schedule() == null) {
            // Absent, not null: a schedule is a Schedule in the resolved request's schema, never null.
            resolver.defaulted("schedule", null, "none: the line search chooses every step");
        } else {
            resolved.put("schedule", resolver.schedule(request.schedule()));
        }
        resolved.put("lineSearch", resolver.lineSearch(request.lineSearch()));
        resolved.put("clipping", resolver.off("clipping", clipping(request.clipping()), "service default: no "
                + "clipping"));
        resolved.put("bounds", resolver.off("bounds", request.bounds(), "service default: every variable free"));
        if (regression) {
            resolved.put("batchSize", resolver.off("batchSize", request.batchSize(),
                    "service default: full batch (every row)"));
            resolved.put("shuffle", resolver.value("shuffle", request.shuffle(), true, SERVICE_DEFAULT));
            resolved.put("seed", resolver.value("seed", request.seed(), 0L, SERVICE_DEFAULT));
        }
        resolved.put("explain", resolver.explain(request.explain()));
        return new Resolved(resolved, List.copyOf(resolver.defaults));
    }

    private static Map<String, Object> clipping(ClippingSpec spec) {
        if (spec == null) {
            return null;
        }
        Map<String, Object> clipping = new LinkedHashMap<>();
        clipping.put(spec.maxNorm() != null ? "maxNorm" : "maxValue",
                spec.maxNorm() != null ? spec.maxNorm() : spec.maxValue());
        return clipping;
    }

    /** Fills in defaults and notes each. */
    private final class Resolver {

        final List<Receipt.Default> defaults = new ArrayList<>();

        /** {@code given}, or {@code fallback} noted as a default of {@code field} from {@code source}. */
        <T> T value(String field, T given, T fallback, String source) {
            if (given != null) {
                return given;
            }
            defaulted(field, fallback, source);
            return fallback;
        }

        /** {@code given}, or null (the feature off) noted as a default. */
        <T> T off(String field, T given, String source) {
            return value(field, given, null, source);
        }

        void defaulted(String field, Object value, String source) {
            defaults.add(new Receipt.Default(field, value, source));
        }

        Map<String, Object> objective(ObjectiveSpec spec, RunPlan plan) {
            Map<String, Object> objective = new LinkedHashMap<>();
            if (spec.expression() != null) {
                objective.put("expression", spec.expression());
            } else if (spec.function() != null) {
                objective.put("function", spec.function());
                objective.put("dimension", value("objective.dimension", spec.dimension(),
                        FunctionCatalog.byName(spec.function()).orElseThrow().defaultDimension(), CATALOG_DEFAULT));
            } else {
                objective.put("regression", regression(spec.regression(), plan.dataset()));
            }
            return objective;
        }

        private Map<String, Object> regression(RegressionSpec spec, Dataset data) {
            String at = "objective.regression.";
            Map<String, Object> regression = new LinkedHashMap<>();
            regression.put("model", spec.model());
            regression.put("fitIntercept", value(at + "fitIntercept", spec.fitIntercept(), true, SERVICE_DEFAULT));
            regression.put("l2", value(at + "l2", spec.l2(), 0.0, SERVICE_DEFAULT));
            regression.put("l1", value(at + "l1", spec.l1(), 0.0, SERVICE_DEFAULT));
            regression.put("standardize", value(at + "standardize", spec.standardize(), false, SERVICE_DEFAULT));
            if (spec.data() != null) {
                Map<String, Object> inline = new LinkedHashMap<>();
                inline.put("sha256", dataHash(data));
                inline.put("rows", data.rows());
                inline.put("columns", data.columns());
                inline.put("featureNames", value(at + "data.featureNames", spec.data().featureNames(),
                        data.featureNames(), SERVICE_DEFAULT));
                regression.put("data", inline);
            } else if (spec.csv() != null) {
                Map<String, Object> csv = new LinkedHashMap<>();
                csv.put("sha256", dataHash(data));
                csv.put("rows", data.rows());
                csv.put("columns", data.columns());
                csv.put("target", spec.csv().target());
                regression.put("csv", csv);
            } else {
                RegressionSpec.SyntheticData given = spec.synthetic();
                Map<String, Object> synthetic = new LinkedHashMap<>();
                synthetic.put("samples", given.samples());
                synthetic.put("coefficients", given.coefficients());
                synthetic.put("intercept", value(at + "synthetic.intercept", given.intercept(), 0.0,
                        SERVICE_DEFAULT));
                synthetic.put("noise", value(at + "synthetic.noise", given.noise(), 1.0, SERVICE_DEFAULT));
                synthetic.put("seed", value(at + "synthetic.seed", given.seed(), 0L, SERVICE_DEFAULT));
                regression.put("synthetic", synthetic);
            }
            return regression;
        }

        Map<String, Object> optimizer(OptimizerSpec spec, OptimizerKind.Configured configured) {
            OptimizerKind kind = configured.kind();
            Map<String, Object> optimizer = new LinkedHashMap<>();
            optimizer.put("type", value("optimizer.type", spec == null ? null : spec.typeName(), kind.name(),
                    SERVICE_DEFAULT));
            Map<String, Object> given = spec == null ? Map.of() : spec.hyperparameters();
            configured.values().byName().forEach((name, used) -> optimizer.put(name,
                    value("optimizer." + name, given.containsKey(name) ? used : null, used,
                            kind.torchEquivalent() + " default")));
            return optimizer;
        }

        Map<String, Object> trajectory(TrajectoryOptions options) {
            TrajectoryOptions given = options == null ? new TrajectoryOptions(null, null) : options;
            Map<String, Object> trajectory = new LinkedHashMap<>();
            trajectory.put("include", value("trajectory.include", given.include(), true, SERVICE_DEFAULT));
            trajectory.put("maxPoints", value("trajectory.maxPoints", given.maxPoints(),
                    TrajectoryOptions.DEFAULT_MAX_POINTS, SERVICE_DEFAULT));
            trajectory.put("layout", value("trajectory.layout", given.layout(), TrajectoryLayout.ROWS,
                    SERVICE_DEFAULT));
            return trajectory;
        }

        Map<String, Object> schedule(ScheduleSpec spec) {
            Map<String, Object> schedule = new LinkedHashMap<>();
            if (spec == null) {
                schedule.put("type", value("schedule.type", null, "constant", "service default: the optimizer's "
                        + "learning rate at every step"));
                return schedule;
            }
            ScheduleKind kind = ScheduleKinds.byName(spec.typeName()).orElseThrow();
            schedule.put("type", kind.name());
            Map<String, Object> given = new LinkedHashMap<>(spec.parameters());
            Object warmup = given.remove("warmup");
            Values values = Parameters.resolve(kind.name(), kind.parameters(),
                    ScheduleKinds.withDerivedDefaults(kind, given));
            values.byName().forEach((name, used) -> schedule.put(name, value("schedule." + name,
                    given.containsKey(name) ? used : null, used, kind.torchEquivalent() + " default")));
            if (warmup instanceof Map<?, ?> map) {
                Map<String, Object> givenWarmup = new LinkedHashMap<>();
                map.forEach((name, v) -> givenWarmup.put(String.valueOf(name), v));
                Map<String, Object> resolvedWarmup = new LinkedHashMap<>();
                Parameters.resolve("warmup", ScheduleKinds.WARMUP, givenWarmup).byName().forEach((name, used) ->
                        resolvedWarmup.put(name, value("schedule.warmup." + name,
                                givenWarmup.containsKey(name) ? used : null, used,
                                "torch.optim.lr_scheduler.LinearLR default")));
                schedule.put("warmup", resolvedWarmup);
            }
            return schedule;
        }

        Map<String, Object> lineSearch(LineSearchSpec spec) {
            if (spec == null) {
                return off("lineSearch", null, "service default: no line search (the learning rate)");
            }
            ArmijoLineSearch standard = ArmijoLineSearch.standard();
            String source = "service default (backtracking line search)";
            Map<String, Object> lineSearch = new LinkedHashMap<>();
            lineSearch.put("c1", value("lineSearch.c1", spec.c1(), standard.c1(), source));
            lineSearch.put("shrink", value("lineSearch.shrink", spec.shrink(), standard.shrink(), source));
            lineSearch.put("initialStep", value("lineSearch.initialStep", spec.initialStep(),
                    standard.initialStep(), source));
            return lineSearch;
        }

        Map<String, Object> explain(ExplainSpec spec) {
            if (spec == null) {
                return off("explain", null, "service default: no explanation");
            }
            Map<String, Object> explain = new LinkedHashMap<>();
            explain.put("steps", spec.steps());
            explain.put("from", value("explain.from", spec.from(), 1, SERVICE_DEFAULT));
            return explain;
        }
    }

    /**
     * The SHA-256 of a data set given inline or as CSV: the canonical JSON {@code {"features": [[...]], "targets":
     * [...]}} of its rows as read (a CSV's columns but the target, in order), streamed from the data set's arrays;
     * the same data gives the same hash either way.
     */
    private String dataHash(Dataset data) {
        return canonical.sha256(gen -> {
            gen.writeStartObject();
            gen.writeName("features");
            gen.writeStartArray();
            for (int i = 0; i < data.rows(); i++) {
                gen.writeStartArray();
                for (int j = 0; j < data.columns(); j++) {
                    gen.writeNumber(data.feature(i, j));
                }
                gen.writeEndArray();
            }
            gen.writeEndArray();
            gen.writeName("targets");
            gen.writeStartArray();
            for (int i = 0; i < data.rows(); i++) {
                gen.writeNumber(data.target(i));
            }
            gen.writeEndArray();
            gen.writeEndObject();
        });
    }
}
