package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.HeadlessChromium;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Swagger UI as a person uses it, in Debian's headless chromium (as {@code PlaygroundBrowserTests}: skipped with a
 * message when chromium or chromedriver is missing, except in CI, where that fails). For every operation of the
 * served document (read from /v3/api-docs, so an operation added later is tried too): expand it, <em>Try it
 * out</em>, pick its first request example where it offers a list, keep the pre-filled parameters, <em>Execute</em>,
 * and read the status of the live response. It must be a status the operation documents (a job id's example is an
 * id no job has: those operations answer their documented 404), and Swagger UI must show no validation error (an
 * invalid field keeps <em>Execute</em> from sending anything). Every operation is tried and every failure reported
 * together. Screenshots: {@code target/swagger-ui/<operationId>.png} for each operation, {@code page.png} of all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SwaggerUiBrowserTests {

    private static final Path SCREENSHOTS = Path.of("target", "swagger-ui");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    private static HeadlessChromium browser;
    private static ChromeDriver driver;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = HeadlessChromium.start("the Swagger UI browser test");
        driver = browser.driver();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    /** An operation of the document: where Swagger UI shows it and what it may answer. */
    record Operation(String method, String path, String tag, String operationId, Set<Integer> documented) {

        /** The id of the operation's block in Swagger UI (its deep link). */
        String blockId() {
            return "operations-" + tag.replace(' ', '_') + "-" + operationId;
        }

        @Override
        public String toString() {
            return operationId + " (" + method.toUpperCase() + " " + path + ")";
        }
    }

    private List<Operation> operations() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = JsonMapper.builder().build().readTree(response.body());
        List<Operation> operations = new ArrayList<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            if (!METHODS.contains(entry.getKey())) {
                return;
            }
            JsonNode operation = entry.getValue();
            Set<Integer> documented = new TreeSet<>();
            operation.path("responses").propertyNames().forEach(code -> documented.add(Integer.parseInt(code)));
            String tag = operation.path("tags").path(0).asString("default");
            operations.add(new Operation(entry.getKey(), path.getKey(), tag, operation.path("operationId").asString(),
                    documented));
        }));
        return operations;
    }

    /** Waits up to {@link #PATIENCE}, looking every 50 ms (Selenium's default of 500 ms would double the time). */
    private static WebDriverWait patiently() {
        WebDriverWait wait = new WebDriverWait(driver, PATIENCE);
        wait.pollingEvery(Duration.ofMillis(50));
        return wait;
    }

    private Object script(String js, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(js, arguments);
    }

    @Test
    @DisplayName("every operation, tried out with its first example, answers a status it documents, with no "
            + "validation error in Swagger UI")
    void everyOperationTriedOut() throws Exception {
        List<Operation> operations = operations();
        assertThat(operations).as("operations in /v3/api-docs").hasSizeGreaterThan(10);
        Files.createDirectories(SCREENSHOTS);

        driver.get("http://localhost:" + port + "/swagger-ui/index.html");
        WebDriverWait wait = patiently();
        wait.withMessage("Swagger UI to show the document's operations").until(d ->
                !d.findElements(By.cssSelector(".opblock")).isEmpty());
        assertThat(driver.findElements(By.cssSelector(".opblock"))).as("operations shown by Swagger UI")
                .hasSize(operations.size());

        List<String> failures = new ArrayList<>();
        for (Operation operation : operations) {
            String failure = tryOut(operation);
            if (failure != null) {
                failures.add(failure);
            }
        }

        // The whole page: every operation, each closed again after its try (its own screenshot shows it open).
        script("window.scrollTo(0, 0);");
        Number height = (Number) script("return document.documentElement.scrollHeight;");
        driver.manage().window().setSize(new Dimension(1400, Math.min(height.intValue() + 100, 10_000)));
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve("page.png"),
                StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(new Dimension(1400, 1100));

        assertThat(failures).as("operations that failed in Swagger UI (screenshots in %s)", SCREENSHOTS).isEmpty();
    }

    /** Tries one operation out; answers what went wrong, or null. */
    private String tryOut(Operation operation) throws IOException {
        List<WebElement> blocks = driver.findElements(By.id(operation.blockId()));
        if (blocks.isEmpty()) {
            return operation + ": not shown by Swagger UI (no #" + operation.blockId() + ")";
        }
        WebElement block = blocks.get(0);
        WebDriverWait wait = patiently();
        try {
            if (!block.getAttribute("class").contains("is-open")) {
                click(block.findElement(By.cssSelector(".opblock-summary-control")));
            }
            wait.until(d -> !block.findElements(By.cssSelector(".try-out__btn")).isEmpty());
            click(block.findElement(By.cssSelector(".try-out__btn")));
            wait.until(d -> !block.findElements(By.cssSelector(".execute")).isEmpty());

            // The first of the request body's examples, where there is a list of them.
            List<WebElement> examples = block.findElements(
                    By.cssSelector(".opblock-section-request-body select.examples-select-element"));
            String example = null;
            if (!examples.isEmpty()) {
                Select select = new Select(examples.get(0));
                select.selectByIndex(0);
                example = select.getFirstSelectedOption().getText();
            }

            click(block.findElement(By.cssSelector(".execute")));
            wait.until(d -> !block.findElements(By.cssSelector(".live-responses-table tbody .response-col_status"))
                    .isEmpty() || !invalid(block).isEmpty());
            screenshot(operation, block);

            List<String> invalid = invalid(block);
            if (!invalid.isEmpty()) {
                return operation + ": Swagger UI refused to execute" + (example == null ? "" : " example '"
                        + example + "'") + ": " + String.join("; ", invalid);
            }
            String shown = block.findElement(By.cssSelector(".live-responses-table tbody .response-col_status")).getText()
                    .strip();
            String requestUrl = block.findElements(By.cssSelector(".request-url pre")).stream().findFirst()
                    .map(WebElement::getText).orElse("?");
            Integer status = shown.matches("\\d{3}.*") ? Integer.valueOf(shown.substring(0, 3)) : null;
            if (status == null || !operation.documented().contains(status)) {
                String body = block.findElements(By.cssSelector(".live-responses-table tbody .response-col_description pre"))
                        .stream().findFirst().map(WebElement::getText).orElse("");
                return operation + (example == null ? "" : ", example '" + example + "'") + ": Swagger UI shows '"
                        + shown.replace('\n', ' ') + "', documented " + operation.documented() + "; request URL "
                        + requestUrl + "; body " + abbreviate(body);
            }
            return null;
        } catch (RuntimeException e) {
            screenshot(operation, block);
            return operation + ": " + e.getClass().getSimpleName() + ": " + abbreviate(String.valueOf(e.getMessage()));
        } finally {
            // Closed again: a page that keeps every answer open grows slow to render.
            if (block.getAttribute("class").contains("is-open")) {
                click(block.findElement(By.cssSelector(".opblock-summary-control")));
            }
        }
    }

    /** The invalid inputs of a block and Swagger UI's validation messages in it. */
    private List<String> invalid(WebElement block) {
        @SuppressWarnings("unchecked")
        List<String> found = (List<String>) script("""
                const block = arguments[0];
                const found = [];
                block.querySelectorAll('.invalid').forEach(element => {
                  const row = element.closest('tr');
                  const name = row && row.dataset.paramName ? row.dataset.paramName
                    : (element.getAttribute('placeholder') || element.className);
                  const errors = row ? Array.from(row.querySelectorAll('.validation-errors li, .errors li'))
                    .map(li => li.textContent.trim()).join(', ') : '';
                  found.push('input ' + name + ' is invalid' + (errors ? ' (' + errors + ')' : '')
                    + ', value ' + JSON.stringify(element.value ?? ''));
                });
                block.querySelectorAll('.validation-errors li').forEach(li => found.push(li.textContent.trim()));
                return found;""", block);
        return found.stream().distinct().toList();
    }

    private void click(WebElement element) {
        script("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    private void screenshot(Operation operation, WebElement block) throws IOException {
        script("arguments[0].scrollIntoView({block: 'start'});", block);
        Files.copy(block.getScreenshotAs(OutputType.FILE).toPath(),
                SCREENSHOTS.resolve(operation.operationId() + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 400 ? line : line.substring(0, 400) + "…";
    }
}
