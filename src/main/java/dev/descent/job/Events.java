package dev.descent.job;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-Sent Events as the bytes a stream writes: {@code id:}, {@code event:} and one {@code data:} line of JSON,
 * then a blank line; and comment lines for heartbeats.
 */
final class Events {

    /** A comment line: keeps an idle connection in use, so that a client that has gone is noticed. */
    static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    /** The data of the {@code shutdown} event. */
    static final Map<String, String> SHUTDOWN = Map.of("detail", "The service is shutting down; this stream ends "
            + "here. Reconnect later with Last-Event-ID to resume.");

    private final JsonMapper json;

    Events(JsonMapper json) {
        this.json = json;
    }

    /** The event {@code name} with {@code data} as JSON, and {@code id} unless it is null. */
    byte[] event(Long id, String name, Object data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        StringBuilder head = new StringBuilder(32);
        if (id != null) {
            head.append("id:").append(id).append('\n');
        }
        head.append("event:").append(name).append("\ndata:");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        // One line: the mapper writes compact JSON, whose strings escape every line break.
        json.writeValue(out, data);
        out.writeBytes(new byte[] {'\n', '\n'});
        return out.toByteArray();
    }
}
