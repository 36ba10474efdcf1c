package dev.descent.system;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * How many connections the service keeps open, counted in the heap they hold: each open connection holds some
 * 20-50 KB of Tomcat's buffers whether or not it ever sends a request, so Tomcat's default of 8,192 connections
 * could hold 400 MB, more than a 256 MB heap (measured: 7,500 connections that each sent half a request line ended
 * a 256 MB service in {@code OutOfMemoryError}). At most {@link #CONNECTION_BYTES} of an eighth of the heap,
 * within {@code server.tomcat.max-connections}, and from any one client address a quarter of that
 * ({@link ClientConnectionsProtocol}), unless {@code descent.http.*} says otherwise. A connection past the overall
 * limit waits in the system's accept queue until one closes; one past its client's share is answered 429
 * {@code too-many-connections} and closed.
 */
@Component
class ConnectionLimits implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    /** What one open connection is counted to hold: its socket, header and request buffers with room to spare. */
    static final long CONNECTION_BYTES = 64 << 10;

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);

    /**
     * The connection limits ({@code descent.http.*}).
     *
     * @param maxConnections          the most connections open at once; 0 (the default) for as many as an eighth
     *                                of the heap holds at 64 KB each, within {@code server.tomcat.max-connections}
     * @param maxConnectionsPerClient the most one client address may have open; 0 (the default) for a quarter of
     *                                {@code maxConnections}. Behind a proxy, which is then the only client, set it to
     *                                {@code maxConnections}
     */
    @ConfigurationProperties("descent.http")
    record Properties(@DefaultValue("0") int maxConnections, @DefaultValue("0") int maxConnectionsPerClient) {

        Properties {
            if (maxConnections < 0 || maxConnectionsPerClient < 0) {
                throw new IllegalArgumentException("descent.http.max-connections and max-connections-per-client "
                        + "are 0 (sized from the heap) or more, not " + maxConnections + " and "
                        + maxConnectionsPerClient);
            }
        }
    }

    private final Properties properties;
    private final ObjectProvider<MeterRegistry> registry;

    ConnectionLimits(Properties properties, ObjectProvider<MeterRegistry> registry) {
        this.properties = properties;
        this.registry = registry;
    }

    /** After Spring Boot's own customizer, which sets {@code server.tomcat.max-connections}. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.setProtocol(ClientConnectionsProtocol.class.getName());
        // A connector customizer, as Spring Boot's for server.tomcat.max-connections is, and added after it.
        factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof ClientConnectionsProtocol protocol) {
                long heap = Runtime.getRuntime().maxMemory();
                int connections = maxConnections(properties.maxConnections(), protocol.getMaxConnections(), heap);
                int perClient = perClient(properties.maxConnectionsPerClient(), connections);
                protocol.setMaxConnections(connections);
                protocol.setMaxConnectionsPerClient(perClient);
                LOG.info("At most {} connections open ({} from any one client address), for a heap of {} MB",
                        connections, perClient, heap >> 20);
                registry.ifAvailable(meters -> FunctionCounter.builder("descent.rejections", protocol,
                                ClientConnectionsProtocol::refusedConnections)
                        .description("Requests refused or given up, by reason")
                        .tag("reason", "too-many-connections").register(meters));
            }
        });
    }

    /**
     * The connection limit: {@code configured} if set, else as many as an eighth of {@code heap} holds at
     * {@link #CONNECTION_BYTES} each, at most {@code container} (Tomcat's limit; -1 for none) and at least 64.
     */
    static int maxConnections(int configured, int container, long heap) {
        if (configured > 0) {
            return configured;
        }
        long fits = Math.max(64, heap / 8 / CONNECTION_BYTES);
        return (int) (container > 0 ? Math.min(container, fits) : Math.min(Integer.MAX_VALUE, fits));
    }

    /** The share of one client address: {@code configured} if set (at most the limit), else a quarter. */
    static int perClient(int configured, int connections) {
        return configured > 0 ? Math.min(configured, connections) : Math.max(1, connections / 4);
    }
}
