package dev.descent.system;

import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.stream.Collectors;

/**
 * Quotes a client's input in a problem, at most {@link #MAX} characters of it: a 50 MB CSV header line, or half a
 * million unknown variable names, must give a small error, not an error as large as the request.
 */
public final class Echo {

    /** The most characters of input one quotation shows. */
    public static final int MAX = 100;

    private Echo() {
    }

    /** {@code input} as text, cut after {@link #MAX} characters with an ellipsis. */
    public static String of(Object input) {
        // A query parameter given more than once arrives as an array: its values, not the array's identity.
        String text = input instanceof Object[] values ? Arrays.stream(values).map(String::valueOf)
                .collect(Collectors.joining(", ")) : String.valueOf(input);
        if (text.length() <= MAX) {
            return text;
        }
        // Never split a surrogate pair: the cut text stays valid UTF-16.
        int end = Character.isHighSurrogate(text.charAt(MAX - 1)) ? MAX - 1 : MAX;
        return text.substring(0, end) + "…";
    }

    /**
     * The {@code names} joined by ", " while they fit in {@link #MAX} characters (each one cut as {@link #of}),
     * then "… (N in all)".
     */
    public static String list(Collection<?> names) {
        StringBuilder joined = new StringBuilder();
        Iterator<?> each = names.iterator();
        int shown = 0;
        while (each.hasNext()) {
            String name = of(each.next());
            if (shown > 0 && joined.length() + 2 + name.length() > MAX) {
                return joined.append(", … (").append(names.size()).append(" in all)").toString();
            }
            joined.append(shown > 0 ? ", " : "").append(name);
            shown++;
        }
        return joined.toString();
    }
}
