package dev.descent.engine.expr;

import dev.descent.engine.text.Spelling;
import java.util.Arrays;
import java.util.Locale;
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

    /** The names in source, in this enum's order: {@code "sin, cos, …, abs"}. */
    public static String names() {
        return Arrays.stream(values()).map(Fn::functionName).collect(Collectors.joining(", "));
    }

    /**
     * What a writer of {@code name} most likely meant, in words, if anything: a function in another case
     * ({@code Sin}), another language's name for one ({@code ln}, {@code arcsin}), an operator ({@code pow}), or the
     * one function a typing slip away ({@code ezp}).
     */
    public static Optional<String> meant(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (BY_NAME.containsKey(lower)) {
            return Optional.of(lower);
        }
        return switch (lower) {
            case "ln" -> Optional.of("log (the natural logarithm)");
            case "lg" -> Optional.of("log10");
            case "arcsin", "arccos", "arctan" -> Optional.of("a" + lower.substring(3));
            case "pow", "power" -> Optional.of("the operator ^ (x^y)");
            case "sqr", "square" -> Optional.of("x^2");
            default -> Spelling.oneSlipFrom(lower, BY_NAME.keySet());
        };
    }
}
