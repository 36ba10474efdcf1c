package dev.descent.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * An event-stream client on a raw socket with a small receive buffer, for the clients that read slowly or not at
 * all: it sends the GET and reads only when told to.
 */
final class StreamClient implements AutoCloseable {

    private final Socket socket = new Socket();

    /** Connects to the events of job {@code id} and sends the request; reads nothing. */
    StreamClient(int port, String id) throws IOException {
        // Set before connecting, so that the window the client offers stays small.
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("localhost", port), 5000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/v1/jobs/" + id + "/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Reads what the server sends until it ends the response (closes the connection), for at most
     * {@code millis}; answers what was read, and whether the end came.
     */
    Read readToEnd(long millis) throws IOException {
        socket.setSoTimeout(200);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        long deadline = System.nanoTime() + millis * 1_000_000;
        InputStream in = socket.getInputStream();
        while (System.nanoTime() < deadline) {
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    return new Read(all.toString(StandardCharsets.UTF_8), true);
                }
                all.write(buffer, 0, n);
            } catch (SocketTimeoutException idle) {
                // Nothing yet; try again until the deadline.
            } catch (IOException reset) {
                return new Read(all.toString(StandardCharsets.UTF_8), true);
            }
        }
        return new Read(all.toString(StandardCharsets.UTF_8), false);
    }

    /** What was read, and whether the server ended the response. */
    record Read(String text, boolean ended) {
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
