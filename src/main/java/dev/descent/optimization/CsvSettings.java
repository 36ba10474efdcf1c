package dev.descent.optimization;

import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.optim.OptimizerKinds;
import dev.descent.engine.param.TorchNames;
import dev.descent.engine.text.Spelling;
import dev.descent.engine.schedule.ScheduleKind;
import dev.descent.engine.schedule.ScheduleKinds;
import dev.descent.system.Echo;
import dev.descent.system.FieldProblem;
import dev.descent.system.InvalidRequestException;
import dev.descent.system.ProblemException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.beans.PropertyChangeEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.TypeMismatchException;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The settings of a CSV upload ({@code POST /api/v1/optimizations/csv}): query parameters or form fields, each the
 * name of a field of the JSON request. A request is built as the JSON tree a client would have sent, with the CSV
 * text at {@code objective.regression.csv.text}, and read by the application's JSON mapper and validator: so every
 * default, type check, range and message is the JSON form's, and the same data and settings give the same fit to
 * the last bit. Errors name what the client sent (the query parameter, {@code body} or {@code file}), not the JSON
 * path.
 *
 * <p>The names: every setting by its path in the JSON request, with {@code objective.regression.} shortened to
 * {@code regression.}; the common ones also flat ({@link #SETTINGS}). Hyperparameters pass through as
 * {@code optimizer.<name>}, schedule parameters as {@code schedule.<name>} and {@code schedule.warmup.<name>},
 * start values and box bounds as {@code start.<variable>} and {@code bounds.<variable>} ({@code lower,upper}).
 */
@Component
class CsvSettings {

    /** The optimizer of a JSON request that gives none (see {@link RunSettings}). */
    static final String DEFAULT_OPTIMIZER = "gd";

    /** Where the CSV text goes in the JSON request. */
    static final String CSV_TEXT = "objective.regression.csv.text";

    /** How a value given as text becomes a JSON value. */
    enum Kind {
        /** Always a JSON string: names (the target column, the model, a variant's type). */
        TEXT,
        /**
         * A JSON number, {@code true}/{@code false} or an array as the text reads ({@code 0.1}, {@code 10,20}); else
         * a string.
         */
        VALUE
    }

    /**
     * A named setting.
     *
     * @param name    its primary name, the one the OpenAPI document shows
     * @param alias   another name for it, or null
     * @param path    its path in the JSON request
     */
    record Setting(String name, String alias, String path, Kind kind) {
    }

    /** The named settings; the prefixes of {@link #OPEN} take any name after them. */
    static final List<Setting> SETTINGS = List.of(
            new Setting("target", null, "objective.regression.csv.target", Kind.TEXT),
            new Setting("model", "regression.model", "objective.regression.model", Kind.TEXT),
            new Setting("regression.fitIntercept", "fitIntercept", "objective.regression.fitIntercept", Kind.VALUE),
            new Setting("regression.standardize", "standardize", "objective.regression.standardize", Kind.VALUE),
            new Setting("regression.l1", "l1", "objective.regression.l1", Kind.VALUE),
            new Setting("regression.l2", "l2", "objective.regression.l2", Kind.VALUE),
            new Setting("optimizer", "optimizer.type", "optimizer.type", Kind.TEXT),
            new Setting("learningRate", "optimizer.learningRate", "optimizer.learningRate", Kind.VALUE),
            new Setting("epochs", null, "epochs", Kind.VALUE),
            new Setting("batchSize", null, "batchSize", Kind.VALUE),
            new Setting("shuffle", null, "shuffle", Kind.VALUE),
            new Setting("seed", null, "seed", Kind.VALUE),
            new Setting("maxIterations", null, "maxIterations", Kind.VALUE),
            new Setting("tolerance", null, "tolerance", Kind.VALUE),
            new Setting("gradientTolerance", null, "gradientTolerance", Kind.VALUE),
            new Setting("divergenceBound", null, "divergenceBound", Kind.VALUE),
            new Setting("trajectory.include", null, "trajectory.include", Kind.VALUE),
            new Setting("trajectory.maxPoints", null, "trajectory.maxPoints", Kind.VALUE),
            new Setting("schedule.type", null, "schedule.type", Kind.TEXT),
            new Setting("lineSearch.c1", null, "lineSearch.c1", Kind.VALUE),
            new Setting("lineSearch.shrink", null, "lineSearch.shrink", Kind.VALUE),
            new Setting("lineSearch.initialStep", null, "lineSearch.initialStep", Kind.VALUE),
            new Setting("clipping.maxNorm", null, "clipping.maxNorm", Kind.VALUE),
            new Setting("clipping.maxValue", null, "clipping.maxValue", Kind.VALUE));

    /**
     * The open prefixes: any name after them is passed on to the JSON object there, where the mapper checks it as
     * it checks a JSON request's (an unknown hyperparameter names the known ones). The rest of the name is one key:
     * a CSV column, a start variable, may have a dot in its name.
     */
    static final List<String> OPEN = List.of("schedule.warmup.", "optimizer.", "schedule.", "start.", "bounds.");

    private static final Pattern MAP_KEY = Pattern.compile("\\[([^\\]\\d][^\\]]*)]");
    private static final Pattern CONTAINER = Pattern.compile("\\.<[^>]+>");
    private static final Pattern NUMBER_LIST = Pattern.compile("[-+0-9.eE]+(,[-+0-9.eE]+)+");

    private final JsonMapper json;
    private final Validator validator;

    CsvSettings(JsonMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /**
     * The setting an unknown name most likely means: PyTorch's spelling of one ({@code lr}: learningRate) or the same
     * name in another case, else an optimizer's hyperparameter written without its prefix ({@code betas}:
     * "optimizer.beta1 and optimizer.beta2", {@code momentum}: "optimizer.momentum"), else the one setting a typing
     * slip away ({@code epoch}: epochs).
     */
    static Optional<String> meant(String name) {
        Optional<String> setting = TorchNames.name(name, knownNames());
        if (setting.isPresent()) {
            return setting;
        }
        Set<String> hyperparameters = new TreeSet<>();
        OptimizerKinds.all().forEach(kind -> kind.parameters().forEach(p -> hyperparameters.add(p.name())));
        return TorchNames.name(name, hyperparameters)
                .map(meant -> "optimizer." + meant.replace(" and ", " and optimizer."))
                .or(() -> Spelling.oneSlipFrom(name, knownNames()));
    }

    /** Every name the settings may be given by, for the error on an unknown one. */
    static List<String> knownNames() {
        List<String> names = new ArrayList<>();
        for (Setting setting : SETTINGS) {
            names.add(setting.name());
            if (setting.alias() != null) {
                names.add(setting.alias());
            }
        }
        names.add("optimizer.<hyperparameter>");
        names.add("schedule.<parameter>");
        names.add("schedule.warmup.<parameter>");
        names.add("start.<variable>");
        names.add("bounds.<variable>");
        return names;
    }

    /**
     * The request the settings and the CSV text make, read and validated as a JSON request is.
     *
     * @param parameters the query parameters and form fields, by name
     * @param csv        the CSV text, or null when the client sent none (a multipart request without its file)
     * @param data       what the client called the data: {@code body} or {@code file}
     */
    Upload read(MultiValueMap<String, String> parameters, String csv, String data) {
        Names names = new Names(data);
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        ObjectNode regression = tree.putObject("objective").putObject("regression");
        ObjectNode csvNode = regression.putObject("csv");
        if (csv != null) {
            csvNode.put("text", csv);
        }
        List<FieldProblem> errors = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        parameters.forEach((name, given) -> {
            Setting setting = setting(name);
            if (setting == null) {
                errors.add(new FieldProblem(Echo.of(name), "unknown parameter; " + meant(name)
                        .map(meant -> "did you mean " + meant + "? Known parameters: ")
                        .orElse("known parameters: ") + String.join(", ", knownNames())));
            } else if (given.size() > 1) {
                errors.add(new FieldProblem(Echo.of(name), "is given " + given.size() + " times; give it once"));
            } else if (names.sent.containsKey(setting.path())) {
                errors.add(new FieldProblem(Echo.of(name), "is the same setting as '"
                        + Echo.of(names.sent.get(setting.path())) + "'; give it once"));
            } else {
                names.sent.put(setting.path(), name);
                values.put(name, given.get(0));
                String problem = put(tree, setting.path(), value(given.get(0), setting.kind()));
                if (problem != null) {
                    errors.add(new FieldProblem(Echo.of(name), problem));
                }
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        // learningRate alone tunes the default optimizer, as the flat settings always have; in JSON an optimizer
        // object names its type, and the type absent is the JSON form's default, gd.
        if (tree.get("optimizer") instanceof ObjectNode optimizer && !optimizer.has("type")) {
            optimizer.put("type", DEFAULT_OPTIMIZER);
        }
        OptimizationRequest request;
        try {
            request = json.treeToValue(tree, OptimizationRequest.class);
        } catch (PropertyBindingException unknown) {
            String name = names.of(path(unknown));
            List<String> known = new ArrayList<>();
            unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            known.remove(unknown.getPropertyName());
            throw new InvalidRequestException(name, "unknown parameter; known ones here: "
                    + String.join(", ", known.stream().sorted().toList()));
        } catch (InvalidTypeIdException unknownType) {
            // A variant type that is not one (when optimizer and schedule are typed by a discriminator).
            String path = path(unknownType);
            List<String> known = path.startsWith("schedule")
                    ? ScheduleKinds.all().stream().map(ScheduleKind::name).toList()
                    : OptimizerKinds.all().stream().map(OptimizerKind::name).toList();
            throw new InvalidRequestException(names.of(path), TorchNames.unknown("unknown type '"
                    + Echo.of(unknownType.getTypeId()) + "'", TorchNames.type(unknownType.getTypeId(), known), known));
        } catch (MismatchedInputException mismatch) {
            // As a query parameter of the wrong type is answered everywhere: "must be a number, was 'abc'".
            String name = names.of(path(mismatch));
            throw new TypeMismatchException(new PropertyChangeEvent(this, name, null, values.get(name)),
                    mismatch.getTargetType());
        } catch (JacksonException invalid) {
            throw new InvalidRequestException(names.of(path(invalid)), "is invalid");
        } catch (ProblemException problem) {
            throw names.renamed(problem);
        }
        Set<ConstraintViolation<OptimizationRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            for (ConstraintViolation<OptimizationRequest> violation : violations) {
                errors.add(new FieldProblem(names.of(field(violation)), violation.getMessage()));
            }
            errors.sort(Comparator.comparing(FieldProblem::field));
            throw new InvalidRequestException(errors);
        }
        return new Upload(request, names);
    }

    /** A request read from an upload, and the names its client used. */
    record Upload(OptimizationRequest request, Names names) {

        /** Runs {@code mapping}; a problem it throws names the fields as the client did. */
        <T> T named(Supplier<T> mapping) {
            try {
                return mapping.get();
            } catch (ProblemException e) {
                throw names.renamed(e);
            }
        }
    }

    /** The setting {@code name} gives, or null when there is none. */
    private static Setting setting(String name) {
        for (Setting setting : SETTINGS) {
            if (setting.name().equals(name) || name.equals(setting.alias())) {
                return setting;
            }
        }
        for (String prefix : OPEN) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                String key = name.substring(prefix.length());
                // schedule.warmup.x is the warmup's; schedule.warmup alone would be the object, not a value.
                if (prefix.equals("schedule.") && key.equals("warmup")) {
                    return null;
                }
                return new Setting(name, null, name, Kind.VALUE);
            }
        }
        return null;
    }

    /**
     * The JSON value of {@code text}: for {@link Kind#VALUE}, what it reads as JSON when that is a number,
     * {@code true}, {@code false} or an array, and a list of numbers written with commas; otherwise (and always for
     * {@link Kind#TEXT}) the string. The mapper then checks the type as it does for a JSON request: a string where a
     * number belongs is refused.
     */
    private JsonNode value(String text, Kind kind) {
        if (kind == Kind.VALUE) {
            String candidate = NUMBER_LIST.matcher(text).matches() ? "[" + text + "]" : text;
            try {
                JsonNode node = json.readTree(candidate);
                if (node != null && (node.isNumber() || node.isBoolean() || node.isArray())) {
                    return node;
                }
            } catch (JacksonException notJson) {
                // A string, then.
            }
        }
        return JsonNodeFactory.instance.stringNode(text);
    }

    /**
     * Puts {@code value} at {@code path} of {@code tree}, making the objects on the way; the problem when the path
     * goes through a value (schedule.warmup given as a value and schedule.warmup.steps), else null. The last part
     * of an open name (after its prefix) is one key.
     */
    private static String put(ObjectNode tree, String path, JsonNode value) {
        List<String> parts = parts(path);
        ObjectNode node = tree;
        for (int i = 0; i < parts.size() - 1; i++) {
            JsonNode next = node.get(parts.get(i));
            if (next == null) {
                node = node.putObject(parts.get(i));
            } else if (next instanceof ObjectNode object) {
                node = object;
            } else {
                return "'" + String.join(".", parts.subList(0, i + 1)) + "' is a value, not an object of settings";
            }
        }
        node.set(parts.get(parts.size() - 1), value);
        return null;
    }

    private static List<String> parts(String path) {
        for (String prefix : OPEN) {
            if (path.startsWith(prefix)) {
                List<String> parts = new ArrayList<>(List.of(prefix.substring(0, prefix.length() - 1).split("\\.")));
                parts.add(path.substring(prefix.length()));
                return parts;
            }
        }
        return List.of(path.split("\\."));
    }

    /** The JSON path of a Jackson error: {@code optimizer.beta1}. */
    private static String path(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The field of a violation as the JSON form's errors name it: {@code start.x}, not {@code start[x].<...>}. */
    private static String field(ConstraintViolation<?> violation) {
        String path = CONTAINER.matcher(violation.getPropertyPath().toString()).replaceAll("");
        Matcher key = MAP_KEY.matcher(path);
        StringBuilder dotted = new StringBuilder();
        while (key.find()) {
            key.appendReplacement(dotted, Matcher.quoteReplacement("." + key.group(1)));
        }
        return key.appendTail(dotted).toString();
    }

    /** The names a client used for the JSON paths of its request. */
    static final class Names {

        private final String data;
        /** The name the client sent each setting by, by JSON path. */
        private final Map<String, String> sent = new LinkedHashMap<>();

        Names(String data) {
            this.data = data;
        }

        /**
         * The name of the JSON field {@code path} as the client knows it: the parameter it sent, the data
         * ({@code body} or {@code file}) for the CSV text and the data set as a whole, else the primary name.
         */
        String of(String path) {
            if (sent.containsKey(path)) {
                return Echo.of(sent.get(path));
            }
            // A variant's type is reported at its object.
            if ((path.equals("optimizer") || path.equals("schedule")) && sent.containsKey(path + ".type")) {
                return Echo.of(sent.get(path + ".type"));
            }
            if (path.equals(CSV_TEXT) || path.equals("objective.regression.csv") || path.equals("objective.regression")
                    || path.equals("objective")) {
                return data;
            }
            for (Setting setting : SETTINGS) {
                if (setting.path().equals(path)) {
                    return setting.name();
                }
            }
            if (path.startsWith("objective.regression.")) {
                return "regression." + path.substring("objective.regression.".length());
            }
            return path;
        }

        /** {@code problem} with its fields named as the client named them. */
        ProblemException renamed(ProblemException problem) {
            if (problem.errors().isEmpty()) {
                return problem;
            }
            List<FieldProblem> errors = problem.errors().stream()
                    .map(error -> new FieldProblem(of(error.field()), error.message()))
                    .toList();
            ProblemException renamed = problem instanceof InvalidRequestException ? new InvalidRequestException(errors)
                    : new ProblemException(problem.type(), problem.getMessage(), errors);
            problem.properties().forEach(renamed::with);
            problem.headers().forEach((name, values) -> values.forEach(value -> renamed.header(name, value)));
            return renamed;
        }
    }
}
