package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import dev.descent.Mvc;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends every request in {@code http-requests/} to the service and checks the status it states
 * ({@code # expect: N}, or {@code # expect: N or M} where the answer depends on timing; else 200), so that the files people click in their IDE keep working. Requests run in file
 * order; a one-line response handler {@code > {% client.global.set("name", response.body.field); %}} (IntelliJ HTTP
 * Client syntax) keeps a field of the JSON answer for the {@code {{name}}} of later requests.
 */
@SpringBootTest
@AutoConfigureMockMvc
class HttpRequestsTests {

    static final Path DIRECTORY = Path.of("http-requests");

    @Autowired
    MockMvc mvc;

    private static final Pattern SET = Pattern.compile(
            "client\\.global\\.set\\(\"(\\w+)\",\\s*response\\.body\\.(\\w+)\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{(\\w+)}}");

    /**
     * One request of a .http file.
     *
     * @param captures what its response handler keeps: variable name and the answer's field, pairs
     */
    record HttpRequest(String file, String name, HttpMethod method, String path, List<String[]> headers,
                       String body, List<Integer> expectedStatuses, List<String[]> captures) {
    }

    private final Map<String, String> variables = new HashMap<>();
    private final JsonMapper json = JsonMapper.builder().build();

    private String substitute(String text) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = variables.get(matcher.group(1));
            assertThat(value).as("variable {{%s}} set by an earlier request", matcher.group(1)).isNotNull();
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(result).toString();
    }

    @TestFactory
    Stream<DynamicTest> everyRequestAnswersAsStated() throws IOException {
        List<HttpRequest> requests = readAll();
        assertThat(requests).hasSizeGreaterThan(5);
        return requests.stream().map(r -> DynamicTest.dynamicTest(r.file() + ": " + r.name(), () -> {
            String type = r.headers().stream().filter(h -> h[0].equalsIgnoreCase("Content-Type")).map(h -> h[1])
                    .findFirst().orElse("");
            AbstractMockHttpServletRequestBuilder<?> builder;
            if (type.startsWith("multipart/form-data")) {
                // MockMvc does not parse a multipart body: its parts are handed over as the container would.
                builder = multipart(substitute(r.body()), type, URI.create(substitute(r.path())));
                r.headers().stream().filter(h -> !h[0].equalsIgnoreCase("Content-Type"))
                        .forEach(h -> builder.header(h[0], h[1]));
            } else {
                builder = request(r.method(), URI.create(substitute(r.path())));
                r.headers().forEach(h -> builder.header(h[0], h[1]));
                if (!r.body().isBlank()) {
                    builder.content(substitute(r.body()));
                }
            }
            MockHttpServletResponse response = Mvc.perform(mvc, builder).andReturn().getResponse();
            assertThat(response.getStatus()).as(r.name() + ": " + response.getContentAsString())
                    .isIn(r.expectedStatuses());
            for (String[] capture : r.captures()) {
                String value = json.readTree(response.getContentAsString()).path(capture[1]).asString();
                assertThat(value).as("%s: response.body.%s", r.name(), capture[1]).isNotEmpty();
                variables.put(capture[0], value);
            }
        }));
    }

    /**
     * The files cover the API: every operation of the OpenAPI document (its committed snapshot, which
     * {@code OpenApiSnapshotTests} keeps equal to the served one) has a request, and every JSON request-body example
     * of Swagger UI is the body of a request to its operation, numbers compared by value (1e-9 and 1e-09 alike).
     */
    @Test
    void everyOperationAndExampleHasARequest() throws IOException {
        List<HttpRequest> requests = readAll();
        JsonNode document = json.readTree(Files.readString(Path.of(OpenApiSnapshotTests.SNAPSHOT)));
        JsonNode paths = document.path("paths");
        JsonNode examples = document.path("components").path("examples");
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            // The path's template, each {variable} matching one segment; a query string may follow.
            Pattern template = Pattern.compile(Arrays.stream(path.getKey().split("\\{[^}]+}", -1))
                    .map(Pattern::quote).collect(Collectors.joining("[^/?]+")) + "(\\?.*)?");
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                HttpMethod method = HttpMethod.valueOf(operation.getKey().toUpperCase(Locale.ROOT));
                List<HttpRequest> to = requests.stream().filter(r -> r.method().equals(method)
                        && template.matcher(r.path()).matches()).toList();
                if (to.isEmpty()) {
                    missing.add(method + " " + path.getKey());
                }
                JsonNode content = operation.getValue().path("requestBody").path("content").path("application/json");
                for (Map.Entry<String, JsonNode> example : content.path("examples").properties()) {
                    JsonNode value = example.getValue().has("$ref")
                            ? examples.path(example.getValue().path("$ref").asString().replaceFirst(".*/", ""))
                                    .path("value")
                            : example.getValue().path("value");
                    if (to.stream().noneMatch(r -> sameJson(r.body(), value))) {
                        missing.add(method + " " + path.getKey() + " example \"" + example.getKey() + "\"");
                    }
                }
            }
        }
        assertThat(missing).as("operations and examples without a request in %s", DIRECTORY).isEmpty();
    }

    /** Whether {@code body} is the JSON {@code value}, numbers compared by value. */
    private boolean sameJson(String body, JsonNode value) {
        if (body.isBlank()) {
            return false;
        }
        try {
            return json.readTree(body).equals((a, b) -> a.isNumber() && b.isNumber()
                    ? Double.compare(a.asDouble(), b.asDouble()) : a.equals(b) ? 0 : 1, value);
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    /**
     * What the files need in both IntelliJ's HTTP Client and VS Code's REST Client: the base URL as a file variable
     * both read, and a REST Client name ({@code # @name}) on every request whose answer a later request uses, so that
     * {@code {{name.response.body.id}}} can stand in for IntelliJ's response handler there (see the README).
     */
    @Test
    void filesWorkInBothClients() throws IOException {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".http")).sorted().toList()) {
                String text = Files.readString(file);
                assertThat(text).as("%s: its base URL as a file variable", file)
                        .containsPattern("(?m)^@baseUrl = http://localhost:8080$");
                for (String request : text.split("(?m)^###")) {
                    if (Pattern.compile("(?m)^> \\{%").matcher(request).find()) {
                        assertThat(request).as("%s: a request whose answer is kept: %s", file, request)
                                .containsPattern("(?m)^# @name \\w+$");
                    }
                }
            }
        }
    }

    /**
     * A POST of the multipart {@code body} (its boundary in {@code type}): a part with a file name is a file, one
     * without a form field.
     */
    private static MockMultipartHttpServletRequestBuilder multipart(String body, String type, URI uri) {
        String boundary = MediaType.parseMediaType(type).getParameter("boundary");
        assertThat(boundary).as("the boundary of %s", type).isNotNull();
        MockMultipartHttpServletRequestBuilder builder = MockMvcRequestBuilders.multipart(uri);
        for (String part : body.split("(?m)^--" + Pattern.quote(boundary))) {
            String[] headAndContent = part.split("\\R\\R", 2);
            if (headAndContent.length < 2) {
                continue;
            }
            Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(headAndContent[0]);
            Matcher fileName = Pattern.compile("filename=\"([^\"]*)\"").matcher(headAndContent[0]);
            assertThat(name.find()).as("the part's name in %s", headAndContent[0]).isTrue();
            String content = headAndContent[1].replaceFirst("\\R$", "");
            if (fileName.find()) {
                builder.file(new MockMultipartFile(name.group(1), fileName.group(1), "text/csv",
                        content.getBytes(StandardCharsets.UTF_8)));
            } else {
                builder.param(name.group(1), content);
            }
        }
        return builder;
    }

    /** Every request of every .http file in {@code http-requests/}. */
    static List<HttpRequest> readAll() throws IOException {
        List<HttpRequest> requests = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".http")).sorted().toList()) {
                requests.addAll(parse(file.getFileName().toString(), Files.readString(file)));
            }
        }
        return requests;
    }

    private static List<HttpRequest> parse(String file, String text) {
        List<HttpRequest> requests = new ArrayList<>();
        String[] blocks = text.split("(?m)^###");
        for (int b = 1; b < blocks.length; b++) {
            String[] lines = blocks[b].split("\n", -1);
            String name = lines[0].trim();
            List<Integer> expected = List.of(200);
            int i = 1;
            while (i < lines.length && (lines[i].isBlank() || lines[i].startsWith("#"))) {
                if (lines[i].startsWith("# expect:")) {
                    expected = java.util.Arrays.stream(lines[i].substring("# expect:".length()).split("or"))
                            .map(status -> Integer.parseInt(status.trim())).toList();
                }
                i++;
            }
            String[] requestLine = lines[i++].trim().split("\\s+");
            String path = requestLine[1].replace("{{baseUrl}}", "");
            List<String[]> headers = new ArrayList<>();
            while (i < lines.length && !lines[i].isBlank()) {
                String[] header = lines[i++].split(":", 2);
                headers.add(new String[] {header[0].trim(), header[1].trim()});
            }
            StringBuilder body = new StringBuilder();
            List<String[]> captures = new ArrayList<>();
            while (i < lines.length) {
                String line = lines[i++];
                if (line.startsWith("> {%")) {
                    Matcher set = SET.matcher(line);
                    while (set.find()) {
                        captures.add(new String[] {set.group(1), set.group(2)});
                    }
                } else {
                    body.append(line).append('\n');
                }
            }
            requests.add(new HttpRequest(file, name, HttpMethod.valueOf(requestLine[0]), path, headers,
                    body.toString().trim(), expected, captures));
        }
        return requests;
    }
}
