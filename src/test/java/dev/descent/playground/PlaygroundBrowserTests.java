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

        for (WebElement box : driver.findElements(By.cssSelector("#optimizers input"))) {
            if (box.isSelected() != "adam".equals(box.getAttribute("value"))) {
                box.click();
            }
        }
        WebElement rates = driver.findElement(By.id("rates"));
        rates.clear();
        rates.sendKeys("0.05");
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

        Path screenshot = Path.of("target", "playground.png");
        Files.createDirectories(screenshot.getParent());
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), screenshot,
                StandardCopyOption.REPLACE_EXISTING);

        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
        assertThat(errors).as("console errors").isEmpty();
    }
}
