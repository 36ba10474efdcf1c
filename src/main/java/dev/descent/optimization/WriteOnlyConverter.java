package dev.descent.optimization;

import java.nio.charset.Charset;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * A converter of answers of type {@code T} (and its subtypes) that only writes them: it reads nothing, so that
 * requests keep Spring's own converters.
 */
abstract class WriteOnlyConverter<T> extends AbstractHttpMessageConverter<T> {

    private final Class<T> type;

    WriteOnlyConverter(Class<T> type, Charset charset, MediaType... types) {
        super(charset, types);
        this.type = type;
    }

    @Override
    protected final boolean supports(Class<?> clazz) {
        return type.isAssignableFrom(clazz);
    }

    @Override
    public final boolean canRead(Class<?> clazz, MediaType mediaType) {
        return false;
    }

    @Override
    protected final T readInternal(Class<? extends T> clazz, HttpInputMessage input) {
        throw new HttpMessageNotReadableException(type.getSimpleName() + " is written, never read", input);
    }
}
