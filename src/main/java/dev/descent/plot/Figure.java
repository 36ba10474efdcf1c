package dev.descent.plot;

import dev.descent.engine.objective.Objective;
import dev.descent.engine.run.Iterate;
import dev.descent.engine.stop.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a picture shows, as plain data: one objective and the runs made on it. One optimization is a figure of one
 * run; a comparison (several optimizers or learning rates on one objective) is a figure of several, drawn the same
 * way.
 *
 * @param formula   the objective's formula, for the title
 * @param variables the objective's variables, in the order of every point
 * @param objective evaluated on a grid for the path picture; used by the renderer's thread only; null for a
 *                  convergence picture drawn from stored results (it evaluates nothing)
 * @param runs      the runs, in legend order; at least one
 */
public record Figure(String formula, List<String> variables, Objective objective, List<Run> runs) {

    public Figure {
        variables = List.copyOf(variables);
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("A figure needs at least one run");
        }
        if (objective != null && objective.dimension() != variables.size()) {
            throw new IllegalArgumentException("The objective has " + objective.dimension() + " variables, the "
                    + "figure names " + variables.size());
        }
    }

    public int dimension() {
        return variables.size();
    }

    /**
     * The legend entry of each run, in order, made unique: a chart keys its series by legend, and two runs may
     * carry the same label (a comparison of the rates 0.1 and 0.1), so a repeated one gets {@code (2)},
     * {@code (3)}, ...
     */
    public List<String> legends() {
        Set<String> used = new HashSet<>();
        List<String> legends = new ArrayList<>(runs.size());
        for (Run run : runs) {
            String legend = run.legend();
            for (int k = 2; !used.add(legend); k++) {
                legend = run.legend() + " (" + k + ")";
            }
            legends.add(legend);
        }
        return legends;
    }

    /**
     * One run as drawn: a legend label, its iterates in order (already thinned) and how it ended.
     *
     * @param label    the legend entry, e.g. {@code adam, lr 0.001}
     * @param iterates the start first, then the points after successive updates; non-finite numbers are skipped
     * @param status   how it ended; a DIVERGED run says so in the legend
     */
    public record Run(String label, List<Iterate> iterates, Status status) {

        public Run {
            iterates = List.copyOf(iterates);
            if (iterates.isEmpty()) {
                throw new IllegalArgumentException("A run has at least its start");
            }
        }

        /** The label with the verdict when the run did not end normally. */
        String legend() {
            return status == Status.DIVERGED || status == Status.CANCELLED ? label + " (" + status + ")" : label;
        }
    }
}
