package dev.descent.system;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import dev.descent.system.HttpRequestsTests.HttpRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcPrint;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP fuzz: mutated bodies made from every JSON body (and the CSV bodies) in {@code http-requests/}, each sent to
 * its request's method and path, with small work limits so that the whole run takes seconds. Whatever comes in:
 * <ul>
 *   <li>no 5xx, but 503 {@code busy} or {@code shutting-down};
 *   <li>every 4xx is an {@code application/problem+json} with {@code type}, {@code title}, {@code status} (the HTTP
 *       status), {@code detail} and {@code instance};
 *   <li>no answer names a class or a library, or carries a stack trace.
 * </ul>
 * Each batch of {@link #CASES_PER_BATCH} cases has its own seed; its cases are made first, then sent by
 * {@link #CLIENTS} clients at once. A failure is shrunk to a minimal reproducer (headers, query parameters, fields and
 * characters taken away while the same failure remains), printed with its seed and the exception the service
 * logged, once per distinct cause; the batch then fails listing them, and the run ends with a list of them all.
 * Timing may change an answer (busy, a job still running) but not the cases: a seed makes the same requests.
 */
@SpringBootTest(properties = {
        // Small limits: a valid request runs a few thousand iterations at most, so ten thousand cases take seconds.
        "descent.optimization.max-sync-work=200000",
        "descent.optimization.max-iterations=20000",
        "descent.optimization.max-trajectory-points=2000",
        "descent.optimization.max-data-cells=100000",
        "descent.comparisons.max-runs=20",
        "descent.jobs.max-work=200000",
        "descent.jobs.max-queued=4",
        "descent.jobs.retention=1m"})
// Not printed: MockMvc would keep every exchange of the run in memory to print them if a test fails.
@AutoConfigureMockMvc(print = MockMvcPrint.NONE)
@DisplayName("HTTP fuzz")
class HttpFuzzTests {

    /** The first batch's seed; batch {@code i} uses {@code SEED + i}. */
    private static final long SEED = 90_009L;
    private static final int BATCHES = 10;
    private static final int CASES_PER_BATCH = 1_000;
    /** Requests sent at once. */
    private static final int CLIENTS = 2;
    /** Requests a shrinking may send, per distinct failure. */
    private static final int SHRINK_BUDGET = 400;
    /** How long an asynchronously answered request may take. */
    private static final long ASYNC_TIMEOUT_MILLIS = 20_000;

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{(\\w+)}}");
    private static final List<String> FORBIDDEN = List.of("java.", "dev.descent", "tools.jackson", "com.fasterxml",
            "org.springframework", "Exception");
    private static final Pattern STACK_TRACE = Pattern.compile("(?m)^\\s*at [\\w$.]+\\(|Caused by:|\\.java:\\d+\\)");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every request of http-requests/ that the fuzz starts from. */
    private static final List<Template> TEMPLATES = templates();
    /** Distinct failures found so far, by cause, with their shrunk reproducer; shrunk once, reported by each batch. */
    private static final Map<String, Failure> FAILURES = new LinkedHashMap<>();
    private static final ErrorLog LOG = new ErrorLog();
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** A job that exists and has finished, for the paths with a job id. */
    private static String jobId;

    @Autowired
    MockMvc mvc;

    /** A request to fuzz, and what kind of body it has. */
    private record Template(HttpRequest request, Kind kind) {
    }

    private enum Kind { JSON, CSV, NO_BODY }

    /** One request as sent; {@code tree} is its body as a JSON tree, if it still is one. */
    private record Case(long seed, int index, Template template, HttpMethod method, String path,
                        Map<String, String> headers, byte[] body, Json tree) {

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Case with(byte[] newBody, Json newTree) {
            return new Case(seed, index, template, method, path, headers, newBody, newTree);
        }

        Case with(String newPath, Map<String, String> newHeaders) {
            return new Case(seed, index, template, method, newPath, newHeaders, body, tree);
        }
    }

    /** What a case got, and what is wrong with it (nothing: {@code cause} is null). */
    private record Outcome(int status, String contentType, String body, String cause, String logged) {
    }

    /** A distinct failure: its first case, that case shrunk and its answer, how often and where it was seen. */
    private record Failure(String cause, Case original, Case minimal, Outcome outcome, int[] count,
                           SortedSet<String> endpoints) {
    }

    static List<Template> templates() {
        try {
            List<Template> templates = new ArrayList<>();
            for (HttpRequest request : HttpRequestsTests.readAll()) {
                String type = request.headers().stream().filter(h -> h[0].equalsIgnoreCase("Content-Type"))
                        .map(h -> h[1]).findFirst().orElse("");
                if (request.body().isBlank()) {
                    // Without a body, only what is in the path can vary: ids and query parameters.
                    if (VARIABLE.matcher(request.path()).find() || request.path().contains("?")) {
                        templates.add(new Template(request, Kind.NO_BODY));
                    }
                } else if (type.startsWith("multipart/")) {
                    // A multipart body is no JSON to mutate; its CSV file is the same as a text/csv body's.
                    continue;
                } else if (type.contains("csv")) {
                    templates.add(new Template(request, Kind.CSV));
                } else {
                    templates.add(new Template(request, Kind.JSON));
                }
            }
            return templates;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static LongStream seeds() {
        return LongStream.range(SEED, SEED + BATCHES);
    }

    @BeforeEach
    void prepare() throws Exception {
        // Spring Boot resets the logging system when the context starts: attach after it has.
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(ErrorLog.NAME) == null) {
            LOG.setContext(root.getLoggerContext());
            LOG.setName(ErrorLog.NAME);
            LOG.start();
            root.addAppender(LOG);
        }
        if (jobId == null) {
            jobId = finishedJob();
        }
    }

    @AfterAll
    static void summary() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOG);
        if (!FAILURES.isEmpty()) {
            StringBuilder out = new StringBuilder("[http-fuzz] " + FAILURES.size() + " distinct failures in "
                    + BATCHES * CASES_PER_BATCH + " cases:");
            FAILURES.values().forEach(f -> out.append("\n").append(describe(f)));
            System.out.println(out);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("mutated bodies get no 5xx, complete problems, and no class names or stack traces")
    void mutatedRequests(long seed) throws Exception {
        Random random = new Random(seed);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES_PER_BATCH; i++) {
            cases.add(new Mutator(random).mutate(seed, i, TEMPLATES.get(random.nextInt(TEMPLATES.size()))));
        }
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        List<Outcome> outcomes = new ArrayList<>();
        // Two clients at once: both processors busy, and requests that meet in the service as they do in use.
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS, runnable -> new Thread(runnable,
                "http-fuzz-client-" + THREADS.incrementAndGet()));
        try {
            for (Future<Outcome> outcome : clients.invokeAll(cases.stream()
                    .map(c -> (Callable<Outcome>) () -> send(c)).toList())) {
                outcomes.add(outcome.get());
            }
        } finally {
            clients.shutdownNow();
        }
        long sending = System.nanoTime() - start;
        long cpu = processCpuNanos() - cpuStart;

        Map<String, Failure> seen = new LinkedHashMap<>();
        int[] statuses = new int[6];
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Outcome outcome = outcomes.get(i);
            statuses[Math.min(outcome.status() / 100, 5)]++;
            if (outcome.cause() != null) {
                Failure failure = FAILURES.get(outcome.cause());
                boolean first = failure == null;
                if (first) {
                    Case minimal = shrink(c, outcome.cause());
                    Outcome answer = send(minimal); // the answer and log line of the reproducer, as printed
                    failure = new Failure(outcome.cause(), c, minimal,
                            outcome.cause().equals(answer.cause()) ? answer : outcome, new int[1], new TreeSet<>());
                    FAILURES.put(outcome.cause(), failure);
                }
                failure.count()[0]++;
                failure.endpoints().add(c.method() + " " + pathPattern(c.path()));
                seen.putIfAbsent(outcome.cause(), failure);
                if (first) {
                    System.out.println("[http-fuzz] FAILURE\n" + describe(failure));
                }
            }
        }
        // The processor time too: on a machine shared with other builds, the time taken says little.
        System.out.printf("[http-fuzz] seed %d: %d cases in %d ms, %d ms of processor time; answers 2xx %d, "
                        + "3xx %d, 4xx %d, 5xx %d, none %d; %d distinct failures%n", seed, CASES_PER_BATCH,
                sending / 1_000_000, cpu / 1_000_000, statuses[2], statuses[3], statuses[4], statuses[5],
                statuses[0], seen.size());
        String background = LOG.unclaimed();
        if (!background.isEmpty()) {
            System.out.println("[http-fuzz] logged outside any request:\n" + background);
        }
        if (!seen.isEmpty()) {
            StringBuilder message = new StringBuilder("seed " + seed + ": " + seen.size() + " distinct failures:");
            seen.values().forEach(f -> message.append("\n").append(describe(f)));
            throw new AssertionError(message.toString());
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Sends a case and judges the answer. */
    private Outcome send(Case c) {
        LOG.claim(); // what this thread logged before is not this request's
        MockHttpServletResponse response;
        try {
            MockHttpServletRequestBuilder builder = request(c.method(), URI.create(c.path()));
            c.headers().forEach(builder::header);
            if (c.body().length > 0) {
                builder.content(c.body());
            }
            MvcResult result = mvc.perform(builder).andReturn();
            if (result.getRequest().isAsyncStarted()) {
                if (c.path().endsWith("/events")) {
                    // An event stream of a job that exists: open, answered 200; nothing more to judge here.
                    response = result.getResponse();
                    return judge(c, response.getStatus(), "text/event-stream", "");
                }
                // A synchronous endpoint answering asynchronously (DeferredResult): wait, then dispatch.
                try {
                    result.getAsyncResult(ASYNC_TIMEOUT_MILLIS);
                } catch (IllegalStateException e) {
                    return new Outcome(0, null, "", "no answer within " + ASYNC_TIMEOUT_MILLIS + " ms on "
                            + c.method() + " " + pathPattern(c.path()), "");
                }
                result = mvc.perform(asyncDispatch(result)).andReturn();
            }
            response = result.getResponse();
        } catch (Exception | StackOverflowError e) {
            return new Outcome(0, null, "", "escaped MockMvc: " + root(e).getClass().getName(), logged(e));
        }
        String type = response.getContentType();
        String body = textual(type) ? contentAsString(response) : "";
        return judge(c, response.getStatus(), type, body);
    }

    private Outcome judge(Case c, int status, String contentType, String body) {
        List<ILoggingEvent> events = LOG.claim();
        String logged = ErrorLog.describe(events, true);
        String where = c.method() + " " + pathPattern(c.path());
        String cause = null;
        if (status >= 500 && !(status == 503 && List.of("busy", "shutting-down").contains(problemType(body)))) {
            // By the exception logged and where it was thrown: one cause may show on several endpoints.
            String exception = ErrorLog.describe(events, false).lines().findFirst().orElse("");
            cause = status + (exception.isEmpty() ? " on " + where : " logging " + exception);
        } else if (status >= 400) {
            String missing = incompleteProblem(status, contentType, body);
            if (missing != null) {
                cause = status + ": " + missing;
            }
        }
        if (cause == null) {
            for (String name : FORBIDDEN) {
                if (body.contains(name)) {
                    cause = status + " " + problemType(body) + ": answer contains '" + name + "'";
                    break;
                }
            }
        }
        if (cause == null && STACK_TRACE.matcher(body).find()) {
            cause = status + " on " + where + ": answer contains a stack trace";
        }
        return new Outcome(status, contentType, body, cause, logged);
    }

    /** What a 4xx answer lacks to be a complete problem, or null. */
    private static String incompleteProblem(int status, String contentType, String body) {
        if (contentType == null || !MediaType.parseMediaType(contentType)
                .isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)) {
            return "content type " + contentType + ", not application/problem+json";
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(body);
        } catch (RuntimeException e) {
            return "a problem body that is not JSON";
        }
        for (String member : List.of("type", "title", "detail", "instance")) {
            if (!problem.path(member).isString() || problem.path(member).asString().isEmpty()) {
                return "problem without '" + member + "'";
            }
        }
        if (!problem.path("status").isInt() || problem.path("status").asInt() != status) {
            return "problem status " + problem.path("status") + ", not " + status;
        }
        return null;
    }

    private static String problemType(String body) {
        Matcher type = Pattern.compile("problems/([\\w-]+)").matcher(body);
        return type.find() ? type.group(1) : "no problem type";
    }

    private static boolean textual(String contentType) {
        return contentType == null || !contentType.startsWith("image/png");
    }

    private static String contentAsString(MockHttpServletResponse response) {
        try {
            return response.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The path without its query and with ids as {id}, so that failures group by endpoint. */
    private static String pathPattern(String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return bare.replaceAll("/api/v1/jobs/[^/]+", "/api/v1/jobs/{id}");
    }

    // ---- shrinking and reporting -------------------------------------------------------------------------------

    /**
     * A smaller case with the same failure: while the body is still the JSON tree the mutator made, fields, elements
     * and long strings are taken away; else characters are, in ever smaller chunks (delta debugging's ddmin).
     */
    private Case shrink(Case failing, String cause) {
        int[] budget = {SHRINK_BUDGET};
        Predicate<Case> fails = candidate -> budget[0]-- > 0 && cause.equals(send(candidate).cause());
        Case best = shrinkRequestLine(failing, fails);
        if (best.tree() != null) {
            boolean smaller = true;
            while (smaller && budget[0] > 0) {
                smaller = false;
                for (Json candidate : best.tree().smaller()) {
                    Case next = best.with(candidate.write().getBytes(StandardCharsets.UTF_8), candidate);
                    if (fails.test(next)) {
                        best = next;
                        smaller = true;
                        break;
                    }
                }
            }
        }
        byte[] body = best.body();
        for (int chunk = Math.max(1, body.length / 2); chunk >= 1 && budget[0] > 0; chunk /= 2) {
            for (int from = 0; from < body.length && budget[0] > 0; ) {
                byte[] candidate = new byte[body.length - Math.min(chunk, body.length - from)];
                System.arraycopy(body, 0, candidate, 0, from);
                System.arraycopy(body, Math.min(body.length, from + chunk), candidate, from,
                        body.length - Math.min(body.length, from + chunk));
                Case next = best.with(candidate, null);
                if (fails.test(next)) {
                    best = next;
                    body = candidate;
                } else {
                    from += chunk;
                }
            }
        }
        return best;
    }

    /** Without each header and query parameter the failure does not need, and with long parameters shortened. */
    private static Case shrinkRequestLine(Case failing, Predicate<Case> fails) {
        Case best = failing;
        for (String name : List.copyOf(best.headers().keySet())) {
            Map<String, String> fewer = new LinkedHashMap<>(best.headers());
            fewer.remove(name);
            Case next = best.with(best.path(), fewer);
            if (fails.test(next)) {
                best = next;
            }
        }
        int question = best.path().indexOf('?');
        if (question < 0) {
            return best;
        }
        List<String> parameters = new ArrayList<>(List.of(best.path().substring(question + 1).split("&")));
        String bare = best.path().substring(0, question);
        for (int i = parameters.size() - 1; i >= 0; i--) {
            List<String> fewer = new ArrayList<>(parameters);
            fewer.remove(i);
            Case next = best.with(bare + (fewer.isEmpty() ? "" : "?" + String.join("&", fewer)), best.headers());
            if (fails.test(next)) {
                best = next;
                parameters = fewer;
            }
        }
        for (int i = 0; i < parameters.size(); i++) {
            while (parameters.get(i).length() > parameters.get(i).indexOf('=') + 8) {
                List<String> shorter = new ArrayList<>(parameters);
                String parameter = parameters.get(i);
                shorter.set(i, parameter.substring(0, (parameter.length() + parameter.indexOf('=') + 1) / 2));
                Case next = best.with(bare + "?" + String.join("&", shorter), best.headers());
                if (!fails.test(next)) {
                    break;
                }
                best = next;
                parameters = shorter;
            }
        }
        return best;
    }

    private static String describe(Failure f) {
        Case c = f.minimal();
        StringBuilder out = new StringBuilder();
        out.append("  cause: ").append(f.cause()).append("\n  first found: seed ").append(f.original().seed())
                .append(", case ").append(f.original().index()).append(", from ")
                .append(f.original().template().request().file()).append(" \"")
                .append(f.original().template().request().name()).append("\"; ").append(f.count()[0])
                .append(" times so far, on ").append(f.endpoints())
                .append("\n  minimal reproducer: ").append(c.method()).append(' ').append(c.path());
        c.headers().forEach((name, value) -> out.append("\n    ").append(name).append(": ").append(value));
        out.append("\n    body (").append(c.body().length).append(" bytes): ").append(literal(c.bodyText(), 600))
                .append("\n  answer: ").append(literal(f.outcome().body(), 400));
        if (!f.outcome().logged().isEmpty()) {
            out.append("\n  logged: ").append(f.outcome().logged().replace("\n", "\n          "));
        }
        return out.toString();
    }

    private static String literal(String text, int limit) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < Math.min(text.length(), limit); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append('"');
        if (text.length() > limit) {
            out.append("... (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String logged(Throwable e) {
        Throwable root = root(e);
        StringBuilder out = new StringBuilder(root.toString());
        for (StackTraceElement frame : root.getStackTrace()) {
            if (frame.getClassName().startsWith("dev.descent")) {
                out.append(" at ").append(frame);
                break;
            }
        }
        return out.toString();
    }

    /** Creates a small job and waits until it has finished: its id stands for an existing job in paths. */
    private String finishedJob() throws Exception {
        String body = """
                {"optimization": {"objective": {"expression": "x^2"}, "start": {"x": 3},
                 "optimizer": {"type": "gd", "learningRate": 0.1}, "maxIterations": 50}}""";
        MockHttpServletResponse created = mvc.perform(request(HttpMethod.POST, URI.create("/api/v1/jobs"))
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse();
        String id = JSON.readTree(created.getContentAsString()).path("id").asString();
        for (int i = 0; i < 500; i++) {
            String state = JSON.readTree(mvc.perform(request(HttpMethod.GET, URI.create("/api/v1/jobs/" + id)))
                    .andReturn().getResponse().getContentAsString()).path("state").asString();
            if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                return id;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("job " + id + " did not finish");
    }

    /**
     * The ERROR events logged: those of a request (the exceptions behind a 500) are told apart by the thread that
     * handled it, the client's own; those of other threads (background jobs) are reported apart.
     */
    private static final class ErrorLog extends AppenderBase<ILoggingEvent> {

        static final String NAME = "http-fuzz";
        private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                events.add(event);
            }
        }

        /** Takes the events the current thread logged. */
        List<ILoggingEvent> claim() {
            String thread = Thread.currentThread().getName();
            List<ILoggingEvent> mine = new ArrayList<>();
            events.removeIf(event -> thread.equals(event.getThreadName()) && mine.add(event));
            return mine;
        }

        /** Takes and describes the events logged by threads that were not clients. */
        String unclaimed() {
            List<ILoggingEvent> others = new ArrayList<>();
            events.removeIf(event -> !event.getThreadName().startsWith("http-fuzz-client-")
                    && !event.getThreadName().equals("main") && others.add(event));
            return describe(others, true);
        }

        /** Each event's innermost exception (with its message if asked) and the first frame of ours in it. */
        static String describe(List<ILoggingEvent> events, boolean messages) {
            StringBuilder out = new StringBuilder();
            for (ILoggingEvent event : events) {
                IThrowableProxy thrown = event.getThrowableProxy();
                if (thrown == null) {
                    out.append(event.getFormattedMessage()).append('\n');
                    continue;
                }
                while (thrown.getCause() != null) {
                    thrown = thrown.getCause();
                }
                out.append(thrown.getClassName());
                if (messages) {
                    out.append(": ").append(thrown.getMessage());
                }
                for (StackTraceElementProxy frame : thrown.getStackTraceElementProxyArray()) {
                    if (frame.getStackTraceElement().getClassName().startsWith("dev.descent")) {
                        out.append(" at ").append(frame.getStackTraceElement());
                        break;
                    }
                }
                out.append('\n');
            }
            return out.toString().strip();
        }
    }

    // ---- the mutator -------------------------------------------------------------------------------------------

    /** Makes one case from a template: a mutated body, and sometimes other ids, query parameters or headers. */
    private static final class Mutator {

        private static final String[] NUMBERS = {"0", "-0", "-0.0", "1", "-1", "0.5", "2", "3", "100", "1e-320",
            "4.9e-324", "1e308", "-1e308", "1.7976931348623157e308", "1e999", "-1e999", "1e-999", "2147483647",
            "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
            "123456789012345678901234567890", "0.1e1", "1E2", "3.0", "1000000", "1e6", "5e-324", "0.000001"};
        private static final String[] STRINGS = {"", " ", "x", "y", "x^2", "sphere", "rosenbrock", "gd", "adam",
            "linear", "logistic", "path", "convergence", "svg", "png", "NaN", "Infinity", "-Infinity", "1", "1e999",
            "null", "true", "é", "\u0000", "\ud800", "\u202e", "x\ny", "<svg onload=alert(1)>", "${x}", "%s",
            "../../etc/passwd", "x".repeat(101)};
        private static final String[] KEYS = {"", "x", "y", "z", "x1", "x2", "x3", "theta", "sin", "pi", "e", "x y",
            "1x", "x-1", "X", "é", "__proto__", "constructor", "type", "objective", "start", "learningRate",
            "\u0000", "k".repeat(300)};
        private static final String[] FORMULA_TAILS = {"+", "*", "^", "^^", "-", "/", "(", ")", "((", "))", "+x",
            "*y", "^1e999", "/0", "+foo(x)", "+Sin(x)", "+sin(x,y)", "+sqrt()", ",", "$", ".", "..", "1e", "x(",
            "+log(-1)", "+z9", "+" + "(".repeat(250) + "x" + ")".repeat(250), "^x^x^x^x^x^x"};
        private static final String[] CSV_PIECES = {"\"", "\"\"", ",", "\n", "\r\n", "\r", ",,", "x", "1e999",
            "NaN", "", "a,b,c", "\"x\ny\"", "1,2,3,4,5", "\u0000", ";", "\t", "-", "1e-320"};
        private static final String[] CONTENT_TYPES = {"application/json;charset=UTF-8",
            "application/json;charset=ISO-8859-1", "application/json;charset=nonsense", "text/plain",
            "application/xml", "text/csv", "application/x-www-form-urlencoded", "*/*", "application/json;x=y"};
        private static final String[] ACCEPTS = {"image/png", "image/svg+xml", "text/html", "application/xml",
            "*/*", "application/problem+json", "text/event-stream", "x/y", "garbage", "application/json;q=0"};
        private static final HttpMethod[] METHODS = {HttpMethod.GET, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE, HttpMethod.POST, HttpMethod.OPTIONS, HttpMethod.HEAD, HttpMethod.TRACE};
        private static final String[] QUERY_VALUES = {"", "-1", "0", "1", "200", "abc", "1e999", "NaN", "2.5",
            "99999999999", "path", "convergence", "svg", "png", "gif", "x", "y", "linear", "logistic", "adam",
            "true", "é", "v".repeat(300)};
        private static final Pattern COUNTS = Pattern.compile(
                "(?i)iterations|epochs|points|samples|steps|count|dimension|batch|seed|width|height|tmax|size");
        private static final String[] COUNT_VALUES = {"0", "1", "2", "3", "-1", "1000000000", "2147483648", "1.5",
            "100", "1e3"};
        private static final String[] REAL_VALUES = {"0", "-0", "1", "-1", "1e-9", "1e-320", "1e308", "-1e308",
            "1.7e308", "1000001", "-1000001", "1e15", "0.999999999", "1e-300", "3.0"};
        private static final String SYNTAX = "{}[],:\"\\ \n/*'";
        private static final String[] IDS = {"00000000-0000-0000-0000-000000000000", "x", "0", "-1", "null",
            "%20", "é", "00000000-0000-0000-0000-00000000000g", "a".repeat(500), "1e999", "{id}", "%2F"};

        private final Random random;

        Mutator(Random random) {
            this.random = random;
        }

        Case mutate(long seed, int index, Template template) {
            HttpRequest request = template.request();
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach(h -> headers.put(h[0], h[1]));
            String path = path(request.path());
            byte[] body = new byte[0];
            Json tree = null;
            switch (template.kind()) {
                case JSON -> {
                    Json json = Json.parse(substituted(request.body()));
                    for (int n = 1 + random.nextInt(3); n > 0; n--) {
                        mutateTree(json);
                    }
                    String text = json.write();
                    if (random.nextInt(5) == 0) {
                        text = mutateText(text);
                    } else {
                        tree = json; // still the tree: shrinking can take fields away
                    }
                    body = bytes(text);
                }
                case CSV -> body = bytes(mutateCsv(request.body() + "\n"));
                case NO_BODY -> {
                    if (random.nextInt(10) == 0) {
                        body = bytes(STRINGS[random.nextInt(STRINGS.length)]);
                    }
                }
            }
            if (path.startsWith("/api/v1/plots") && !path.startsWith("/api/v1/plots/grid")) {
                // The smallest picture: drawing is not counted in the work budget, and a 1000 x 750 PNG takes
                // a tenth of a second, more than a thousand rejected requests together.
                path = smallPicture(path);
            }
            if (path.contains("?") && random.nextInt(template.kind() == Kind.JSON ? 8 : 2) == 0) {
                path = mutateQuery(path);
            }
            if (random.nextInt(40) == 0) {
                headers.put("Content-Type", CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]);
                tree = null;
            }
            if (random.nextInt(40) == 0) {
                headers.put("Accept", ACCEPTS[random.nextInt(ACCEPTS.length)]);
            }
            HttpMethod method = request.method();
            if (random.nextInt(50) == 0) {
                method = METHODS[random.nextInt(METHODS.length)];
            }
            if (random.nextInt(200) == 0) {
                body = invalidUtf8(body);
                tree = null;
            }
            return new Case(seed, index, template, method, path, headers, body, tree);
        }

        /** The path with each {{variable}} an existing job's id, or another id, or garbage. */
        private String path(String template) {
            Matcher matcher = VARIABLE.matcher(template);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String id = switch (random.nextInt(4)) {
                    case 0, 1 -> template.endsWith("/events") ? new UUID(random.nextLong(), random.nextLong())
                            .toString() : jobId; // an existing job's event stream would stay open
                    case 2 -> new UUID(random.nextLong(), random.nextLong()).toString();
                    default -> IDS[random.nextInt(IDS.length)];
                };
                matcher.appendReplacement(out, Matcher.quoteReplacement(
                        UriUtils.encodePathSegment(id, StandardCharsets.UTF_8)));
            }
            return matcher.appendTail(out).toString();
        }

        /** JSON bodies may name earlier answers too ({{jobId}}); none does today, but a valid id is at hand. */
        private static String substituted(String body) {
            return VARIABLE.matcher(body).replaceAll(Matcher.quoteReplacement(jobId));
        }

        private static String smallPicture(String path) {
            String bare = path.replaceAll("[?&](width|height)=\\d+", "");
            if (!bare.contains("?") && bare.contains("&")) {
                bare = bare.replaceFirst("&", "?");
            }
            return bare + (bare.contains("?") ? "&" : "?") + "width=200&height=200";
        }

        private String mutateQuery(String path) {
            int question = path.indexOf('?');
            List<String[]> parameters = new ArrayList<>();
            for (String pair : path.substring(question + 1).split("&")) {
                String[] nameValue = pair.split("=", 2);
                parameters.add(new String[] {nameValue[0], nameValue.length > 1 ? nameValue[1] : ""});
            }
            int at = random.nextInt(parameters.size());
            switch (random.nextInt(4)) {
                case 0 -> parameters.remove(at);
                case 1 -> parameters.add(new String[] {KEYS[random.nextInt(KEYS.length)],
                        QUERY_VALUES[random.nextInt(QUERY_VALUES.length)]});
                case 2 -> parameters.add(new String[] {parameters.get(at)[0],
                        QUERY_VALUES[random.nextInt(QUERY_VALUES.length)]});
                default -> parameters.get(at)[1] = QUERY_VALUES[random.nextInt(QUERY_VALUES.length)];
            }
            StringBuilder out = new StringBuilder(path.substring(0, question));
            for (int i = 0; i < parameters.size(); i++) {
                out.append(i == 0 ? '?' : '&').append(URLEncoder.encode(parameters.get(i)[0], StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(parameters.get(i)[1], StandardCharsets.UTF_8));
            }
            return out.toString();
        }

        // -- the JSON tree

        private void mutateTree(Json root) {
            List<Json.Slot> slots = root.slots();
            List<Json.Obj> objects = root.objects();
            Json.Slot slot = slots.isEmpty() ? null : slots.get(random.nextInt(slots.size()));
            Json.Obj object = objects.get(random.nextInt(objects.size()));
            switch (random.nextInt(18)) {
                case 0, 1 -> {
                    if (slot != null) {
                        slot.set(value(0));
                    }
                }
                case 2 -> {
                    if (!object.fields.isEmpty()) {
                        object.fields.remove(random.nextInt(object.fields.size()));
                    }
                }
                case 3 -> object.fields.add(random.nextInt(object.fields.size() + 1),
                        new Json.Field(key(), value(0)));
                case 4 -> {
                    // A duplicate key, before or after the original.
                    if (!object.fields.isEmpty()) {
                        Json.Field original = object.fields.get(random.nextInt(object.fields.size()));
                        Object copy = random.nextBoolean() ? Json.copy(original.value) : value(0);
                        object.fields.add(random.nextInt(object.fields.size() + 1),
                                new Json.Field(original.name, copy));
                    }
                }
                case 5, 6 -> mutateString(root);
                case 7 -> {
                    // A field moved to another object.
                    Json.Obj from = objects.get(random.nextInt(objects.size()));
                    if (!from.fields.isEmpty()) {
                        Json.Field field = from.fields.remove(random.nextInt(from.fields.size()));
                        object.fields.add(random.nextInt(object.fields.size() + 1), field);
                    }
                }
                case 8 -> {
                    List<Json.Arr> arrays = root.arrays();
                    if (!arrays.isEmpty()) {
                        arrays.get(random.nextInt(arrays.size())).items.clear();
                    } else {
                        object.fields.clear();
                    }
                }
                case 9 -> {
                    // A huge array, bounded: copies of its elements, or numbers.
                    List<Json.Arr> arrays = root.arrays();
                    if (!arrays.isEmpty()) {
                        Json.Arr array = arrays.get(random.nextInt(arrays.size()));
                        int size = 1 + random.nextInt(random.nextBoolean() ? 200 : 5_000);
                        List<Object> items = new ArrayList<>();
                        // Copies only of small elements, so that a body stays within a megabyte or so.
                        List<Object> small = array.items.stream().filter(item -> Json.size(item) < 50).toList();
                        for (int i = 0; i < size; i++) {
                            items.add(small.isEmpty() || random.nextInt(4) == 0
                                    ? new Json.Raw(Integer.toString(random.nextInt(100)))
                                    : Json.copy(small.get(i % small.size())));
                        }
                        array.items.clear();
                        array.items.addAll(items);
                    }
                }
                case 10 -> {
                    // Map keys that are not variables: in start, bounds, ranges, or any object.
                    Json.Obj map = objects.stream().filter(o -> o.parentName != null
                            && List.of("start", "bounds", "ranges").contains(o.parentName)).findFirst().orElse(object);
                    int keys = random.nextInt(8) == 0 ? 1 + random.nextInt(500) : 1;
                    for (int i = 0; i < keys; i++) {
                        String name = keys > 1 ? "v" + i : KEYS[random.nextInt(KEYS.length)];
                        Object value = map.fields.isEmpty() || random.nextBoolean()
                                || Json.size(map.fields.get(0).value) > 50 ? new Json.Raw(Integer.toString(i))
                                : Json.copy(map.fields.get(0).value);
                        map.fields.add(new Json.Field(name, value));
                    }
                }
                case 11 -> {
                    // An edge number in place of a number.
                    List<Json.Slot> numbers = slots.stream().filter(s -> s.get() instanceof Json.Raw raw
                            && !raw.text.isEmpty() && "-0123456789".indexOf(raw.text.charAt(0)) >= 0).toList();
                    if (!numbers.isEmpty()) {
                        numbers.get(random.nextInt(numbers.size())).set(new Json.Raw(
                                NUMBERS[random.nextInt(NUMBERS.length)]));
                    }
                }
                case 12 -> {
                    // The same value as another type: a string, an array of it, an object holding it.
                    if (slot != null) {
                        Object value = slot.get();
                        slot.set(switch (random.nextInt(3)) {
                            case 0 -> value instanceof Json.Raw raw ? raw.text : new Json.Raw("1");
                            case 1 -> new Json.Arr(new ArrayList<>(List.of(value)));
                            default -> new Json.Obj(new ArrayList<>(List.of(new Json.Field("value", value))));
                        });
                    }
                }
                case 13 -> {
                    if (slot != null) {
                        slot.set(deep(1 + random.nextInt(random.nextBoolean() ? 50 : 3_000)));
                    }
                }
                case 14 -> {
                    if (slot != null) {
                        slot.set(new Json.Raw("null"));
                    }
                }
                case 15 -> {
                    // An element twice: the same learning rate, start or run (and so the same label) again.
                    List<Json.Arr> arrays = root.arrays().stream().filter(a -> !a.items.isEmpty()).toList();
                    if (!arrays.isEmpty()) {
                        Json.Arr array = arrays.get(random.nextInt(arrays.size()));
                        Object item = array.items.get(random.nextInt(array.items.size()));
                        array.items.add(random.nextInt(array.items.size() + 1), Json.copy(item));
                    }
                }
                default -> scrambleNumbers(slots);
            }
        }

        /**
         * Every number changed with even odds, by what its field means: counts (iterations, points, samples) to
         * the edges of a count, other numbers to far magnitudes (a start at 1e308, a rate of 1e-9, 1000001).
         */
        private void scrambleNumbers(List<Json.Slot> slots) {
            for (Json.Slot slot : slots) {
                if (!(slot.get() instanceof Json.Raw raw) || raw.text.isEmpty()
                        || "-0123456789".indexOf(raw.text.charAt(0)) < 0 || random.nextBoolean()) {
                    continue;
                }
                boolean count = slot.name() != null && COUNTS.matcher(slot.name()).find();
                slot.set(new Json.Raw(count ? COUNT_VALUES[random.nextInt(COUNT_VALUES.length)]
                        : REAL_VALUES[random.nextInt(REAL_VALUES.length)]));
            }
        }

        /** A random value: every JSON type, edge numbers, long strings, small and nested containers. */
        private Object value(int depth) {
            return switch (random.nextInt(depth > 2 ? 8 : 12)) {
                case 0 -> STRINGS[random.nextInt(STRINGS.length)];
                case 1 -> randomString(random.nextInt(random.nextInt(20) == 0 ? 20_000 : 30));
                case 2, 3 -> new Json.Raw(NUMBERS[random.nextInt(NUMBERS.length)]);
                case 4 -> new Json.Raw(Double.toString((random.nextDouble() - 0.5) * Math.pow(10,
                        random.nextInt(20) - 5)));
                case 5 -> new Json.Raw("null");
                case 6 -> new Json.Raw(random.nextBoolean() ? "true" : "false");
                case 7 -> formula(random.nextBoolean() ? "x^2 + y^2" : "x");
                case 8 -> new Json.Arr(new ArrayList<>());
                case 9 -> new Json.Obj(new ArrayList<>());
                case 10 -> {
                    List<Object> items = new ArrayList<>();
                    for (int i = random.nextInt(4); i > 0; i--) {
                        items.add(value(depth + 1));
                    }
                    yield new Json.Arr(items);
                }
                default -> {
                    List<Json.Field> fields = new ArrayList<>();
                    for (int i = random.nextInt(4); i > 0; i--) {
                        fields.add(new Json.Field(key(), value(depth + 1)));
                    }
                    yield new Json.Obj(fields);
                }
            };
        }

        private String key() {
            return random.nextInt(10) == 0 ? randomString(random.nextInt(random.nextBoolean() ? 50 : 5_000))
                    : KEYS[random.nextInt(KEYS.length)];
        }

        private Object deep(int depth) {
            String open = random.nextBoolean() ? "[" : "{\"a\":";
            String close = open.equals("[") ? "]" : "}";
            return new Json.Raw(open.repeat(depth) + (random.nextBoolean() ? "1" : "\"x\"") + close.repeat(depth));
        }

        /** A string leaf changed: formulas get operators, parentheses and unknown functions; CSV text its pieces. */
        private void mutateString(Json root) {
            List<Json.Slot> strings = root.slots().stream().filter(s -> s.get() instanceof String).toList();
            if (strings.isEmpty()) {
                return;
            }
            Json.Slot slot = strings.get(random.nextInt(strings.size()));
            String value = (String) slot.get();
            if ("text".equals(slot.name())) {
                slot.set(mutateCsvText(value));
            } else if (random.nextInt(3) > 0) {
                slot.set(formula(value));
            } else {
                slot.set(mutateCharacters(value, "()+-*/^.,eE0123456789xyz_ \"\\"));
            }
        }

        private String formula(String valid) {
            return switch (random.nextInt(6)) {
                case 0 -> valid + FORMULA_TAILS[random.nextInt(FORMULA_TAILS.length)];
                case 1 -> FORMULA_TAILS[random.nextInt(FORMULA_TAILS.length)] + valid;
                case 2 -> mutateCharacters(valid, "()+-*/^.,eE0123456789xyz_ ");
                case 3 -> {
                    // Around the longest expression the service takes (10,000 characters).
                    StringBuilder out = new StringBuilder(valid.isEmpty() ? "x" : valid);
                    int target = 9_990 + random.nextInt(20);
                    while (out.length() < target) {
                        out.append("+x");
                    }
                    yield out.substring(0, target);
                }
                case 4 -> "(".repeat(random.nextInt(400)) + valid + ")".repeat(random.nextInt(400));
                default -> List.of("foo(x)", "Sin(x)", "x*", "sqrt(x, y)", "x^^2", "(x", "x)", "3x", "exp(1000*x)",
                        "1/x", "log(x)", "x/0", "0/0", "pi(x)", "e^1e999", "-x^2", "abs(x)", "x", "y", "x*y", "1",
                        "x1^2 + x2^2").get(random.nextInt(22));
            };
        }

        private String mutateCharacters(String value, String alphabet) {
            StringBuilder out = new StringBuilder(value);
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                int at = random.nextInt(out.length() + 1);
                switch (random.nextInt(4)) {
                    case 0 -> {
                        if (at < out.length()) {
                            out.deleteCharAt(at);
                        }
                    }
                    case 1 -> out.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 2 -> out.insert(at, (char) random.nextInt(0x10000));
                    default -> out.setLength(at);
                }
            }
            return out.toString();
        }

        private String mutateCsv(String csv) {
            return random.nextInt(10) == 0 ? switch (random.nextInt(4)) {
                case 0 -> "";
                case 1 -> "x,y\n" + "1,2\n".repeat(1 + random.nextInt(5_000));
                case 2 -> ",".repeat(1 + random.nextInt(5_000)) + "\n1\n";
                default -> "\"" + "x".repeat(random.nextInt(20_000));
            } : mutateCsvText(csv);
        }

        private String mutateCsvText(String csv) {
            StringBuilder out = new StringBuilder(csv);
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                int at = random.nextInt(out.length() + 1);
                switch (random.nextInt(4)) {
                    case 0 -> out.insert(at, CSV_PIECES[random.nextInt(CSV_PIECES.length)]);
                    case 1 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(6)));
                    case 2 -> out.setLength(at);
                    default -> {
                        int from = random.nextInt(out.length() + 1);
                        out.insert(at, out.substring(Math.min(from, at), Math.max(from, at)));
                    }
                }
            }
            return out.toString();
        }

        /** Text-level breakage: truncation, stray syntax, trailing garbage, a byte-order mark, deep nesting. */
        private String mutateText(String json) {
            int at = random.nextInt(json.length() + 1);
            return switch (random.nextInt(9)) {
                case 0 -> json.substring(0, at);
                case 1 -> json.substring(0, at) + json.substring(Math.min(json.length(), at + 1 + random.nextInt(5)));
                case 2 -> json.substring(0, at) + SYNTAX.charAt(random.nextInt(SYNTAX.length())) + json.substring(at);
                case 3 -> json.substring(0, at) + (char) random.nextInt(0x10000) + json.substring(at);
                case 4 -> json + List.of("}", "{}", ",", " x", "\u0000", "//c", "]", "\n\n{\"a\":1}").get(
                        random.nextInt(8));
                case 5 -> "\ufeff" + json;
                case 6 -> List.of("", " ", "null", "[]", "\"s\"", "0", "{", "}", "[", "{\"a\":", "nul", "true",
                        "{\"optimization\":{}}", "{\"objective\":null}").get(random.nextInt(14));
                case 7 -> json.substring(0, at) + "[".repeat(1 + random.nextInt(5_000)) + json.substring(at);
                default -> {
                    // A key repeated, written as text: {"a": 1, "a": 2}.
                    int quote = json.indexOf("\":", at);
                    int start = quote < 0 ? -1 : json.lastIndexOf('"', quote - 1);
                    yield start < 0 ? json : json.substring(0, start) + json.substring(start, quote + 2) + "0, "
                            + json.substring(start);
                }
            };
        }

        private String randomString(int length) {
            String alphabet = "abcdxyz019 _-+*^()\"\\/\n";
            StringBuilder out = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                out.append(random.nextInt(8) == 0 ? (char) random.nextInt(0x10000)
                        : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return out.toString();
        }

        private byte[] invalidUtf8(byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = random.nextInt(body.length + 1);
            out.write(body, 0, at);
            out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE});
            out.write(body, at, body.length - at);
            return out.toByteArray();
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * A JSON document as a mutable tree that can hold what a parser's tree cannot: duplicate keys and raw tokens
     * (numbers as written, {@code 1e999}, nesting given as text). Objects are lists of fields; strings are
     * {@link String}s; everything else is {@link Raw}.
     */
    private static final class Json {

        private final Object root;

        private Json(Object root) {
            this.root = root;
        }

        static Json parse(String text) {
            return new Json(convert(JSON.readTree(text), null));
        }

        private static Object convert(JsonNode node, String name) {
            if (node.isObject()) {
                List<Field> fields = new ArrayList<>();
                for (Map.Entry<String, JsonNode> property : node.properties()) {
                    fields.add(new Field(property.getKey(), convert(property.getValue(), property.getKey())));
                }
                Obj obj = new Obj(fields);
                obj.parentName = name;
                return obj;
            }
            if (node.isArray()) {
                List<Object> items = new ArrayList<>();
                node.values().forEach(item -> items.add(convert(item, null)));
                return new Arr(items);
            }
            return node.isString() ? node.asString() : new Raw(node.toString());
        }

        record Raw(String text) {
        }

        static final class Field {
            final String name;
            Object value;

            Field(String name, Object value) {
                this.name = name;
                this.value = value;
            }
        }

        static final class Obj {
            final List<Field> fields;
            String parentName;

            Obj(List<Field> fields) {
                this.fields = fields;
            }
        }

        static final class Arr {
            final List<Object> items;

            Arr(List<Object> items) {
                this.items = items;
            }
        }

        /** A place that holds a value: a field of an object or an element of an array. */
        interface Slot {
            Object get();

            void set(Object value);

            /** The field's name, or null for an array element. */
            String name();
        }

        List<Slot> slots() {
            List<Slot> slots = new ArrayList<>();
            walk(root, value -> {
                if (value instanceof Obj obj) {
                    for (Field field : obj.fields) {
                        slots.add(new Slot() {
                            public Object get() {
                                return field.value;
                            }

                            public void set(Object v) {
                                field.value = v;
                            }

                            public String name() {
                                return field.name;
                            }
                        });
                    }
                } else if (value instanceof Arr arr) {
                    for (int i = 0; i < arr.items.size(); i++) {
                        int index = i;
                        slots.add(new Slot() {
                            public Object get() {
                                return arr.items.get(index);
                            }

                            public void set(Object v) {
                                arr.items.set(index, v);
                            }

                            public String name() {
                                return null;
                            }
                        });
                    }
                }
            });
            return slots;
        }

        List<Obj> objects() {
            List<Obj> objects = new ArrayList<>();
            walk(root, value -> {
                if (value instanceof Obj obj) {
                    objects.add(obj);
                }
            });
            if (objects.isEmpty()) {
                objects.add(new Obj(new ArrayList<>())); // a detached one: mutations of it change nothing
            }
            return objects;
        }

        List<Arr> arrays() {
            List<Arr> arrays = new ArrayList<>();
            walk(root, value -> {
                if (value instanceof Arr arr) {
                    arrays.add(arr);
                }
            });
            return arrays;
        }

        private static void walk(Object value, java.util.function.Consumer<Object> visit) {
            visit.accept(value);
            if (value instanceof Obj obj) {
                for (Field field : List.copyOf(obj.fields)) {
                    walk(field.value, visit);
                }
            } else if (value instanceof Arr arr) {
                for (Object item : List.copyOf(arr.items)) {
                    walk(item, visit);
                }
            }
        }

        /** Trees one step smaller: each field or element taken away, each long string or array halved. */
        List<Json> smaller() {
            List<Json> candidates = new ArrayList<>();
            if (root instanceof Obj obj && !obj.fields.isEmpty()) {
                candidates.add(new Json(new Obj(new ArrayList<>())));
            }
            // Halving first: one request may take away thousands of elements.
            int count = positions();
            for (int i = 0; i < count; i++) {
                Json copy = new Json(copy(root));
                if (copy.halveAt(i)) {
                    candidates.add(copy);
                }
            }
            for (int i = 0; i < count; i++) {
                Json copy = new Json(copy(root));
                if (copy.removeAt(i)) {
                    candidates.add(copy);
                }
            }
            return candidates;
        }

        private int positions() {
            return slots().size();
        }

        private boolean removeAt(int index) {
            int[] left = {index};
            boolean[] done = {false};
            walk(root, value -> {
                if (done[0]) {
                    return;
                }
                if (value instanceof Obj obj) {
                    if (left[0] < obj.fields.size()) {
                        obj.fields.remove(left[0]);
                        done[0] = true;
                    } else {
                        left[0] -= obj.fields.size();
                    }
                } else if (value instanceof Arr arr) {
                    if (left[0] < arr.items.size()) {
                        arr.items.remove(left[0]);
                        done[0] = true;
                    } else {
                        left[0] -= arr.items.size();
                    }
                }
            });
            return done[0];
        }

        private boolean halveAt(int index) {
            Slot slot = slots().get(index);
            Object value = slot.get();
            if (value instanceof String s && s.length() > 8) {
                slot.set(s.substring(0, s.length() / 2));
                return true;
            }
            if (value instanceof Raw raw && raw.text.length() > 16) {
                return false; // raw text (nesting, long numbers) is shrunk as characters later
            }
            if (value instanceof Arr arr && arr.items.size() > 4) {
                arr.items.subList(arr.items.size() / 2, arr.items.size()).clear();
                return true;
            }
            return false;
        }

        static Object copy(Object value) {
            if (value instanceof Obj obj) {
                List<Field> fields = new ArrayList<>();
                obj.fields.forEach(f -> fields.add(new Field(f.name, copy(f.value))));
                Obj copy = new Obj(fields);
                copy.parentName = obj.parentName;
                return copy;
            }
            if (value instanceof Arr arr) {
                List<Object> items = new ArrayList<>();
                arr.items.forEach(item -> items.add(copy(item)));
                return new Arr(items);
            }
            return value;
        }

        /** The length of a value written as JSON. */
        static int size(Object value) {
            StringBuilder out = new StringBuilder();
            write(value, out);
            return out.length();
        }

        String write() {
            StringBuilder out = new StringBuilder();
            write(root, out);
            return out.toString();
        }

        private static void write(Object value, StringBuilder out) {
            if (value instanceof Obj obj) {
                out.append('{');
                for (Iterator<Field> fields = obj.fields.iterator(); fields.hasNext(); ) {
                    Field field = fields.next();
                    string(field.name, out);
                    out.append(": ");
                    write(field.value, out);
                    if (fields.hasNext()) {
                        out.append(", ");
                    }
                }
                out.append('}');
            } else if (value instanceof Arr arr) {
                out.append('[');
                for (int i = 0; i < arr.items.size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    write(arr.items.get(i), out);
                }
                out.append(']');
            } else if (value instanceof String s) {
                string(s, out);
            } else {
                out.append(((Raw) value).text);
            }
        }

        private static void string(String s, StringBuilder out) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        }
    }
}
