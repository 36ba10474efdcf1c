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
import org.springframework.util.unit.DataSize;

/**
 * How many connections the service keeps open, counted in the heap they hold, and how much Tomcat writes to a
 * connection at a time. Each open connection holds Tomcat's buffers whether or not it ever sends a request:
 * 55 KB of heap measured for a connection that sent half a request line (63 KB with the 16 KB write buffer below),
 * so Tomcat's default of 8,192 connections could hold 500 MB, more than a 256 MB heap (measured: 7,500 such
 * connections from one client ended a 256 MB service in {@code OutOfMemoryError}). At most as many as an eighth of
 * the heap holds at {@link #connectionBytes} each, within {@code server.tomcat.max-connections}, and from any one
 * client address a quarter of that ({@link ClientConnectionsProtocol}), unless {@code descent.http.*} says
 * otherwise. A connection past the overall limit waits in the system's accept queue until one closes; one past its
 * client's share is answered 429 {@code too-many-connections} and closed.
 *
 * <p>The write buffer ({@code socket.appWriteBufSize}, 8 KB in Tomcat) is the most Tomcat hands the system in one
 * write: a 35 MB answer took 4,300 writes. At 16 KB the 100,000-point answer of the load benchmark took 138-150 ms
 * instead of 188-208 as JSON, 98-118 instead of 132-154 as CSV (alternating servers of one build, median of 7 by
 * curl; 174-205 against 189-214 and 112-133 against 108-148 in a busier hour); 32 and 64 KB gained little more
 * (132-149, 134-141 ms JSON) for 16 and 48 KB more on every connection.
 */
@Component
class ConnectionLimits implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    /** What one open connection is counted to hold besides its write buffer (measured: 47 KB). */
    static final long CONNECTION_BYTES_BESIDES_WRITES = 48 << 10;

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);

    /**
     * The connection limits ({@code descent.http.*}).
     *
     * @param maxConnections          the most connections open at once; 0 (the default) for as many as an eighth
     *                                of the heap holds at 64 KB each, within {@code server.tomcat.max-connections}
     * @param maxConnectionsPerClient the most one client address may have open; 0 (the default) for a quarter of
     *                                {@code maxConnections}. Behind a proxy, which is then the only client, set it to
     *                                {@code maxConnections}
     * @param writeBuffer             the most Tomcat writes to a connection at a time, held by every connection
     *                                (Tomcat's {@code socket.appWriteBufSize})
     */
    @ConfigurationProperties("descent.http")
    record Properties(@DefaultValue("0") int maxConnections, @DefaultValue("0") int maxConnectionsPerClient,
                      @DefaultValue("16KB") DataSize writeBuffer) {

        Properties {
            if (maxConnections < 0 || maxConnectionsPerClient < 0) {
                throw new IllegalArgumentException("descent.http.max-connections and max-connections-per-client "
                        + "are 0 (sized from the heap) or more, not " + maxConnections + " and "
                        + maxConnectionsPerClient);
            }
            if (writeBuffer.toBytes() < 1024 || writeBuffer.toBytes() > (1 << 20)) {
                throw new IllegalArgumentException("descent.http.write-buffer is 1KB to 1MB, not " + writeBuffer);
            }
        }

        /** What one open connection is counted to hold: 48 KB and its write buffer. */
        long connectionBytes() {
            return CONNECTION_BYTES_BESIDES_WRITES + writeBuffer.toBytes();
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
            connector.setProperty("socket.appWriteBufSize", Long.toString(properties.writeBuffer().toBytes()));
            // A client that asks first (Expect: 100-continue) sends its body only when it is read: a body refused
            // before (413 too-large, 503 busy) is never sent.
            connector.setProperty("continueResponseTiming", "onRead");
            if (connector.getProtocolHandler() instanceof ClientConnectionsProtocol protocol) {
                long heap = Runtime.getRuntime().maxMemory();
                int connections = maxConnections(properties.maxConnections(), protocol.getMaxConnections(), heap,
                        properties.connectionBytes());
                int perClient = perClient(properties.maxConnectionsPerClient(), connections);
                protocol.setMaxConnections(connections);
                protocol.setMaxConnectionsPerClient(perClient);
                LOG.info("At most {} connections open ({} from any one client address), for a heap of {} MB; "
                        + "{} KB written to a connection at a time", connections, perClient, heap >> 20,
                        properties.writeBuffer().toKilobytes());
                registry.ifAvailable(meters -> FunctionCounter.builder("descent.rejections", protocol,
                                ClientConnectionsProtocol::refusedConnections)
                        .description("Requests refused or given up, by reason")
                        .tag("reason", "too-many-connections").register(meters));
            }
        });
    }

    /**
     * The connection limit: {@code configured} if set, else as many as an eighth of {@code heap} holds at
     * {@code connectionBytes} each, at most {@code container} (Tomcat's limit; -1 for none) and at least 64.
     */
    static int maxConnections(int configured, int container, long heap, long connectionBytes) {
        if (configured > 0) {
            return configured;
        }
        long fits = Math.max(64, heap / 8 / connectionBytes);
        return (int) (container > 0 ? Math.min(container, fits) : Math.min(Integer.MAX_VALUE, fits));
    }

    /** The share of one client address: {@code configured} if set (at most the limit), else a quarter. */
    static int perClient(int configured, int connections) {
        return configured > 0 ? Math.min(configured, connections) : Math.max(1, connections / 4);
    }
}
