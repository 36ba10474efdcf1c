package dev.descent.optimization;

import java.util.List;

/**
 * An answer that can be written as a table of its trajectory ({@code text/csv}, {@code application/x-ndjson}):
 * an optimization's answer, a page of a job's trajectory.
 */
public interface TrajectoryTable {

    /** The trajectory the table holds; null when the answer leaves it out (the table is then its header only). */
    TrajectoryView table();

    /**
     * The variables of the trajectory, in order: the table's header names them also when there are no rows. Those of
     * {@link #table()}; an answer that may leave its trajectory out says them itself.
     */
    default List<String> tableVariables() {
        return table().variables();
    }

    /**
     * Whether the table has a {@code momentum} column (the run's schedule cycles the momentum): that of
     * {@link #table()}; an answer that may leave its trajectory out says it itself.
     */
    default boolean tableMomentum() {
        return table().hasMomentum();
    }
}
