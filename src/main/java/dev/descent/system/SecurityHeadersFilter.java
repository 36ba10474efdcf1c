package dev.descent.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers: {@code X-Content-Type-Options: nosniff} on every answer (a browser takes each answer for its
 * declared type, never sniffs a script out of JSON or an image); a Content-Security-Policy on the playground, which
 * loads only its own script, styles and plotly.js and calls only this service; and one on every SVG answer, so that
 * an SVG opened directly can run no script.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class SecurityHeadersFilter extends OncePerRequestFilter {

    static final String NOSNIFF = "nosniff";

    /**
     * The playground: its script and plotly.js from the service itself; styles its own and plotly's, which it sets
     * inline; images its own, and plotly's data: and blob: URLs (the "download plot" button); requests to the
     * service only. Plotly's contour and scatter traces need no eval (its WebGL traces would).
     */
    static final String PLAYGROUND_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /** An SVG picture: its inline styles and the contour map's embedded PNG, nothing else; no script. */
    static final String SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    private static final Set<String> PLAYGROUND = Set.of("/", "/index.html");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Content-Type-Options", NOSNIFF);
        if (PLAYGROUND.contains(request.getRequestURI())) {
            response.setHeader("Content-Security-Policy", PLAYGROUND_POLICY);
        }
        chain.doFilter(request, new SvgPolicy(response));
    }

    /** The answer of an asynchronous request is written on a dispatch of its own. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    /** Adds the SVG policy as soon as the answer is declared an SVG, whoever declares it. */
    private static final class SvgPolicy extends HttpServletResponseWrapper {

        SvgPolicy(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setContentType(String type) {
            super.setContentType(type);
            policyFor(type);
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, value);
            if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                policyFor(value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            super.addHeader(name, value);
            if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                policyFor(value);
            }
        }

        private void policyFor(String type) {
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("image/svg+xml")) {
                super.setHeader("Content-Security-Policy", SVG_POLICY);
            }
        }
    }
}
