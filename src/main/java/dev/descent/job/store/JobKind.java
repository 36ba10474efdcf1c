package dev.descent.job.store;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a job runs: one optimization, or a comparison of several runs. Written as its lower-case name. */
public enum JobKind {
    /** One descent ({@code {"optimization": ...}}), one run labelled {@code optimization}. */
    OPTIMIZATION("optimization"),
    /** A comparison ({@code {"comparison": ...}}): several runs, each with its own progress. */
    COMPARISON("comparison");

    private final String value;

    JobKind(String value) {
        this.value = value;
    }

    /** The kind as the API and the store write it: {@code optimization} or {@code comparison}. */
    @JsonValue
    public String value() {
        return value;
    }

    /** The kind written {@code value}; an {@link IllegalArgumentException} for another. */
    public static JobKind of(String value) {
        for (JobKind kind : values()) {
            if (kind.value.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("No job kind '" + value + "'");
    }

    @Override
    public String toString() {
        return value;
    }
}
