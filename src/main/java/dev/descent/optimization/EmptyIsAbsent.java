package dev.descent.optimization;

import java.util.Collection;
import java.util.Map;

/**
 * An optional list or map given empty counts as not given. Clients generated from the OpenAPI document (by
 * openapi-generator, for one) initialize every list and map field to an empty one and send it: {@code "start": {}},
 * {@code "runs": []}. Where an empty value could only be an error or mean the same as none, the request records read
 * it as absent, so that such a client's simplest request answers as the same request without those fields.
 */
public final class EmptyIsAbsent {

    private EmptyIsAbsent() {
    }

    /** {@code map}, or null when it is empty. */
    public static <M extends Map<?, ?>> M map(M map) {
        return map == null || map.isEmpty() ? null : map;
    }

    /** {@code list}, or null when it is empty. */
    public static <C extends Collection<?>> C list(C list) {
        return list == null || list.isEmpty() ? null : list;
    }
}
