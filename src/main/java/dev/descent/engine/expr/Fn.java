package dev.descent.engine.expr;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The built-in functions of one argument, each with the name it is called by in source. Angles are radians. */
public enum Fn {
    SIN("sin"),
    COS("cos"),
    TAN("tan"),
    ASIN("asin"),
    ACOS("acos"),
    ATAN("atan"),
    SINH("sinh"),
    COSH("cosh"),
    TANH("tanh"),
    EXP("exp"),
    /** The natural logarithm. */
    LOG("log"),
    LOG10("log10"),
    SQRT("sqrt"),
    ABS("abs");

    private static final Map<String, Fn> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Fn::functionName, Function.identity()));

    private final String functionName;

    Fn(String functionName) {
        this.functionName = functionName;
    }

    /** The name used in source, e.g. {@code "log10"}. */
    public String functionName() {
        return functionName;
    }

    /** The function called {@code name} in source, if there is one (case-sensitive: {@code Sin} is not {@code sin}). */
    public static Optional<Fn> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
