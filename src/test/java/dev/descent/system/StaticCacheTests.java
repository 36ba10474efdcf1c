package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Cache headers and compression of the static files, on a real port: the playground loads plotly.js by its
 * versioned path, the WebJar's version, cached for a year and gzipped; the playground's own files (and the WebJar's
 * version-agnostic path) are revalidated on every use, a 304 when unchanged.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StaticCacheTests {

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The version of the plotly.js-dist WebJar on the class path (plotly.version in pom.xml). */
    static String plotlyVersion() throws Exception {
        Properties pom = new Properties();
        try (InputStream in = StaticCacheTests.class.getResourceAsStream(
                "/META-INF/maven/org.webjars.npm/plotly.js-dist/pom.properties")) {
            assertThat(in).as("the WebJar's pom.properties").isNotNull();
            pom.load(in);
        }
        return pom.getProperty("version");
    }

    @Test
    @DisplayName("the playground loads plotly.js by the WebJar's versioned path: cached a year, immutable, gzipped")
    void plotlyImmutableAndGzipped() throws Exception {
        String html = new String(get("/").body(), StandardCharsets.UTF_8);
        Matcher script = Pattern.compile("<script src=\"(/webjars/plotly\\.js-dist/[^\"]+)\"").matcher(html);
        assertThat(script.find()).as("index.html loads plotly.js").isTrue();
        String path = script.group(1);
        assertThat(path).as("the version of the WebJar in the class path; update index.html with plotly.version")
                .isEqualTo("/webjars/plotly.js-dist/" + plotlyVersion() + "/plotly.js");

        byte[] original;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/resources" + path)) {
            original = in.readAllBytes();
        }
        HttpResponse<byte[]> gzipped = get(path, "Accept-Encoding", "gzip");
        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(header(gzipped, "Cache-Control")).isEqualTo("max-age=31536000, public, immutable");
        assertThat(header(gzipped, "Content-Type")).startsWith("text/javascript");
        assertThat(header(gzipped, "Content-Encoding")).isEqualTo("gzip");
        assertThat(gzipped.body().length).as("compressed").isLessThan(original.length / 3);
        assertThat(CompressionTests.gunzip(gzipped.body())).isEqualTo(original);

        HttpResponse<byte[]> plain = get(path);
        assertThat(header(plain, "Content-Encoding")).isNull();
        assertThat(plain.body()).isEqualTo(original);

        // Another version is not there; the version-agnostic path is, revalidated as the other files are.
        assertThat(get("/webjars/plotly.js-dist/0.0.1/plotly.js").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> agnostic = get("/webjars/plotly.js-dist/plotly.js", "Accept-Encoding", "gzip");
        assertThat(agnostic.statusCode()).isEqualTo(200);
        assertThat(header(agnostic, "Cache-Control")).isEqualTo("no-cache");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/index.html", "/playground.js", "/playground.css", "/favicon.svg"})
    @DisplayName("the playground's own files are revalidated on every use: no-cache, Last-Modified, then 304")
    void playgroundRevalidated(String path) throws Exception {
        HttpResponse<byte[]> first = get(path, "Accept-Encoding", "gzip");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(header(first, "Cache-Control")).isEqualTo("no-cache");
        String lastModified = header(first, "Last-Modified");
        assertThat(lastModified).isNotNull();
        if (first.body().length >= 1024) {
            assertThat(header(first, "Content-Encoding")).isEqualTo("gzip");
        }
        HttpResponse<byte[]> again = get(path, "If-Modified-Since", lastModified);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }
}
