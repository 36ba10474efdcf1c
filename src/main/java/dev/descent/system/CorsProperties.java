package dev.descent.system;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-origin requests ({@code descent.cors.*}): which web pages served elsewhere may call the API from a browser.
 *
 * @param allowedOrigins the origins allowed, comma-separated: exact ({@code https://app.example.com}) or patterns
 *                       ({@code https://*.example.com}, or {@code *} for any). None by default: answers carry no
 *                       CORS headers, so browsers refuse to let other origins' pages read them, and a preflight is
 *                       refused
 */
@ConfigurationProperties("descent.cors")
record CorsProperties(@DefaultValue List<String> allowedOrigins) {

    CorsProperties {
        allowedOrigins = allowedOrigins == null ? List.of()
                : allowedOrigins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList();
    }
}
