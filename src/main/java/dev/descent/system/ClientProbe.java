package dev.descent.system;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import java.io.IOException;
import java.util.function.Consumer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tells whether the client of a request that is waiting for its answer has gone.
 *
 * <p>The servlet API has no such notice: while a request is asynchronous and nothing is read or written, Tomcat
 * does not watch its connection, so a client that gives up is only noticed when the answer is written, after the
 * work it asked for has been done for nobody. A probe asks Tomcat for the bytes available on the connection,
 * which makes it try one non-blocking read: on a closed connection that read ends in end-of-stream, which Tomcat
 * reports as exactly 1 byte available; a live client that sends nothing has 0; a client that has already sent
 * its next request (pipelining) has that request's bytes, more than 1, and the bytes stay in Tomcat's buffer for
 * it. Only for a request whose body has been read, as it is once a controller runs.
 *
 * <p>Tomcat-specific: a valve puts the probe on each request as the attribute {@link #ATTRIBUTE}; without Tomcat
 * (MockMvc) there is none, and nothing is probed.
 */
public interface ClientProbe {

    /** The request attribute holding the probe. */
    String ATTRIBUTE = ClientProbe.class.getName();

    /** Whether the client has closed the connection. Not to be called while the answer is being written. */
    boolean gone();

    /** The probe of {@code request}, or null when the container offers none. */
    static ClientProbe of(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof ClientProbe probe ? probe : null;
    }

    /** Puts a probe on every request Tomcat serves. */
    @Configuration(proxyBeanMethods = false)
    class TomcatProbes {

        @Bean
        TomcatContextCustomizer clientProbeValve() {
            return context -> context.getPipeline().addValve(new ProbeValve());
        }
    }

    /** The valve that attaches a probe over Tomcat's own request to each request. */
    final class ProbeValve extends ValveBase {

        ProbeValve() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            org.apache.coyote.Request coyote = request.getCoyoteRequest();
            request.setAttribute(ATTRIBUTE, (ClientProbe) () -> {
                coyote.action(ActionCode.AVAILABLE, Boolean.TRUE);
                return coyote.getAvailable() == 1;
            });
            // Closes the connection when the answer is over: nothing more of it is sent, no end of it either.
            request.setAttribute(MinimumWriteRate.CLOSE,
                    (Consumer<IOException>) why -> coyote.action(ActionCode.CLOSE_NOW, why));
            getNext().invoke(request, response);
        }
    }
}
