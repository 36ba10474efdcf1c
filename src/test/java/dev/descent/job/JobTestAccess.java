package dev.descent.job;

import dev.descent.comparison.ComparisonMapper;
import dev.descent.engine.run.CheckpointCodec;
import dev.descent.engine.run.Descent;
import dev.descent.engine.run.Result;
import dev.descent.job.store.JobStore;
import dev.descent.optimization.OptimizationMapper;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/** What tests of whole application instances (dev.descent.replica) need of this package's insides. */
public final class JobTestAccess {

    private JobTestAccess() {
    }

    /**
     * The answer of the uninterrupted runs of the job {@code request}, straight from the engine, mapped by the
     * mappers of {@code instance}, each run's trajectory kept as a job keeps it.
     */
    public static Object uninterruptedAnswer(ConfigurableApplicationContext instance, String request) {
        OptimizationMapper optimizations = instance.getBean(OptimizationMapper.class);
        JobPlan plan = JobPlan.of(instance.getBean(JsonMapper.class).readValue(request, JobRequest.class),
                optimizations, instance.getBean(ComparisonMapper.class),
                JobPlan.limits(optimizations, instance.getBean(JobProperties.class)));
        List<Result> results = new ArrayList<>();
        for (var run : plan.plans()) {
            results.add(run.analyze(Descent.run(run.problem())).compact(run.trajectory().effectiveMaxPoints()));
        }
        return plan.answer().apply(results, null);
    }

    /**
     * The iterations the job has kept, summed over its runs: an ended run's, else its latest checkpoint's (0 with
     * neither).
     */
    public static long checkpointedIterations(JobStore store, String id)
            throws dev.descent.engine.run.CheckpointFormatException {
        java.util.Map<Integer, byte[]> ended = store.runResults(id);
        long iterations = 0;
        for (byte[] run : ended.values()) {
            iterations += StoredJobRunner.EndedRun.fromBytes(run).run().iterations();
        }
        for (JobStore.StoredCheckpoint checkpoint : store.checkpoints(id)) {
            if (!ended.containsKey(checkpoint.run())) {
                iterations += CheckpointCodec.fromBytes(checkpoint.data()).iteration();
            }
        }
        return iterations;
    }

    /** Whether the job runs on {@code instance}. */
    public static boolean runsHere(ConfigurableApplicationContext instance, String id) {
        return instance.getBean(JobService.class).runningHere().contains(id);
    }

    /** Stops every runner of {@code instance} as a killed process would: no more renewals, checkpoints or writes. */
    public static void crash(ConfigurableApplicationContext instance) {
        instance.getBean(JobWorkers.class).crash();
    }

    /** The start of the lease tokens of {@code instance}'s runners (its replica's name). */
    public static String worker(ConfigurableApplicationContext instance) {
        return instance.getBean(JobWorkers.class).replica();
    }

    /** The replica a lease token was given to. */
    public static String replicaOf(String token) {
        return JobWorkers.replicaOf(token);
    }
}
