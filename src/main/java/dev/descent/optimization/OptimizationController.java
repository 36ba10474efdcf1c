package dev.descent.optimization;

import dev.descent.system.Echo;
import dev.descent.system.FieldProblem;
import dev.descent.system.InvalidRequestException;
import dev.descent.system.ProblemBody;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import dev.descent.system.SynchronousRunResponses;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartRequest;
import org.springframework.web.util.WebUtils;

/** The synchronous API: POST a descent, get its trajectory and minimum. */
@RestController
@RequestMapping("/api/v1/optimizations")
@Tag(name = "Optimizations", description = "Run one descent synchronously: a JSON request, or a CSV data set to "
        + "fit.")
class OptimizationController {

    /** Where CSV data sets go. */
    static final String CSV_PATH = "/api/v1/optimizations/csv";
    private static final String FILE = "file";

    private final OptimizationMapper mapper;
    private final RunExecutor executor;
    private final WorkBudget budget;
    private final CsvSettings settings;

    OptimizationController(OptimizationMapper mapper, RunExecutor executor, WorkBudget budget,
                           CsvSettings settings) {
        this.mapper = mapper;
        this.executor = executor;
        this.budget = budget;
        this.settings = settings;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = {MediaType.APPLICATION_JSON_VALUE,
        TrajectoryTableConverter.TEXT_CSV, TrajectoryTableConverter.NDJSON})
    @Operation(summary = "Run a descent", operationId = "optimize",
            description = "Minimizes the objective from the start with the optimizer until a stopping rule fires, "
                    + "and answers the verdict, the minimum reached and the trajectory. Swagger UI offers ready "
                    + "examples, one per optimizer variant among them. A CSV data set goes to "
                    + "POST /api/v1/optimizations/csv. With `Accept: text/csv` or `application/x-ndjson` the answer "
                    + "is the trajectory alone, as a table (`pandas.read_csv`, `pandas.read_json(lines=True)`): "
                    + "columns iteration, the variables, value, gradientNorm, learningRate, and momentum when the "
                    + "schedule cycles it (the header only when "
                    + "`trajectory.include` is false).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = OptimizationRequest.class)))
    @ApiResponse(responseCode = "200", description = "The run ended (converged, hit the cap or diverged).")
    @ApiResponse(responseCode = "406", description = "The Accept header allows none of application/json, text/csv "
            + "and application/x-ndjson.", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "400", description = "Invalid request: the problem lists each invalid field.",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @SynchronousRunResponses
    DeferredResult<OptimizationResponse> optimize(@Valid @RequestBody OptimizationRequest request,
                                                  @Parameter(hidden = true)
                                                  @RequestHeader(value = HttpHeaders.ACCEPT, required = false)
                                                  String accept) {
        RunPlan plan = mapper.toPlan(request);
        budget.checkSync(plan.work());
        budget.checkAnswer(plan.answerNumbers());
        boolean receipt = !tableOnly(accept);
        return AsyncAnswer.of(executor, executor.runAnalyzed(List.of(plan)),
                results -> mapper.toAnswer(plan, results.get(0), receipt));
    }

    /**
     * Whether the client accepts only a table (CSV or NDJSON), not JSON: its answer is the trajectory alone, without
     * the receipt, which then need not be computed. An Accept header that does not parse counts as accepting JSON
     * (content negotiation answers it).
     */
    static boolean tableOnly(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream()
                    .noneMatch(type -> type.isCompatibleWith(MediaType.APPLICATION_JSON));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /**
     * A CSV upload: the data set as a raw {@code text/csv} body or as the part {@code file} of a
     * {@code multipart/form-data} body, the settings as query parameters (or form fields). The request is the JSON
     * request those make ({@link CsvSettings}), run exactly as a JSON request is.
     */
    @PostMapping(path = "/csv", consumes = {CsvOpenApi.TEXT_CSV, MediaType.MULTIPART_FORM_DATA_VALUE},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Fit a regression to a CSV data set", operationId = "optimizeCsv",
            description = CsvOpenApi.DESCRIPTION)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
        @Content(mediaType = CsvOpenApi.TEXT_CSV, schema = @Schema(type = "string",
                description = "The data set: a header row naming the columns, then one sample per line.",
                example = CsvOpenApi.EXAMPLE_CSV)),
        // Its schema, CsvUpload (the part file), is added by CsvOpenApi.
        @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(type = "object"))})
    @ApiResponse(responseCode = "200", description = "The fit ended (converged, hit the cap or diverged).")
    @ApiResponse(responseCode = "400", description = "Invalid data or settings: the problem names each query "
            + "parameter or form field, `body` or `file` for the data.",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "413", description = "The body is larger than descent.optimization.max-csv-bytes "
            + "(type too-large).", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @SynchronousRunResponses
    DeferredResult<OptimizationResponse> optimizeCsv(
            HttpServletRequest http, @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters)
            throws IOException {
        MultipartRequest multipart = WebUtils.getNativeRequest(http, MultipartRequest.class);
        CsvSettings.Upload upload;
        if (multipart == null) {
            upload = settings.read(parameters, read(http.getReader()), "body");
        } else {
            MultiValueMap<String, String> fields = new LinkedMultiValueMap<>(parameters);
            List<String> texts = fields.remove(FILE);
            List<MultipartFile> files = new ArrayList<>(multipart.getMultiFileMap().getOrDefault(FILE, List.of()));
            List<FieldProblem> errors = new ArrayList<>();
            multipart.getMultiFileMap().keySet().stream().filter(name -> !name.equals(FILE)).forEach(name -> errors
                    .add(new FieldProblem(Echo.of(name), "unknown form field; the data set is the part 'file'")));
            int given = files.size() + (texts == null ? 0 : texts.size());
            if (given > 1) {
                errors.add(new FieldProblem(FILE, "is given " + given + " times; give one file"));
            }
            if (!errors.isEmpty()) {
                throw new InvalidRequestException(errors);
            }
            String csv = !files.isEmpty() ? text(files.get(0)) : texts == null ? null : texts.get(0);
            upload = settings.read(fields, csv, FILE);
        }
        return upload.named(() -> optimize(upload.request(), null));
    }

    /** A CSV body on the JSON operation: 415, naming where CSV goes. Not an operation of its own in the document. */
    @PostMapping(consumes = {CsvOpenApi.TEXT_CSV, MediaType.MULTIPART_FORM_DATA_VALUE})
    @Hidden
    void csvOnJsonPath(HttpServletRequest http) {
        throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "The Content-Type '"
                + Echo.of(http.getContentType()) + "' is not supported here; send application/json, or POST a CSV "
                + "data set to " + CSV_PATH + ".")
                .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
    }

    private static String read(Reader reader) throws IOException {
        StringWriter text = new StringWriter();
        reader.transferTo(text);
        return text.toString();
    }

    /** The text of an uploaded file, in the charset its part's Content-Type names, else UTF-8. */
    private static String text(MultipartFile file) throws IOException {
        Charset charset = StandardCharsets.UTF_8;
        String name = null;
        try {
            name = file.getContentType() == null ? null
                    : MediaType.parseMediaType(file.getContentType()).getParameter("charset");
            if (name != null) {
                charset = Charset.forName(name.replace("\"", ""));
            }
        } catch (InvalidMediaTypeException e) {
            // No valid type, no charset: UTF-8.
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "The charset '" + Echo.of(name)
                    + "' of the part 'file' is not supported; send UTF-8.");
        }
        return new String(file.getBytes(), charset);
    }
}
