package dev.descent.comparison;

import dev.descent.optimization.RunPlan;
import java.util.List;

/**
 * A comparison mapped onto the engine: one plan per run, each with its own objective (an objective is not shared
 * between threads), and what the summary needs.
 *
 * @param runs           the runs, in the order of the request
 * @param multiStart     whether the runs differ by their start only (then the summary lists the distinct minima)
 * @param mergeTolerance end points closer than this are one minimum
 */
public record ComparisonPlan(List<PlannedRun> runs, boolean multiStart, double mergeTolerance) {

    /** One run: its label and its plan. */
    public record PlannedRun(String label, RunPlan plan) {
    }

    /** The work of every run together (see {@link RunPlan#work()}). */
    public long work() {
        return runs.stream().mapToLong(run -> run.plan().work()).sum();
    }
}
