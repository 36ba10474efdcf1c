package dev.descent.system;

import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.ErrorReportConfiguration;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.util.JsonGeneratorDelegate;

/**
 * JSON as the API writes it everywhere: a number that is not finite (NaN, ±Infinity) is {@code null}, as the
 * README promises, whoever writes it (a record's {@code Double}, a map's value, a streamed trajectory); doubles are
 * written with Jackson's Schubfach writer; and Jackson's error messages quote at most {@link Echo#MAX} characters of
 * the input.
 *
 * <p>The Schubfach writer is the algorithm of {@code Double.toString} since Java 19 (JDK-4511638): the shortest text
 * that reads back to the same double. On Java 17, {@code Double.toString} (FloatingDecimal) takes about three times as
 * long, most of the time of writing a long trajectory, and for a few doubles writes a digit more than needed; the
 * numbers read back bit for bit the same either way.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfig {

    @Bean
    JsonFactoryBuilderCustomizer finiteNumbersAndShortErrors() {
        return factory -> factory
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .addDecorator((streamFactory, generator) -> new FiniteNumbers(generator))
                .errorReportConfiguration(ErrorReportConfiguration.builder()
                        .maxErrorTokenLength(Echo.MAX)
                        .maxRawContentLength(Echo.MAX)
                        .build());
    }

    /** Writes {@code null} for a number that is not finite, at the generator, under every serializer. */
    static final class FiniteNumbers extends JsonGeneratorDelegate {

        FiniteNumbers(JsonGenerator generator) {
            super(generator, true);
        }

        @Override
        public JsonGenerator writeNumber(double value) throws JacksonException {
            if (!Double.isFinite(value)) {
                return writeNull();
            }
            DoubleText.writeNumber(delegate, value);
            return this;
        }

        @Override
        public JsonGenerator writeNumber(float value) throws JacksonException {
            return Float.isFinite(value) ? super.writeNumber(value) : writeNull();
        }

        /**
         * Passed on as it is ({@link JsonGeneratorDelegate} would pass on its text as a String, which the generator
         * encodes again): the numbers of {@link DoubleText.Numbers} are raw values of bytes.
         */
        @Override
        public JsonGenerator writeRawValue(SerializableString text) throws JacksonException {
            delegate.writeRawValue(text);
            return this;
        }

        /** A {@code double[]} is written in one call that would pass the numbers on as they are. */
        @Override
        public JsonGenerator writeArray(double[] array, int offset, int length) throws JacksonException {
            writeStartArray(array, length);
            for (int i = offset; i < offset + length; i++) {
                writeNumber(array[i]);
            }
            return writeEndArray();
        }
    }
}
