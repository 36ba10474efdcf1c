package dev.descent.plot;

import dev.descent.system.Echo;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** The image formats a plot is written in. */
public enum ImageFormat {
    SVG(MediaType.valueOf("image/svg+xml")),
    PNG(MediaType.IMAGE_PNG);

    private final MediaType mediaType;

    ImageFormat(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    public MediaType mediaType() {
        return mediaType;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format to answer: {@code asked} (the {@code format} query parameter) when given, else the one the
     * {@code Accept} header prefers (SVG on a tie, and when there is no header). A header that allows neither, or
     * not the one asked for, is a 406.
     */
    public static ImageFormat negotiate(ImageFormat asked, String accept) {
        List<MediaType> accepted = accepted(accept);
        if (asked != null) {
            if (accepted.stream().noneMatch(type -> type.includes(asked.mediaType))) {
                throw notAcceptable("format=" + asked.wireName() + " asks for " + asked.mediaType
                        + ", which the Accept header '" + Echo.of(accept) + "' does not allow");
            }
            return asked;
        }
        for (MediaType type : accepted) {
            for (ImageFormat candidate : values()) {
                if (type.includes(candidate.mediaType)) {
                    return candidate;
                }
            }
        }
        throw notAcceptable("A plot is an image: image/svg+xml or image/png; the Accept header '"
                + Echo.of(accept) + "' allows neither");
    }

    /**
     * For an endpoint that answers {@code alternative} (JSON, say) as well as images: the image format the
     * {@code Accept} header prefers to the alternative, or empty when it prefers the alternative or has no
     * preference (no header, {@code *}{@code /*}); SVG before PNG on a tie. A header that allows none of them is a
     * 406.
     */
    public static Optional<ImageFormat> preferredTo(MediaType alternative, String accept) {
        for (MediaType type : accepted(accept)) {
            if (type.includes(alternative)) {
                return Optional.empty();
            }
            for (ImageFormat candidate : values()) {
                if (type.includes(candidate.mediaType)) {
                    return Optional.of(candidate);
                }
            }
        }
        throw new ProblemException(ProblemType.NOT_ACCEPTABLE, "This answer is " + alternative + ", "
                + SVG.mediaType + " or " + PNG.mediaType + "; the Accept header '" + Echo.of(accept)
                + "' allows none of them").with("acceptable",
                List.of(alternative.toString(), SVG.mediaType.toString(), PNG.mediaType.toString()));
    }

    /** The format of this wire name ({@code svg}, {@code png}), in any case. */
    static Optional<ImageFormat> byName(String name) {
        return Arrays.stream(values()).filter(format -> format.wireName().equalsIgnoreCase(name.trim())).findFirst();
    }

    /** The acceptable media types, most preferred first; {@code *}{@code /*} when there is no header. */
    private static List<MediaType> accepted(String accept) {
        if (accept == null || accept.isBlank()) {
            return List.of(MediaType.ALL);
        }
        List<MediaType> types;
        try {
            types = new ArrayList<>(MediaType.parseMediaTypes(accept));
        } catch (InvalidMediaTypeException e) {
            throw notAcceptable("The Accept header '" + Echo.of(accept) + "' is not a list of media types");
        }
        types.removeIf(type -> type.getQualityValue() == 0);
        // Stable: among equal qualities the header's order stands.
        types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        return types;
    }

    private static ProblemException notAcceptable(String detail) {
        return new ProblemException(ProblemType.NOT_ACCEPTABLE, detail).with("acceptable",
                List.of(SVG.mediaType.toString(), PNG.mediaType.toString()));
    }
}
