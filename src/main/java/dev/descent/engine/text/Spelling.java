package dev.descent.engine.text;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Typing slips: what a misspelt name most likely meant. */
public final class Spelling {

    private Spelling() {
    }

    /**
     * The one name among {@code known} a single typing slip from {@code given} (a letter wrong, missing, extra or
     * swapped with its neighbour; case ignored), if exactly one is; names shorter than three letters get none.
     */
    public static Optional<String> oneSlipFrom(String given, Collection<String> known) {
        if (given.length() < 3) {
            return Optional.empty();
        }
        String lower = given.toLowerCase(Locale.ROOT);
        List<String> near = known.stream()
                .filter(name -> oneEdit(lower, name.toLowerCase(Locale.ROOT)))
                .toList();
        return near.size() == 1 ? Optional.of(near.get(0)) : Optional.empty();
    }

    /** Whether {@code a} becomes {@code b} by one substitution, insertion, deletion or swap of neighbours. */
    public static boolean oneEdit(String a, String b) {
        if (a.length() > b.length()) {
            return oneEdit(b, a);
        }
        int prefix = 0;
        while (prefix < a.length() && a.charAt(prefix) == b.charAt(prefix)) {
            prefix++;
        }
        if (prefix == a.length()) {
            return b.length() - a.length() == 1;
        }
        if (a.length() != b.length()) {
            return b.length() - a.length() == 1 && a.substring(prefix).equals(b.substring(prefix + 1));
        }
        if (a.substring(prefix + 1).equals(b.substring(prefix + 1))) {
            return true;
        }
        boolean swapped = prefix + 1 < a.length() && a.charAt(prefix) == b.charAt(prefix + 1)
                && a.charAt(prefix + 1) == b.charAt(prefix);
        return swapped && a.substring(prefix + 2).equals(b.substring(prefix + 2));
    }
}
