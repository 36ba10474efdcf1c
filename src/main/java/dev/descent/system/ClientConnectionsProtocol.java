package dev.descent.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's HTTP/1.1 NIO connector, with the connections of each client address counted as they open and close: a
 * connection past its address's share ({@link #setMaxConnectionsPerClient}) is answered 429 {@code
 * too-many-connections} at once and closed, before a byte of it is read and before the container gives it its
 * buffers. Every open connection holds some 55-63 KB of the heap (Tomcat's socket, header and request buffers,
 * whether or not a request ever arrives), so without a share one client opening thousands of connections, each
 * sending half a request line, filled a 256 MB heap (7,500 of them ended in {@code OutOfMemoryError}), and with
 * only Tomcat's overall limit it could still hold every connection there is and leave other clients waiting.
 *
 * <p>Tomcat offers no hook for this: the endpoint admits a connection in {@code setSocketOptions} (on the acceptor
 * thread, before anything is read) and forgets it by removing it from its {@code connections} map when it closes,
 * whatever closes it; this endpoint counts in the first and uncounts in the second. A client address is the
 * connection's remote IP address: behind a proxy every client is the proxy, and the share should then be the
 * whole connection limit (the proxy's own limits are the ones that tell clients apart).
 *
 * <p>Public with a public constructor: Tomcat makes the protocol from its class name.
 */
public class ClientConnectionsProtocol extends Http11NioProtocol {

    public ClientConnectionsProtocol() {
        super(new Endpoint());
    }

    private Endpoint clientEndpoint() {
        return (Endpoint) getEndpoint();
    }

    /** The most connections one client address may have open; more are answered 429 and closed. */
    public void setMaxConnectionsPerClient(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("at least 1 connection per client, not " + connections);
        }
        clientEndpoint().share(connections);
    }

    public int getMaxConnectionsPerClient() {
        return clientEndpoint().perClient;
    }

    /** The connections refused so far for being past their client's share. */
    public long refusedConnections() {
        return clientEndpoint().refused.get();
    }

    /** The most Tomcat writes to a connection at a time ({@code socket.appWriteBufSize}). */
    public int getWriteBufferBytes() {
        return getEndpoint().getSocketProperties().getAppWriteBufSize();
    }

    /** The connections {@code client} has open now. */
    public int openConnections(InetAddress client) {
        return clientEndpoint().open.getOrDefault(client, 0);
    }

    /** The endpoint that counts connections by client address. */
    static final class Endpoint extends NioEndpoint {

        /** Open connections by client address; an address with none has no entry. */
        final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
        /** The client address of each connection counted in {@link #open}. */
        private final Map<SocketChannel, InetAddress> clients = new ConcurrentHashMap<>();
        final AtomicLong refused = new AtomicLong();
        volatile int perClient = Integer.MAX_VALUE;
        private volatile byte[] refusal = refusal(Integer.MAX_VALUE);
        /** For reading what a refused client has sent already (the acceptor is this endpoint's only caller). */
        private final ByteBuffer drain = ByteBuffer.allocate(4096);

        Endpoint() {
            connections = new Connections();
        }

        void share(int connections) {
            perClient = connections;
            refusal = refusal(connections);
        }

        /** The endpoint's map of open connections, which uncounts a connection as the endpoint forgets it. */
        private final class Connections extends ConcurrentHashMap<SocketChannel, SocketWrapperBase<NioChannel>> {

            private static final long serialVersionUID = 1L;

            @Override
            public SocketWrapperBase<NioChannel> remove(Object channel) {
                release(channel);
                return super.remove(channel);
            }
        }

        @Override
        protected boolean setSocketOptions(SocketChannel socket) {
            InetAddress client = clientOf(socket);
            if (client != null) {
                int limit = perClient;
                boolean[] admitted = new boolean[1];
                open.compute(client, (address, count) -> {
                    int now = count == null ? 0 : count;
                    admitted[0] = now < limit;
                    return admitted[0] ? now + 1 : count;
                });
                if (!admitted[0]) {
                    refuse(socket);
                    return false;
                }
                clients.put(socket, client);
            }
            return super.setSocketOptions(socket);
        }

        @Override
        protected void destroySocket(SocketChannel socket) {
            release(socket);
            super.destroySocket(socket);
        }

        /** Uncounts {@code channel} if it is counted (once, however often it is called). */
        private void release(Object channel) {
            InetAddress client = clients.remove(channel);
            if (client != null) {
                open.computeIfPresent(client, (address, count) -> count > 1 ? count - 1 : null);
            }
        }

        /**
         * Answers 429 on a connection that is not admitted and closes it. The answer is written without waiting
         * (a new connection's send buffer is empty, and 400 bytes fit in it), and what the client has sent already
         * is read and dropped first, so that the close sends the answer and a FIN rather than a reset that could
         * overtake it.
         */
        private void refuse(SocketChannel socket) {
            refused.incrementAndGet();
            try {
                socket.configureBlocking(false);
                drain.clear();
                socket.read(drain);
                socket.write(ByteBuffer.wrap(refusal));
                socket.shutdownOutput();
            } catch (IOException | RuntimeException gone) {
                // The client has gone already: nothing to tell it.
            }
            destroySocket(socket);
        }

        private static InetAddress clientOf(SocketChannel socket) {
            try {
                SocketAddress remote = socket.getRemoteAddress();
                return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
            } catch (IOException gone) {
                return null;
            }
        }

        /** The whole answer to a refused connection: a problem, without {@code instance} (no request was read). */
        static byte[] refusal(int perClient) {
            String problem = "{\"type\":\"" + ProblemType.TOO_MANY_CONNECTIONS.uri() + "\",\"title\":\""
                    + ProblemType.TOO_MANY_CONNECTIONS.title() + "\",\"status\":429,\"detail\":\"This client "
                    + "address has " + perClient + " connections open, the most one client may have: send requests "
                    + "on the connections it has (they stay open between requests), or close some first.\"}";
            byte[] body = problem.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 429 \r\nContent-Type: application/problem+json\r\nContent-Length: " + body.length
                    + "\r\nRetry-After: 1\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            byte[] answer = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, answer, 0, headBytes.length);
            System.arraycopy(body, 0, answer, headBytes.length, body.length);
            return answer;
        }
    }
}
