package dev.descent.optimization;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The receipt's canonical JSON of a parsed answer, written here apart from {@link CanonicalJson} (a tree walked and
 * its members sorted, not the service's serializers): the independent reference the receipt tests recompute hashes
 * with. Members sorted by name, no whitespace, strings and numbers as the service's mapper writes them.
 */
final class CanonicalTrees {

    private CanonicalTrees() {
    }

    /** The canonical JSON of {@code node}, names and scalars written by {@code json}. */
    static String canonical(JsonMapper json, JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(json, node, out);
        return out.toString();
    }

    private static void write(JsonMapper json, JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> member : sorted.entrySet()) {
                out.append(first ? "" : ",").append(json.writeValueAsString(member.getKey())).append(':');
                write(json, member.getValue(), out);
                first = false;
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(json, node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(json.writeValueAsString(node));
        }
    }

    /** The SHA-256 of {@code text} as UTF-8, in lower-case hex. */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
