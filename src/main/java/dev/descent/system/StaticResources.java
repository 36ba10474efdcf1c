package dev.descent.system;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Cache headers of the static files. A WebJar file asked for by its versioned path
 * ({@code /webjars/plotly.js-dist/3.3.1/plotly.js}, as the playground does) never changes at that URL: it is
 * cached for a year and never revalidated ({@code public, max-age=31536000, immutable}); a new version is a new URL.
 * The playground's own files ({@code index.html}, {@code playground.js}, ...) and the WebJars' version-agnostic
 * paths change with the service at the same URL: {@code spring.web.resources.cache.cachecontrol.no-cache} has
 * browsers revalidate them on every use, by their {@code Last-Modified} (a 304 costs no body). Both are compressed
 * on the way out when the client accepts it ({@code server.compression}).
 */
@Configuration(proxyBeanMethods = false)
class StaticResources implements WebMvcConfigurer {

    /** A WebJar's path that names its version (which starts with a digit), apart from its other paths. */
    static final String VERSIONED_WEBJAR = "/webjars/{name}/{version:[0-9][0-9A-Za-z.+_-]*}/**";
    static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(VERSIONED_WEBJAR)
                .addResourceLocations("classpath:/META-INF/resources/webjars/")
                .setCacheControl(IMMUTABLE);
    }
}
