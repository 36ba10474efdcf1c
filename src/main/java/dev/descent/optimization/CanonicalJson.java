package dev.descent.optimization;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.util.JsonGeneratorDelegate;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical JSON of a value and its SHA-256, for the {@link Receipt}: the JSON the API writes (numbers as it
 * writes them: whole-number fields as integers, real ones as the shortest text that reads back to the same double,
 * not finite as null), without whitespace, with the members of every object in ascending order of their names
 * (Java's {@code String} order, UTF-16 code units), UTF-8. An answer's {@code elapsedMillis} and {@code receipt}
 * are left out.
 *
 * <p>It is streamed into the digest, never held: a 100,000-point trajectory is not copied into a tree to sort its
 * members. Records and maps are sorted by Jackson ({@link MapperFeature#SORT_PROPERTIES_ALPHABETICALLY},
 * {@link SerializationFeature#ORDER_MAP_ENTRIES_BY_KEYS}); the serializers that write objects member by member (the
 * trajectory's) write them sorted when {@link #sorted} says so. A generator that checks every object's names come in
 * ascending order makes a serializer that forgets fail loudly rather than give a hash nobody can recompute.
 */
final class CanonicalJson {

    /** The attribute that asks serializers writing their own objects to write the members sorted. */
    static final String SORTED = "descent.canonical";

    private final JsonMapper mapper;
    private final ObjectWriter writer;

    /** The canonical form of what {@code mapper} (the API's) writes. */
    CanonicalJson(JsonMapper mapper) {
        this.mapper = mapper.rebuild()
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .addMixIn(OptimizationResponse.class, WithoutVolatile.class)
                .addModule(new SimpleModule("canonical").addSerializer(OptimizerSpec.class, new SortedOptimizer()))
                .build();
        this.writer = this.mapper.writer().withAttribute(SORTED, Boolean.TRUE);
    }

    /** Whether {@code context} writes canonical JSON: objects' members in ascending order of their names. */
    static boolean sorted(SerializationContext context) {
        return context.getAttribute(SORTED) != null;
    }

    /** The SHA-256 of the canonical JSON of {@code value}, in lower-case hex. */
    String sha256(Object value) {
        return write(value, OutputStream.nullOutputStream());
    }

    /**
     * Writes the canonical JSON of {@code value} to {@code out} and returns its SHA-256, in lower-case hex: one
     * serialization for the answer and its hash ({@link CanonicalAnswerConverter}). {@code out} is not closed.
     */
    String write(Object value, OutputStream out) {
        return write(gen -> writer.writeValue(gen, value), out);
    }

    /** The SHA-256 of what {@code write} writes canonically (it must write the members of objects sorted). */
    String sha256(Consumer<JsonGenerator> write) {
        return write(write, OutputStream.nullOutputStream());
    }

    /** What {@code write} writes canonically, to {@code out} (not closed) and into the SHA-256 it answers. */
    private String write(Consumer<JsonGenerator> write, OutputStream out) {
        MessageDigest digest = digest();
        try (JsonGenerator gen = new SortedNames(mapper.createGenerator(
                new DigestOutputStream(new NotClosed(out), digest)))) {
            write.accept(gen);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The SHA-256 of {@code bytes}, in lower-case hex. */
    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** A stream that a generator's close leaves open, for what comes after. */
    private static final class NotClosed extends FilterOutputStream {

        NotClosed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() {
            // Left open.
        }
    }

    /** An answer's members that are not part of what it says: its time and its receipt. */
    @JsonIgnoreProperties({"elapsedMillis", "receipt"})
    private interface WithoutVolatile {
    }

    /**
     * An optimizer as its JSON object, {@code type} and hyperparameters, sorted with the rest: Jackson would write a
     * polymorphic {@code type} before the other members.
     */
    private static final class SortedOptimizer extends ValueSerializer<OptimizerSpec> {

        @Override
        public void serialize(OptimizerSpec optimizer, JsonGenerator gen, SerializationContext context) {
            Map<String, Object> json = new TreeMap<>(optimizer.hyperparameters());
            json.put("type", optimizer.typeName());
            context.writeValue(gen, json);
        }

        @Override
        public void serializeWithType(OptimizerSpec optimizer, JsonGenerator gen, SerializationContext context,
                                      TypeSerializer types) {
            serialize(optimizer, gen, context);
        }
    }

    /**
     * The generator under {@code gen}'s check of the members' order, for a serializer that writes many members sorted
     * by construction (a trajectory's rows: 14 names a point of a 10-D run, a fifth of a long answer's time when
     * each is compared with the one before); {@code gen} itself when it checks nothing. The canonical JSON is the
     * same either way; the tests that recompute the hashes independently check that such a serializer sorts.
     */
    static JsonGenerator unchecked(JsonGenerator gen) {
        return gen instanceof SortedNames checked ? checked.delegate() : gen;
    }

    /** Refuses a member name that does not come after the previous one of its object. */
    private static final class SortedNames extends JsonGeneratorDelegate {

        SortedNames(JsonGenerator generator) {
            super(generator, true);
        }

        @Override
        public JsonGenerator writeName(String name) throws JacksonException {
            check(name);
            return super.writeName(name);
        }

        @Override
        public JsonGenerator writeName(SerializableString name) throws JacksonException {
            check(name.getValue());
            return super.writeName(name);
        }

        /**
         * Passed on as it is ({@link JsonGeneratorDelegate} would pass on its text as a String, which the generator
         * encodes again): the numbers of {@code DoubleText.Numbers} are raw values of bytes.
         */
        @Override
        public JsonGenerator writeRawValue(SerializableString text) throws JacksonException {
            delegate.writeRawValue(text);
            return this;
        }

        private void check(String name) {
            String previous = streamWriteContext().currentName();
            if (previous != null && previous.compareTo(name) >= 0) {
                throw new IllegalStateException("canonical JSON: member '" + name + "' written after '" + previous
                        + "'; a serializer does not sort its members");
            }
        }
    }
}
