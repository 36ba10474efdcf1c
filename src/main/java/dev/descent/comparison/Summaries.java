package dev.descent.comparison;

import dev.descent.comparison.ComparisonResponse.ComparisonSummary;
import dev.descent.comparison.ComparisonResponse.MinimumFound;
import dev.descent.comparison.ComparisonResponse.RankedRun;
import dev.descent.comparison.ComparisonResponse.StartReached;
import dev.descent.engine.run.Result;
import dev.descent.engine.stop.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.util.MathArrays;

/**
 * The summary across the runs of a comparison: the ranking, the diverged runs, the distinct minima. When the runs
 * maximize (they all do or none does), the ranking puts the highest best value first and the multi-start's minima
 * are the maxima found, highest first.
 */
final class Summaries {

    private Summaries() {
    }

    static ComparisonSummary summarize(ComparisonPlan plan, List<Result> results) {
        double sense = sense(plan);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> failed(results.get(i)) ? 1 : 0)
                .thenComparingDouble(i -> sortable(sense * results.get(i).best().value()))
                .thenComparingInt(i -> results.get(i).iterations())
                .thenComparingInt(i -> i));
        List<RankedRun> ranking = new ArrayList<>();
        for (int place = 0; place < order.size(); place++) {
            int i = order.get(place);
            Result result = results.get(i);
            Status status = result.stopReason().status();
            ranking.add(new RankedRun(place + 1, i, plan.runs().get(i).label(), status,
                    finiteOrNull(result.best().value()), finiteOrNull(result.last().value()), result.iterations(),
                    status == Status.CONVERGED ? result.iterations() : null, result.behaviour().monotone(),
                    result.behaviour().oscillating(result.iterations())));
        }
        Integer best = order.isEmpty() || failed(results.get(order.get(0))) ? null : order.get(0);
        List<Integer> diverged = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).stopReason().status() == Status.DIVERGED) {
                diverged.add(i);
            }
        }
        return new ComparisonSummary(ranking, best, diverged, plan.multiStart() ? minima(plan, results) : null);
    }

    /**
     * Merges the minima (best points) of the runs that ended well (CONVERGED or MAX_ITERATIONS): taking them from the
     * lowest value up, each joins the first minimum already found within {@code mergeTolerance} of it, or founds a
     * new one. A minimum is represented by its lowest point, so the grouping does not drift along a chain of points.
     */
    static List<MinimumFound> minima(ComparisonPlan plan, List<Result> results) {
        List<Integer> ended = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Status status = results.get(i).stopReason().status();
            if ((status == Status.CONVERGED || status == Status.MAX_ITERATIONS)
                    && Double.isFinite(results.get(i).best().value())) {
                ended.add(i);
            }
        }
        double sense = sense(plan);
        ended.sort(Comparator.<Integer>comparingDouble(i -> sense * results.get(i).best().value())
                .thenComparingInt(i -> i));
        List<double[]> representatives = new ArrayList<>();
        List<List<Integer>> groups = new ArrayList<>();
        for (int i : ended) {
            double[] end = results.get(i).best().point();
            int group = -1;
            for (int g = 0; g < representatives.size() && group < 0; g++) {
                if (MathArrays.distance(end, representatives.get(g)) <= plan.mergeTolerance()) {
                    group = g;
                }
            }
            if (group < 0) {
                representatives.add(end);
                groups.add(new ArrayList<>());
                group = groups.size() - 1;
            }
            groups.get(group).add(i);
        }
        List<MinimumFound> minima = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> members = new ArrayList<>(groups.get(g));
            members.sort(Comparator.naturalOrder());
            List<String> variables = plan.runs().get(members.get(0)).plan().variables();
            List<StartReached> starts = new ArrayList<>();
            for (int i : members) {
                starts.add(new StartReached(i, point(variables, plan.runs().get(i).plan().problem().start())));
            }
            minima.add(new MinimumFound(point(variables, representatives.get(g)),
                    results.get(groups.get(g).get(0)).best().value(), g == 0, starts));
        }
        return minima;
    }

    static Map<String, Double> point(List<String> variables, double[] x) {
        Map<String, Double> point = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) {
            point.put(variables.get(i), Double.isFinite(x[i]) ? x[i] : null);
        }
        return point;
    }

    /** +1, or -1 when the runs maximize: what turns a best value into one to sort from the best up. */
    private static double sense(ComparisonPlan plan) {
        return plan.runs().isEmpty() ? 1 : plan.runs().get(0).plan().problem().sense();
    }

    private static boolean failed(Result result) {
        Status status = result.stopReason().status();
        return status == Status.DIVERGED || status == Status.CANCELLED || !Double.isFinite(result.last().value());
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static double sortable(double value) {
        return Double.isNaN(value) ? Double.POSITIVE_INFINITY : value;
    }
}
