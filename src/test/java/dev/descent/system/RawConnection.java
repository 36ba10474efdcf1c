package dev.descent.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.apache.coyote.ProtocolHandler;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * A TCP connection to the service from a chosen loopback address (127.0.0.2, 127.0.0.3, ...: on Linux the whole of
 * 127/8 is the loopback interface), for tests of what the service does with connections as such: one that sends
 * half a request line or half a body and stays, one that asks for a page and reads the whole answer.
 */
final class RawConnection implements AutoCloseable {

    private final Socket socket;

    private RawConnection(Socket socket) {
        this.socket = socket;
    }

    /** Connects from {@code client} (a loopback address) to the service on {@code port}. */
    static RawConnection open(String client, int port) throws IOException {
        return open(client, port, 0);
    }

    /**
     * Connects from {@code client} with a receive buffer of {@code receiveBuffer} bytes (0: the system's, which on
     * loopback grows to megabytes): a small one makes a client that reads nothing hold the service's writes up.
     */
    static RawConnection open(String client, int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setSoTimeout(10_000);
        socket.bind(new InetSocketAddress(InetAddress.getByName(client), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        return new RawConnection(socket);
    }

    /** Sends the start of a request and no more: the connection stays open, waiting for the rest. */
    RawConnection half() throws IOException {
        socket.getOutputStream().write("GET /actuator/health HTTP/1.1\r\nHost: local"
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return this;
    }

    /**
     * Sends the head of a JSON POST announcing {@code length} bytes of body, and the body's first {@code start} bytes,
     * and no more: the connection stays open, the service waiting for the rest of the body.
     */
    RawConnection startPost(String path, long length, String start) throws IOException {
        socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: local\r\nContent-Type: application/json"
                + "\r\nContent-Length: " + length + "\r\n\r\n" + start).getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return this;
    }

    /** The next {@code n} bytes the service sends (fewer if it closes the connection first), as text. */
    String read(int n) throws IOException {
        return new String(socket.getInputStream().readNBytes(n), StandardCharsets.UTF_8);
    }

    /** What the service sends, to read as the test pleases. */
    InputStream input() throws IOException {
        return socket.getInputStream();
    }

    /** Sends {@code text}, more of what was started. */
    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Asks for {@code path} with {@code Connection: close} and answers everything the service sent, to its end. */
    String get(String path) throws IOException {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: local\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return readAll();
    }

    /**
     * POSTs {@code body} as JSON with {@code Expect: 100-continue} and {@code Connection: close}, sending the body only
     * if the service asks for it, and answers the final answer, whole (not the 100).
     */
    String postExpecting(String path, byte[] body) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString(StandardCharsets.UTF_8);
            }
            head.write(b);
        }
        String first = head.toString(StandardCharsets.US_ASCII);
        if (!first.startsWith("HTTP/1.1 100")) {
            return first + readAll();
        }
        out.write(body);
        out.flush();
        return readAll();
    }

    /** Everything the service sends until it closes the connection (without sending anything first). */
    String readAll() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no end of the answer within 10 s; so far: " + all, e);
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The service's connector protocol, for its connection counts. */
    static ClientConnectionsProtocol protocol(ApplicationContext context) {
        TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) context).getWebServer();
        ProtocolHandler handler = server.getTomcat().getConnector().getProtocolHandler();
        return (ClientConnectionsProtocol) handler;
    }
}
