package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.optimization.RunExecutor;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The requests that exhausted the heap of the first version, against the service in a JVM of 256 MB
 * ({@code -Xmx256m}, Failsafe's execution in {@code ./mvnw verify}, with {@code -XX:+ExitOnOutOfMemoryError} so
 * that running out of memory fails the build instead of limping on). Each answers a problem or a bounded answer,
 * and the service stays healthy: {@code /actuator/health} answers within 1 s throughout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MemoryLimitsIT {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicBoolean watching = new AtomicBoolean(true);
    private final List<Long> healthMillis = new CopyOnWriteArrayList<>();
    private Future<?> watcher;

    @BeforeEach
    void watchHealth() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("run with -Xmx256m").isLessThan(300L << 20);
        // The first request of a fresh service initializes its dispatcher: not what is measured here.
        assertThat(client.send(request("/actuator/health").GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        watcher = pool.submit(() -> {
            while (watching.get()) {
                long before = System.nanoTime();
                HttpResponse<String> health = client.send(request("/actuator/health").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                healthMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before));
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"UP\"");
                Thread.sleep(200);
            }
            return null;
        });
    }

    @AfterEach
    void healthyThroughout() throws Exception {
        watching.set(false);
        watcher.get(30, TimeUnit.SECONDS);
        pool.shutdownNow();
        // At least the first probe (a test refused at once, like an oversized upload's 413, sees only that one).
        assertThat(healthMillis).isNotEmpty()
                .allSatisfy(millis -> assertThat(millis).as("health answered within 1 s").isLessThan(1000));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(120));
    }

    /** GET {@code path} on the pool's thread: for requests sent at once. */
    private CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, pool);
    }

    private HttpResponse<String> postJson(String path, String body) throws Exception {
        return client.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The answer's status and size, its body read and dropped as it comes. */
    private record Answer(int status, long bytes, String head) {
    }

    private Answer postCounting(String path, String body) throws Exception {
        HttpResponse<InputStream> response = client.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        byte[] head = new byte[300];
        int headLength = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (headLength < head.length) {
                    int copied = Math.min(n, head.length - headLength);
                    System.arraycopy(buffer, 0, head, headLength, copied);
                    headLength += copied;
                }
                bytes += n;
            }
        }
        return new Answer(response.statusCode(), bytes, new String(head, 0, headLength, StandardCharsets.UTF_8));
    }

    private static String rates(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format(Locale.ROOT, "%.4f", 0.001 + 0.004 * i))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    @Test
    @DisplayName("7,500 connections from one client, each sending half a request line: 128 held (a quarter of the "
            + "512 a 256 MB heap is given), every other one answered 429 at once")
    void connectionFlood() throws Exception {
        // Before the connections were counted, these 7,500 filled this heap and ended the service in
        // OutOfMemoryError (Tomcat's own limit is 8,192 connections, each holding some 55 KB).
        ClientConnectionsProtocol protocol = RawConnection.protocol(context);
        assertThat(protocol.getMaxConnections()).isEqualTo(512);
        assertThat(protocol.getMaxConnectionsPerClient()).isEqualTo(128);
        String client = "127.0.0.2";
        java.net.InetAddress address = java.net.InetAddress.getByName(client);
        List<RawConnection> held = new ArrayList<>();
        int refused = 0;
        try {
            for (int i = 0; i < 128; i++) {
                held.add(RawConnection.open(client, port).half());
            }
            ClientConnectionsTests.awaitCount(() -> protocol.openConnections(address), 128);
            for (int i = 128; i < 7500; i++) {
                try (RawConnection connection = RawConnection.open(client, port)) {
                    String answer = connection.half().readAll();
                    assertThat(answer).as("connection %d", i).startsWith("HTTP/1.1 429 ")
                            .contains("too-many-connections");
                    refused++;
                }
            }
        } finally {
            for (RawConnection connection : held) {
                connection.close();
            }
        }
        assertThat(refused).isEqualTo(7372);
        ClientConnectionsTests.awaitCount(() -> protocol.openConnections(address), 0);
        try (RawConnection again = RawConnection.open(client, port)) {
            assertThat(again.get("/actuator/health")).startsWith("HTTP/1.1 200 ").contains("\"UP\"");
        }
    }

    @Test
    @DisplayName("50 concurrent 3 MB bodies (inline data sets) from five clients: each a problem or an answer, some "
            + "503 busy before they are read, the heap intact")
    void concurrentBigBodies() throws Exception {
        // Before the bodies being read were counted, 100 bodies of 7 MB (each within the 10 MB limit of JSON) ended
        // a 256 MB service in OutOfMemoryError before any of them was validated (each becomes some 8 to 20 MB of
        // arrays while it is parsed). Now a body is at most one client's share of the budget, at 10 bytes a byte.
        long longest = context.getBean(BodyBudget.class).maxBodyBytes();
        assertThat(longest).as("a 256 MB heap: a quarter for the bodies, half a client's, a tenth a body")
                .isBetween(3_000_000L, 3_400_000L);
        byte[] bytes = dataSet((int) (longest * 0.95 / 150));
        assertThat((long) bytes.length).isBetween(longest * 9 / 10, longest);
        // Raw connections (the client shares this heap with the service here): each body is written from the one
        // array, and only when the service asks for it (Expect: 100-continue).
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String client = "127.0.0." + (2 + i % 5);
            answers.add(CompletableFuture.supplyAsync(() -> {
                try (RawConnection connection = RawConnection.open(client, port)) {
                    return connection.postExpecting("/api/v1/optimizations", bytes);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        int busy = 0;
        for (CompletableFuture<String> future : answers) {
            String answer = future.get(120, TimeUnit.SECONDS);
            assertThat(answer).matches("(?s)HTTP/1\\.1 (200|422|503) .*");
            if (answer.startsWith("HTTP/1.1 503 ")) {
                assertThat(answer).contains("descent.http.max-body-bytes", "\r\nRetry-After: 1\r\n");
                busy++;
            }
        }
        assertThat(busy).as("bodies refused before they were read").isPositive();
    }

    @Test
    @DisplayName("one client cannot hold the bodies' budget: a body past its share is 413 before it is sent; one at "
            + "its share sent a byte a second holds up neither another client's POSTs nor the service")
    void slowBody() throws Exception {
        // Before a body was bounded by its client's share, one connection that announced 7 MB (70 MB counted, more
        // than the budget: admitted alone) and sent a byte now and then made every other client's POST 503 busy.
        try (RawConnection greedy = RawConnection.open("127.0.0.9", port)) {
            assertThat(greedy.postExpecting("/api/v1/optimizations", new byte[7_000_000]))
                    .startsWith("HTTP/1.1 413 ").contains("/problems/too-large", "descent.http.max-body-bytes");
        }
        BodyBudget budget = context.getBean(BodyBudget.class);
        try (RawConnection slow = RawConnection.open("127.0.0.9", port)
                .startPost("/api/v1/optimizations", budget.maxBodyBytes(), "{")) {
            byte[] body = dataSet(2_000);
            for (int i = 0; i < 10; i++) {
                slow.send(" ");
                HttpResponse<String> answer = client.send(request("/api/v1/optimizations")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                Thread.sleep(1000);
            }
            assertThat(budget.held()).as("the slow body's count").isEqualTo(budget.maxBodyBytes() * 10);
            try (RawConnection again = RawConnection.open("127.0.0.9", port)) {
                assertThat(again.postExpecting("/api/v1/optimizations", body)).startsWith("HTTP/1.1 503 ")
                        .contains("one client", "\r\nRetry-After: 1\r\n");
            }
        }
    }

    /** An optimization request on an inline data set of {@code rows} rows of 20 features (about 150 bytes a row). */
    private static byte[] dataSet(int rows) {
        java.util.Random random = new java.util.Random(7);
        StringBuilder body = new StringBuilder("{\"objective\": {\"regression\": {\"model\": \"linear\", \"data\": "
                + "{\"features\": [");
        StringBuilder targets = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            body.append(i == 0 ? "[" : ",[");
            for (int j = 0; j < 20; j++) {
                body.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", random.nextDouble()));
            }
            body.append(']');
            targets.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", random.nextDouble()));
        }
        body.append("], \"targets\": [").append(targets).append("]}}}, \"optimizer\": {\"type\": \"gd\", "
                + "\"learningRate\": 0.01}, \"maxIterations\": 10, \"trajectory\": {\"maxPoints\": 10}}");
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    @DisplayName("four big comparison jobs: refused before any work when their answers are too big, bounded by the "
            + "retention cap when they fit")
    void bigComparisonJobs() throws Exception {
        // The 1.7 kB job that once retained 1.86 GB: 100 runs of 100-D sphere, 4850 steps, 1000 points each.
        String tooBig = """
                {"comparison": {"objective": {"function": "sphere", "dimension": 100}, "maxIterations": 4850,
                 "tolerance": 0, "learningRates": %s}}""".formatted(rates(100));
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> refused = postJson("/api/v1/jobs", tooBig);
            assertThat(refused.statusCode()).isEqualTo(422);
            JsonNode problem = json.readTree(refused.body());
            assertThat(problem.path("type").asString()).isEqualTo("https://descent.dev/problems/answer-too-large");
            assertThat(problem.path("numbers").asLong()).isGreaterThan(problem.path("maxNumbers").asLong());
        }
        // The same work with 40 points per run fits: four such jobs run, and what they keep is capped.
        String fits = tooBig.replace("\"tolerance\": 0,", "\"tolerance\": 0, \"trajectory\": {\"maxPoints\": 40},");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> accepted = postJson("/api/v1/jobs", fits);
            assertThat(accepted.statusCode()).as(accepted.body()).isIn(202, 429);
            if (accepted.statusCode() == 202) {
                ids.add(json.readTree(accepted.body()).path("id").asString());
            }
        }
        assertThat(ids).isNotEmpty();
        for (String id : ids) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                Answer job = postlessGet("/api/v1/jobs/" + id);
                assertThat(job.status()).isIn(200, 404);
                if (job.status() == 404 || job.head().contains("\"SUCCEEDED\"") || job.head().contains("FAILED")) {
                    assertThat(job.head()).doesNotContain("FAILED");
                    assertThat(job.bytes()).as("a job's answer is bounded").isLessThan(40L << 20);
                    break;
                }
                assertThat(System.nanoTime()).as("job %s finished", id).isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    private Answer postlessGet(String path) throws Exception {
        HttpResponse<InputStream> response = client.send(request(path).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            byte[] head = in.readNBytes(300);
            long bytes = head.length + in.transferTo(java.io.OutputStream.nullOutputStream());
            return new Answer(response.statusCode(), bytes, new String(head, StandardCharsets.UTF_8));
        }
    }

    @Test
    @DisplayName("ten concurrent big synchronous requests: each a problem or a bounded answer")
    void tenBigSynchronousRequests() throws Exception {
        // The 169-byte request that once answered 248 MB.
        String huge = """
                {"objective": {"function": "sphere", "dimension": 100}, "maxIterations": 190000, "tolerance": 0,
                 "trajectory": {"maxPoints": 100000}}""";
        // Within every limit: 9,000 points of 100 variables, about 20 MB of JSON each.
        String big = huge.replace("100000", "9000");
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String body = i % 2 == 0 ? huge : big;
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return postCounting("/api/v1/optimizations", body);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        int served = 0;
        for (CompletableFuture<Answer> future : answers) {
            Answer answer = future.get(120, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.head()).isIn(200, 422, 503);
            if (answer.status() == 200) {
                served++;
                assertThat(answer.bytes()).isLessThan(40L << 20);
            } else {
                assertThat(answer.bytes()).isLessThan(4096);
            }
        }
        assertThat(served).as("some of the big requests within the limits were served").isPositive();
        HttpResponse<String> huge422 = postJson("/api/v1/optimizations", huge);
        assertThat(huge422.statusCode()).isEqualTo(422);
        assertThat(json.readTree(huge422.body()).path("type").asString())
                .isEqualTo("https://descent.dev/problems/answer-too-large");
    }

    @Test
    @DisplayName("a client that reads nothing of its big answers holds at most half the heap bound of synchronous "
            + "requests: its further requests are 503, another client's big request is served meanwhile")
    void slowReaders() throws Exception {
        // 30,000 points of a 10-D run: about 7 MB held (its record and its answer) until its 10 MB of JSON is written.
        String big = """
                {"objective": {"function": "rosenbrock", "dimension": 10}, "optimizer": {"type": "adam"},
                 "maxIterations": 29999, "tolerance": 0, "trajectory": {"maxPoints": 30000}}""";
        RunExecutor executor = context.getBean(RunExecutor.class);
        List<RawConnection> slow = new ArrayList<>();
        int admitted = 0;
        int refused = 0;
        try {
            // Enough to fill the whole bound if one client could: before the share, the other client's was busy.
            for (int i = 0; i < 10; i++) {
                RawConnection connection = RawConnection.open("127.0.0.7", port, 4096);
                slow.add(connection);
                connection.startPost("/api/v1/optimizations", big.length(), big);
                String status = connection.read(12);
                if (status.equals("HTTP/1.1 200")) {
                    admitted++;
                } else {
                    assertThat(status + connection.read(1000)).startsWith("HTTP/1.1 503 ")
                            .contains("one client", "descent.optimization.max-held-bytes");
                    refused++;
                }
            }
            assertThat(admitted).as("answers held, unread").isPositive();
            assertThat(refused).as("past the client's half").isPositive();
            assertThat(executor.heldBytes()).isLessThanOrEqualTo(executor.maxHeldBytes() / 2);
            HttpResponse<String> other = postJson("/api/v1/optimizations", big);
            assertThat(other.statusCode()).as(other.body().length() < 1000 ? other.body() : "a long answer")
                    .isEqualTo(200);
        } finally {
            for (RawConnection connection : slow) {
                connection.close();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (executor.heldBytes() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(executor.heldBytes()).as("given back once the unread answers failed").isZero();
    }

    /**
     * An export of a finished job: it maps the job's request again (a synthetic data set generated again), here to
     * find that the script would write out more numbers than an answer may hold.
     */
    private static final String EXPORT = "/exports/pytorch";

    /** A convergence picture of a finished job: drawn from its stored result alone. */
    private static final String PICTURE = "/plot?kind=convergence&format=svg";

    @Test
    @DisplayName("eight concurrent exports of a finished regression job on 1,000,000 x 6 synthetic data (generated "
            + "again by each read): each answered (422, the script too large) or 503 busy, the heap bounded; its "
            + "pictures and pages read the stored result alone")
    void concurrentReadsOfABigRegressionJob() throws Exception {
        // The data set is 48 MB of features and 8 MB of targets: a job may keep it (a quarter of the heap), and each
        // export of the finished job generates it again to map the request. Eight at once would hold some 450 MB.
        String job = """
                {"optimization": {"objective": {"regression": {"model": "linear", "synthetic": {"samples": 1000000,
                 "coefficients": [1, 2, 3, 4, 5, 6], "noise": 0.5, "seed": 3}}},
                 "optimizer": {"type": "gd", "learningRate": 0.05}, "maxIterations": 3}}""";
        HttpResponse<String> accepted = postJson("/api/v1/jobs", job);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = json.readTree(accepted.body()).path("id").asString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!postlessGet("/api/v1/jobs/" + id).head().contains("\"SUCCEEDED\"")) {
            assertThat(System.nanoTime()).as("job %s finished", id).isLessThan(deadline);
            Thread.sleep(200);
        }
        List<CompletableFuture<HttpResponse<String>>> reads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            reads.add(getAsync("/api/v1/jobs/" + id + EXPORT));
        }
        int answered = 0;
        for (CompletableFuture<HttpResponse<String>> read : reads) {
            HttpResponse<String> response = read.get(120, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isIn(422, 503);
            if (response.statusCode() == 422) {
                answered++;
                assertThat(json.readTree(response.body()).path("type").asString())
                        .isEqualTo("https://descent.dev/problems/answer-too-large");
            } else {
                assertThat(response.headers().firstValue("Retry-After")).contains("1");
                assertThat(json.readTree(response.body()).path("type").asString())
                        .isEqualTo("https://descent.dev/problems/busy");
            }
        }
        assertThat(answered).as("some reads were served").isPositive();
        // Read alone, as a client retrying after Retry-After does: served.
        assertThat(client.send(request("/api/v1/jobs/" + id + EXPORT).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(422);
        // Its convergence picture reads only the stored result: eight at once, all drawn.
        List<CompletableFuture<HttpResponse<String>>> pictures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            pictures.add(getAsync("/api/v1/jobs/" + id + PICTURE));
        }
        for (CompletableFuture<HttpResponse<String>> picture : pictures) {
            HttpResponse<String> response = picture.get(120, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("<svg");
        }
        // A page of its trajectory reads only the stored result.
        HttpResponse<String> page = client.send(request("/api/v1/jobs/" + id + "/trajectory?limit=5").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(json.readTree(page.body()).path("points").size()).isEqualTo(4);
    }

    @Test
    @DisplayName("a 400 MB CSV body is refused as it streams in, with 413 too-large, whether its length is "
            + "announced or not")
    void hugeCsv() throws Exception {
        assertThat(sendHugeCsv(true)).startsWith("HTTP/1.1 413").contains("/problems/too-large");
        assertThat(sendHugeCsv(false)).startsWith("HTTP/1.1 413").contains("/problems/too-large");
    }

    /**
     * Sends 400 MB of CSV rows on a raw connection, with {@code Content-Length} or chunked, reading what the
     * service answers meanwhile (it may answer and close before the body is all sent); answers the response.
     */
    private String sendHugeCsv(boolean announced) throws Exception {
        long total = 400L << 20;
        // Long cells, few values per byte: the byte limit comes before the limit on values.
        byte[] rows = "1.000000000000000000000000000000000001,2.5\n".repeat(1024).getBytes(StandardCharsets.US_ASCII);
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            Future<String> response = pool.submit(() -> {
                byte[] answer = socket.getInputStream().readNBytes(4096);
                return new String(answer, StandardCharsets.UTF_8);
            });
            java.io.OutputStream out = socket.getOutputStream();
            String head = "POST /api/v1/optimizations/csv?model=linear&target=y HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n"
                    + "Content-Type: text/csv\r\n"
                    + (announced ? "Content-Length: " + (total + 4) : "Transfer-Encoding: chunked") + "\r\n\r\n";
            try {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                writeBody(out, "a,y\n".getBytes(StandardCharsets.US_ASCII), announced);
                for (long sent = 4; sent < total && !response.isDone(); sent += rows.length) {
                    writeBody(out, rows, announced);
                }
                if (!announced) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (java.io.IOException closed) {
                // The service answered and closed the connection before the body was all sent, as it may.
            }
            return response.get(60, TimeUnit.SECONDS);
        }
    }

    private static void writeBody(java.io.OutputStream out, byte[] bytes, boolean announced)
            throws java.io.IOException {
        if (!announced) {
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(bytes);
        if (!announced) {
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }
}
