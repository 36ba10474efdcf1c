package dev.descent.system;

import org.springframework.http.MediaType;

/**
 * The most bytes a request body of one media type may have, declared by the feature that reads such bodies (a
 * bean); bodies of every other type may have as many as a JSON document
 * ({@code spring.jackson.factory.constraints.read.max-document-length}). {@link RequestSizeFilter} enforces them.
 *
 * @param mediaType the bodies this limit is for, e.g. {@code text/csv}
 * @param maxBytes  the most bytes such a body may have
 * @param property  the configuration property that sets it, named in the problem
 */
public record BodySizeLimit(MediaType mediaType, long maxBytes, String property) {
}
