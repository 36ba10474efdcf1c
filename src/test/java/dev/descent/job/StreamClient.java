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
                    return new Read(all.toString(StandardCharsets.ISO_8859_1), true);
                }
                all.write(buffer, 0, n);
            } catch (SocketTimeoutException idle) {
                // Nothing yet; try again until the deadline.
            } catch (IOException reset) {
                return new Read(all.toString(StandardCharsets.ISO_8859_1), true);
            }
        }
        // Byte for character, so that the chunk sizes count characters.
        return new Read(all.toString(StandardCharsets.ISO_8859_1), false);
    }

    /** What was read (the status line, the headers and the body as sent), and whether the server ended it. */
    record Read(String text, boolean ended) {

        /** The body without the framing of chunked transfer encoding, as far as it was read. */
        String body() {
            int at = text.indexOf("\r\n\r\n") + 4;
            StringBuilder body = new StringBuilder();
            while (at < text.length()) {
                int line = text.indexOf("\r\n", at);
                if (line < 0) {
                    break;
                }
                int size = Integer.parseInt(text.substring(at, line).trim(), 16);
                int from = line + 2;
                body.append(text, from, Math.min(text.length(), from + size));
                at = from + size + 2;
            }
            return body.toString();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
