package dev.descent.optimization;

import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import org.springframework.stereotype.Component;

/**
 * The synchronous endpoints' limit on work ({@code descent.optimization.max-sync-work}): a request that may take
 * more is answered 422 with a problem that points to {@code /api/v1/jobs}, where long work runs in the background.
 */
@Component
public class WorkBudget {

    /** Where work too large for a synchronous request goes. */
    public static final String JOBS = "/api/v1/jobs";

    private final long maxSyncWork;

    WorkBudget(OptimizationProperties properties) {
        this.maxSyncWork = properties.maxSyncWork();
    }

    /** Refuses {@code work} (in the units of {@link RunPlan#work()}) when it is over the synchronous budget. */
    public void checkSync(long work) {
        if (work > maxSyncWork) {
            throw new ProblemException(ProblemType.WORK_TOO_LARGE, "This request may take " + work + " work units "
                    + "(maxIterations × (dimension + 3), summed over its runs); a synchronous request may take at "
                    + "most " + maxSyncWork + ". POST it to " + JOBS + " to run it as a job in the background.")
                    .with("work", work)
                    .with("maxWork", maxSyncWork)
                    .with("jobs", JOBS);
        }
    }
}
