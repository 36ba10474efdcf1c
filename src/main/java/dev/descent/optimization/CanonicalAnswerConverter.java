package dev.descent.optimization;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an {@link OptimizationResponse} as JSON, serialized once for the client and for its receipt's
 * {@code resultHash}: the answer's canonical JSON ({@link CanonicalJson}: members sorted, without
 * {@code elapsedMillis} and {@code receipt}) is streamed to the client as it is fed into the SHA-256, all but its
 * closing brace; then {@code elapsedMillis} and the receipt, its result hash now known, are written as the last
 * members. The hash is what it was when the answer was serialized a second time for it: a client recomputes it from
 * the answer without those two members. Spring's JSON converter formatted every number twice, once for the hash and
 * once for the wire, most of the time of a short run's answer and of a long trajectory's.
 *
 * <p>Everything that could fail is done before the first byte: the plan was checked and the answer computed, and the
 * members that come after the canonical object are serialized ahead, the result hash left as a placeholder of its
 * length, to be put in its place. A failure while the answer streams (the client gone) leaves the chunked answer
 * without its end, which the client sees as an incomplete answer.
 *
 * <p>A table ({@code text/csv}, NDJSON) is {@link TrajectoryTableConverter}'s; any other type's answers, a job's or
 * a comparison's holding optimizations, are Spring's JSON converter's and hash their results on their own
 * ({@link Receipts#of}).
 */
public final class CanonicalAnswerConverter extends WriteOnlyConverter<OptimizationResponse> {

    /** Where the result hash goes in the serialized receipt: as long as a hash, and not one (not hex). */
    private static final String PLACEHOLDER = "#".repeat(64);
    private static final byte[] PLACEHOLDER_BYTES = PLACEHOLDER.getBytes(StandardCharsets.US_ASCII);

    private final JsonMapper json;
    private final CanonicalJson canonical;

    CanonicalAnswerConverter(JsonMapper json, CanonicalJson canonical) {
        // No charset parameter: JSON is UTF-8 (RFC 8259), and Spring's JSON converter names none either.
        super(OptimizationResponse.class, null, MediaType.APPLICATION_JSON, new MediaType("application", "*+json"));
        this.json = json;
        this.canonical = canonical;
    }

    @Override
    protected void writeInternal(OptimizationResponse answer, HttpOutputMessage output) throws IOException {
        byte[] tail = tail(answer);
        OutputStream body = output.getBody();
        AllButLast canonicalPart = new AllButLast(body);
        String hash = canonical.write(answer, canonicalPart);
        if (canonicalPart.last != '}') {
            throw new IllegalStateException("the canonical answer does not end with '}'");
        }
        int at = lastIndexOf(tail, PLACEHOLDER_BYTES);
        if (at >= 0) {
            System.arraycopy(hash.getBytes(StandardCharsets.US_ASCII), 0, tail, at, PLACEHOLDER_BYTES.length);
        }
        body.write(tail);
    }

    /**
     * What follows the canonical object but its closing brace: {@code ,"elapsedMillis":...,"receipt":{...}}} as the
     * API's mapper writes them, the receipt's result hash {@link #PLACEHOLDER}.
     */
    private byte[] tail(OptimizationResponse answer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(answer.receipt() == null ? 32 : 2048);
        try (JsonGenerator gen = json.createGenerator(bytes)) {
            gen.writeStartObject();
            gen.writeName("elapsedMillis");
            gen.writeNumber(answer.elapsedMillis());
            if (answer.receipt() != null) {
                gen.writeName("receipt");
                json.writeValue(gen, answer.receipt().withResultHash(PLACEHOLDER));
            }
            gen.writeEndObject();
        }
        byte[] tail = bytes.toByteArray();
        tail[0] = ',';
        if (answer.receipt() != null && lastIndexOf(tail, PLACEHOLDER_BYTES) < 0) {
            throw new IllegalStateException("the receipt was written without its result hash");
        }
        return tail;
    }

    /** The last place {@code part} is found in {@code bytes}: the receipt's own member comes after its request's. */
    private static int lastIndexOf(byte[] bytes, byte[] part) {
        for (int i = bytes.length - part.length; i >= 0; i--) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Passes on every byte but the last written so far, which it holds: the canonical object's closing brace, which
     * the hash takes and the client receives after the members that follow.
     */
    private static final class AllButLast extends FilterOutputStream {

        private int last = -1;

        AllButLast(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (last >= 0) {
                out.write(last);
            }
            last = b & 0xff;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return;
            }
            if (last >= 0) {
                out.write(last);
            }
            out.write(bytes, offset, length - 1);
            last = bytes[offset + length - 1] & 0xff;
        }

        @Override
        public void close() {
            // The body stays open for the members that follow.
        }
    }

    /** Ahead of Spring's JSON converter, for the answers it would write. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        WebMvcConfigurer canonicalAnswers(JsonMapper json, Receipts receipts) {
            return new WebMvcConfigurer() {
                @Override
                public void configureMessageConverters(HttpMessageConverters.ServerBuilder converters) {
                    // Ahead of the default converters (Spring's JSON converter among them).
                    converters.addCustomConverter(new CanonicalAnswerConverter(json, receipts.canonical()));
                }
            };
        }
    }
}
