package dev.descent.job;

import dev.descent.comparison.ComparisonMapper;
import dev.descent.job.store.JobKind;
import dev.descent.comparison.ComparisonPlan;
import dev.descent.comparison.ComparisonResponse;
import dev.descent.engine.run.Result;
import dev.descent.optimization.OptimizationMapper;
import dev.descent.optimization.OptimizationResponse;
import dev.descent.optimization.Receipt;
import dev.descent.optimization.RunPlan;
import dev.descent.system.InvalidRequestException;
import dev.descent.system.ProblemException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A job request mapped onto the engine, as {@link JobService#submit} and the store-backed runner map it: its kind, the
 * label of each run ({@code optimization} for a single descent, the comparison's labels otherwise), each run's plan,
 * and how the runs' results become the job's answer (an optimization's or a comparison's response; given the runs'
 * result hashes when they are known, {@link #resultHashes}, computed when null). Mapping the same request again (after
 * a restart, on another replica) gives the same problems, so a run resumes from its checkpoint.
 */
record JobPlan(JobKind kind, List<String> labels, List<RunPlan> plans,
               BiFunction<List<Result>, List<String>, Object> answer) {

    JobPlan {
        labels = List.copyOf(labels);
        plans = List.copyOf(plans);
    }

    /** The most numbers the job's answer holds: its runs' ({@link RunPlan#answerNumbers()}) together. */
    long answerNumbers() {
        return plans.stream().mapToLong(RunPlan::answerNumbers).sum();
    }

    /** What a job's runs may ask for: far more than a synchronous request, since the time budget bounds a job. */
    static OptimizationMapper.Limits limits(OptimizationMapper optimizations, JobProperties properties) {
        return optimizations.synchronousLimits().forJobs(properties.maxIterations(), properties.maxDimension(),
                properties.maxExpressionLength(), properties.maxDataCells());
    }

    /**
     * The plan of {@code request} within {@code limits} (a job's: {@link #limits}); the mappers' problems for an
     * invalid one, named under its member.
     */
    static JobPlan of(JobRequest request, OptimizationMapper optimizations, ComparisonMapper comparisons,
                      OptimizationMapper.Limits limits) {
        boolean hasOptimization = request.optimization() != null;
        if (hasOptimization == (request.comparison() != null)) {
            throw new InvalidRequestException("body", "give exactly one of 'optimization' and 'comparison'");
        }
        if (hasOptimization) {
            RunPlan plan = ProblemException.within("optimization",
                    () -> optimizations.toPlan(request.optimization(), new IdentityHashMap<>(), limits));
            return new JobPlan(JobKind.OPTIMIZATION, List.of("optimization"), List.of(plan),
                    (results, hashes) -> optimizations.toResponse(plan, results.get(0),
                            hashes == null ? null : hashes.get(0)));
        }
        ComparisonPlan plan = ProblemException.within("comparison",
                () -> comparisons.toPlan(request.comparison(), limits));
        return new JobPlan(JobKind.COMPARISON, plan.runs().stream().map(ComparisonPlan.PlannedRun::label).toList(),
                plan.runs().stream().map(ComparisonPlan.PlannedRun::plan).toList(),
                (results, hashes) -> comparisons.toResponse(plan, results, hashes));
    }

    /**
     * The result hashes of the runs of {@code answer} (one of {@link #answer}'s), in order; null when a run has no
     * receipt.
     */
    static List<String> resultHashes(Object answer) {
        List<Receipt> receipts = new ArrayList<>();
        if (answer instanceof OptimizationResponse optimization) {
            receipts.add(optimization.receipt());
        } else if (answer instanceof ComparisonResponse comparison) {
            comparison.runs().forEach(run -> receipts.add(run.result().receipt()));
        }
        List<String> hashes = new ArrayList<>();
        for (Receipt receipt : receipts) {
            if (receipt == null || receipt.resultHash() == null) {
                return null;
            }
            hashes.add(receipt.resultHash());
        }
        return hashes.isEmpty() ? null : List.copyOf(hashes);
    }
}
