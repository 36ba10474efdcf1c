package dev.descent.playground;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The playground at / in a real headless browser: Debian's chromium driven through Debian's chromedriver (never a
 * browser or driver downloaded by a tool). In CI ({@code CI=true}, where {@code .ci/run} installs both) a missing
 * binary fails the test; on a developer's machine without them it is skipped, saying what to install, so that
 * {@code ./mvnw verify} works on a fresh machine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlaygroundBrowserTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static HeadlessChromium browser;
    private static ChromeDriver driver;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = HeadlessChromium.start("the playground's browser test");
        driver = browser.driver();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    private Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    private void waitFor(String description, String condition) {
        new WebDriverWait(driver, PATIENCE).withMessage(description)
                .until(d -> Boolean.TRUE.equals(script("return Boolean(" + condition + ");")));
    }

    @Test
    @DisplayName("a Rosenbrock run with Adam, its start set by a click on the map, draws its path and fills the "
            + "table, with no console error")
    void rosenbrockWithAdam() throws IOException {
        driver.get("http://localhost:" + port + "/");
        waitFor("the page to load the catalog and draw", "document.body.dataset.ready === 'true'");
        assertThat(driver.findElement(By.id("swagger-link")).getAttribute("href")).endsWith("/swagger-ui.html");

        new Select(driver.findElement(By.id("function"))).selectByValue("rosenbrock");
        waitFor("the contour map of rosenbrock", "(() => { const p = document.getElementById('path-plot');"
                + " return p.data && p.data[0].type === 'contour' && p.layout.xaxis.title.text === 'x1'; })()");
        String defaultStart = driver.findElement(By.id("start")).getAttribute("value");

        // Click left of the middle of the map: the start moves to the grid point under the mouse.
        WebElement map = driver.findElement(By.cssSelector("#path-plot .nsewdrag"));
        new Actions(driver).moveToElement(map, -map.getSize().getWidth() / 4, -map.getSize().getHeight() / 4)
                .pause(Duration.ofMillis(200)).click().perform();
        waitFor("the click to set the start", "document.getElementById('start').value !== '" + defaultStart + "'");
        assertThat(driver.findElement(By.id("start")).getAttribute("value")).startsWith("x1=").contains("x2=");

        tickOnly("adam");
        type("rates", "0.05");
        driver.findElement(By.id("run")).click();

        waitFor("a row in the result table", "document.querySelectorAll('#results tbody tr').length === 1");
        List<String> cells = driver.findElements(By.cssSelector("#results tbody tr td")).stream()
                .map(WebElement::getText).toList();
        assertThat(cells.get(0)).isEqualTo("adam");
        assertThat(cells.get(1)).isEqualTo("0.05");
        assertThat(cells.get(2)).isIn("CONVERGED", "MAX_ITERATIONS");
        assertThat(Integer.parseInt(cells.get(3))).isPositive();
        assertThat(cells.get(4)).contains("x1=", "x2=");

        Object pathPoints = script("return document.getElementById('path-plot').data"
                + ".filter(t => t.name === 'adam, lr 0.05').map(t => t.x.length);");
        assertThat((List<?>) pathPoints).hasSize(1);
        assertThat(((Number) ((List<?>) pathPoints).get(0)).intValue()).isGreaterThan(10);
        Object curve = script("const d = document.getElementById('convergence-plot');"
                + " return [d.data.length, d.data[0].y.length, d.layout.yaxis.type];");
        assertThat((List<?>) curve).element(0).isEqualTo(1L);
        assertThat((List<?>) curve).element(2).isEqualTo("log");

        screenshot("playground.png");
        assertNoConsoleError();
    }

    @Test
    @DisplayName("x^2 from 3 at rate 1.1 with gd: the DIVERGING sentence, the best point the start (f = 9) beside "
            + "where it ended, a star on it, and the critical learning rate 2/L = 1 with the oscillation threshold")
    void divergingRunShowsBestPointDiagnosisAndCriticalRate() throws IOException {
        driver.get("http://localhost:" + port + "/");
        waitFor("the page to load the catalog and draw", "document.body.dataset.ready === 'true'");
        type("expression", "x^2");
        driver.findElement(By.id("draw")).click();
        waitFor("the curve of x^2", "(() => { const p = document.getElementById('path-plot');"
                + " return p.data && p.data[0].name === 'f(x)'; })()");
        type("start", "x=3");
        tickOnly("gd");
        type("rates", "1.1");
        driver.findElement(By.id("run")).click();

        waitFor("a row in the result table", "document.querySelectorAll('#results tbody tr').length === 1");
        List<String> cells = driver.findElements(By.cssSelector("#results tbody tr td")).stream()
                .map(WebElement::getText).toList();
        assertThat(cells.subList(0, 7)).containsExactly("gd", "1.1", "DIVERGED", "70", "x=3", "9", "0");
        assertThat(cells.get(7)).as("where it ended").endsWith("(iteration 70)").contains("f = 1.0955e+12");

        WebElement verdict = driver.findElement(By.cssSelector("#verdicts .verdict"));
        assertThat(driver.findElement(By.id("verdicts")).getAttribute("aria-live")).isEqualTo("polite");
        assertThat(verdict.findElement(By.tagName("h3")).getText()).isEqualTo("gd, lr 1.1");
        assertThat(verdict.findElement(By.className("diagnosis-kind")).getText()).isEqualTo("DIVERGING");
        assertThat(verdict.findElement(By.className("diagnosis-sentence")).getText())
                .isEqualTo("Diverging: f rose from 9 to 1.096e12 in 70 updates, rising at 70 of them, until the run "
                        + "was stopped; the steps are too large for this function here (lower the learning rate). "
                        + "The best point is the start.");
        assertThat(verdict.findElement(By.className("curvature-sentence")).getText())
                .startsWith("Learning rate 1.1 is above 2/L = 1");
        assertThat(verdict.findElement(By.className("critical-rate")).getText()).isEqualTo("1");
        assertThat(verdict.findElement(By.className("oscillation-threshold")).getText()).isEqualTo("0.5");

        Object star = script("const t = document.getElementById('path-plot').data"
                + ".find(t => t.name === 'best: gd, lr 1.1'); return t && [t.x[0], t.y[0], t.marker.symbol];");
        assertThat(star).isEqualTo(List.of(3L, 9L, "star"));

        screenshot("playground-diverging.png");
        assertNoConsoleError();
    }

    @Test
    @DisplayName("'Find a learning rate' runs the range test of the optimizer ticked, shows the suggested rate with "
            + "its rule and the plot endpoint's picture, and its button fills the learning-rate field")
    void rangeTestFillsTheLearningRate() throws IOException {
        driver.get("http://localhost:" + port + "/");
        waitFor("the page to load the catalog and draw", "document.body.dataset.ready === 'true'");
        tickOnly("adam");
        driver.findElement(By.id("find-rate")).click();

        waitFor("the suggestion and its picture", "(() => { const img = document.getElementById('range-test-plot');"
                + " return !document.getElementById('use-rate').hidden && !img.hidden && img.complete"
                + " && img.naturalWidth > 0; })()");
        assertThat(driver.findElement(By.id("range-test-result")).getText())
                .startsWith("Suggested learning rate for adam: ").containsPattern("\\(rule (STEEPEST|MINIMUM_OVER_TEN): ");
        WebElement picture = driver.findElement(By.id("range-test-plot"));
        assertThat(picture.getAttribute("src")).startsWith("blob:");
        assertThat(picture.getAttribute("alt")).startsWith("Range test of adam");
        assertThat(driver.findElement(By.cssSelector("#range-test [aria-live=polite]")).getText())
                .contains("Suggested learning rate");

        driver.findElement(By.id("use-rate")).click();
        String rate = driver.findElement(By.id("rates")).getAttribute("value");
        assertThat(Double.parseDouble(rate)).as("the learning rate filled in: %s", rate).isPositive().isFinite();
        assertThat(driver.findElement(By.id("use-rate")).getText()).startsWith("Use ");

        screenshot("playground-range-test.png");
        assertNoConsoleError();
    }

    @Test
    @DisplayName("an answer from an older service (minimum only, no last, diagnosis or curvature) still fills the "
            + "table, as its last point, and shows no verdict")
    void olderAnswerStillShows() throws IOException {
        driver.get("http://localhost:" + port + "/");
        waitFor("the page to load the catalog and draw", "document.body.dataset.ready === 'true'");
        script("state.runs = [{label: 'gd, lr 0.1', optimizer: {type: 'gd', learningRate: 0.1}, status: 'CONVERGED',"
                + " iterations: 1, minimum: {point: {x: 0.5, y: 1}, value: 0.25},"
                + " trajectory: [{iteration: 0, point: {x: -1.5, y: 2}, value: 6.5},"
                + " {iteration: 1, point: {x: 0.5, y: 1}, value: 0.25}]}];"
                + " drawPaths(); drawConvergence(); fillTable(); fillVerdicts();");
        List<String> cells = driver.findElements(By.cssSelector("#results tbody tr td")).stream()
                .map(WebElement::getText).toList();
        assertThat(cells).containsExactly("gd", "0.1", "CONVERGED", "1", "x=0.5, y=1", "0.25", "", "the best point");
        assertThat(driver.findElements(By.cssSelector("#verdicts .verdict"))).isEmpty();
        assertNoConsoleError();
    }

    private void type(String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private void tickOnly(String optimizer) {
        for (WebElement box : driver.findElements(By.cssSelector("#optimizers input"))) {
            if (box.isSelected() != optimizer.equals(box.getAttribute("value"))) {
                box.click();
            }
        }
    }

    private void screenshot(String name) throws IOException {
        Path screenshot = Path.of("target", name);
        Files.createDirectories(screenshot.getParent());
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), screenshot,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private void assertNoConsoleError() {
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
        assertThat(errors).as("console errors").isEmpty();
    }
}
