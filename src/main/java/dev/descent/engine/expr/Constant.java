package dev.descent.engine.expr;

import java.util.Arrays;
import java.util.Optional;

/** The named constants; their names are reserved and cannot be used as variables. */
public enum Constant {
    PI("pi", Math.PI),
    E("e", Math.E);

    private final String constantName;
    private final double value;

    Constant(String constantName, double value) {
        this.constantName = constantName;
        this.value = value;
    }

    /** The name used in source, e.g. {@code "pi"}. */
    public String constantName() {
        return constantName;
    }

    /** The nearest double to the constant ({@link Math#PI}, {@link Math#E}). */
    public double value() {
        return value;
    }

    /** The constant called {@code name} in source, if there is one. */
    public static Optional<Constant> byName(String name) {
        return Arrays.stream(values()).filter(c -> c.constantName.equals(name)).findFirst();
    }
}
