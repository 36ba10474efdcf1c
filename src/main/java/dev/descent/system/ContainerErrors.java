package dev.descent.system;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * What Tomcat answers itself, before a request reaches the application (a request line with an invalid
 * character, an invalid %-escape in the path), is a minimal problem+json too, without the server's name or
 * version: Tomcat's error report valve, replaced by one that writes problems.
 */
@Component
class ContainerErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    /** After Spring Boot's own customizer, which adds Tomcat's HTML valve. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            var pipeline = context.getParent().getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ProblemReportValve());
            // The host adds a valve of this class when it starts, unless it has one: it has ours.
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    /** Writes an error Tomcat reports as a problem: type, title, status and a plain detail, nothing of the server. */
    static final class ProblemReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(true);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                response.setHeader("X-Content-Type-Options", SecurityHeadersFilter.NOSNIFF);
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(json(status));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The connection is gone or the response is already on its way: nothing more to say.
            }
        }

        /** The problem of {@code status}, as JSON written by hand: there is no Spring here. */
        static String json(int status) {
            ProblemType type = ProblemType.of(status);
            HttpStatus known = HttpStatus.resolve(status);
            String title = type != null ? type.title() : known != null ? known.getReasonPhrase() : "Error";
            String detail = status == 400 ? "The request is not valid HTTP: its request line, a header or a "
                    + "%-escape in its path is malformed." : title + ".";
            return "{\"type\":\"" + (type == null ? "about:blank" : type.uri()) + "\",\"title\":\"" + title
                    + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
        }
    }
}
