package dev.descent.plot;

import dev.descent.engine.objective.Objective;
import dev.descent.engine.objective.RegressionObjective;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.Trajectory;
import dev.descent.comparison.ComparisonMapper;
import dev.descent.comparison.ComparisonPlan;
import dev.descent.job.JobService;
import dev.descent.optimization.OptimizationMapper;
import dev.descent.optimization.RunPlan;
import dev.descent.optimization.WorkBudget;
import dev.descent.rangetest.RangeTestMapper;
import dev.descent.system.Echo;
import dev.descent.system.FieldProblem;
import dev.descent.system.InvalidRequestException;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Turns a plot request into a {@link Figure}: maps it with the optimization or comparison API's own mapper (so
 * every field is checked as there) and checks that the picture can be drawn and the work budget before anything
 * runs; the figure is made of the runs' results. A finished job's runs are drawn as they ran.
 */
@Component
class PlotMapper {

    private final OptimizationMapper optimizations;
    private final ComparisonMapper comparisons;
    private final WorkBudget budget;
    private final JobService jobs;
    private final RangeTestMapper rangeTests;

    PlotMapper(OptimizationMapper optimizations, ComparisonMapper comparisons, WorkBudget budget, JobService jobs,
               RangeTestMapper rangeTests) {
        this.optimizations = optimizations;
        this.comparisons = comparisons;
        this.budget = budget;
        this.jobs = jobs;
        this.rangeTests = rangeTests;
    }

    /**
     * The runs {@code request} asks to draw (one optimization, or a comparison's runs), checked as their own
     * endpoints check them, checked drawable, and the runs and the drawing together checked within the synchronous
     * work budget, before anything runs.
     */
    PlotPlan toPlan(PlotRequest request, PlotOptions options) {
        PlotKind kind = options.kind();
        int given = (request.optimization() == null ? 0 : 1) + (request.comparison() == null ? 0 : 1)
                + (request.rangeTest() == null ? 0 : 1);
        if (given != 1) {
            throw new InvalidRequestException("body", "give exactly one of 'optimization', 'comparison' and "
                    + "'rangeTest'");
        }
        if ((kind == PlotKind.RANGE_TEST) != (request.rangeTest() != null)) {
            throw new InvalidRequestException("kind", kind == PlotKind.RANGE_TEST
                    ? "rangeTest draws a range test: give 'rangeTest' in the body"
                    : "a 'rangeTest' is drawn with kind=rangeTest");
        }
        if (request.rangeTest() != null) {
            return rangeTestPlan(request, options);
        }
        List<String> labels = new ArrayList<>();
        List<RunPlan> plans = new ArrayList<>();
        if (request.optimization() != null) {
            RunPlan plan = ProblemException.within("optimization", () -> optimizations.toPlan(request.optimization()));
            labels.add(plan.legend());
            plans.add(plan);
        } else {
            ComparisonPlan plan = ProblemException.within("comparison", () -> comparisons.toPlan(request.comparison()));
            plan.runs().forEach(run -> {
                labels.add(run.label());
                plans.add(run.plan());
            });
        }
        RunPlan first = plans.get(0);
        kind.checkDrawable(first.variables().size());
        long runsWork = plans.stream().mapToLong(RunPlan::work).sum();
        budget.checkSync(runsWork);
        long points = plans.stream()
                .mapToLong(plan -> Math.min(plan.trajectory().effectiveMaxPoints(), (long) plan.maxIterations() + 1))
                .sum();
        long drawing = DrawingCost.of(options, first.variables().size(), evaluationCost(first), points);
        checkDrawing(runsWork, drawing);
        return new PlotPlan(labels, plans, drawing, null);
    }

    /** The run of a range test's picture, checked as its own endpoint checks it, and its drawing. */
    private PlotPlan rangeTestPlan(PlotRequest request, PlotOptions options) {
        RangeTestMapper.RangeTestPlan plan = ProblemException.within("rangeTest",
                () -> rangeTests.toPlan(request.rangeTest()));
        long runWork = plan.run().work();
        budget.checkSync(runWork);
        long drawing = DrawingCost.of(options, plan.run().variables().size(), 0, 2L * plan.test().steps());
        checkDrawing(runWork, drawing);
        return new PlotPlan(List.of("range test"), List.of(plan.run()), drawing, plan);
    }

    /**
     * The runs of a picture.
     *
     * @param labels    the legend entries, one per run
     * @param plans     the runs
     * @param drawing   what drawing them takes, in work units ({@link DrawingCost})
     * @param rangeTest the range test whose curve is drawn (kind=rangeTest), else null
     */
    record PlotPlan(List<String> labels, List<RunPlan> plans, long drawing, RangeTestMapper.RangeTestPlan rangeTest) {
    }

    /** The picture of {@code plan}'s runs, once they have ended with {@code results}. */
    byte[] draw(PlotPlan plan, List<Result> results, PlotOptions options) {
        if (plan.rangeTest() != null) {
            return PlotRenderer.image(RangeTestChart.create(rangeTests.toResponse(plan.rangeTest(), results.get(0))),
                    options);
        }
        return PlotRenderer.render(toFigure(plan, results), options);
    }

    /** The figure of {@code plan}'s runs, once they have ended with {@code results}. */
    Figure toFigure(PlotPlan plan, List<Result> results) {
        List<Figure.Run> runs = new ArrayList<>();
        for (int i = 0; i < plan.plans().size(); i++) {
            runs.add(run(plan.labels().get(i), plan.plans().get(i), results.get(i)));
        }
        RunPlan first = plan.plans().get(0);
        return new Figure(first.formula(), first.variables(), first.problem().objective(), runs);
    }

    /**
     * The figure of a finished job's runs, drawn on a fresh copy of its objective, after checking that the drawing
     * is within the synchronous work budget. It holds the job's read (and its memory, counted by the budget of reads)
     * until closed: once drawn.
     */
    JobFigure toFigure(String jobId, PlotOptions options) {
        if (options.kind() == PlotKind.RANGE_TEST) {
            throw new InvalidRequestException("kind", "a job is drawn with kind=path or kind=convergence; "
                    + "kind=rangeTest draws a range test, POSTed to /api/v1/plots");
        }
        if (options.kind() == PlotKind.CONVERGENCE) {
            Optional<JobService.StoredFigure> stored = jobs.storedFigure(jobId);
            if (stored.isPresent()) {
                return convergence(stored.get(), options);
            }
        }
        JobService.FinishedRuns read = jobs.finishedRuns(jobId);
        try {
            List<JobService.FinishedRun> finished = read.runs();
            RunPlan first = finished.get(0).plan();
            options.kind().checkDrawable(first.variables().size());
            long points = finished.stream().mapToLong(run -> Math.min(run.result().trajectory().size(),
                    run.plan().trajectory().effectiveMaxPoints())).sum();
            long drawing = DrawingCost.of(options, first.variables().size(), evaluationCost(first), points);
            checkDrawing(0, drawing);
            List<Figure.Run> runs = new ArrayList<>();
            for (JobService.FinishedRun run : finished) {
                runs.add(run(finished.size() == 1 ? run.plan().legend() : run.label(), run.plan(), run.result()));
            }
            // The job's own objective instance belongs to the run that used it; the picture evaluates another.
            return new JobFigure(new Figure(first.formula(), first.variables(), first.problem().objective().fork(),
                    runs), drawing, read::close);
        } catch (RuntimeException e) {
            read.close();
            throw e;
        }
    }

    /**
     * The convergence picture of a finished job from its stored result alone (no objective: the picture evaluates
     * nothing), the same picture its plan would make: each run's kept trajectory (already thinned to its
     * {@code trajectory.maxPoints}), its legend when it is alone, else its label.
     */
    private JobFigure convergence(JobService.StoredFigure stored, PlotOptions options) {
        try {
            List<JobService.FigureRun> finished = stored.runs();
            long points = finished.stream().mapToLong(run -> run.trajectory().size()).sum();
            long drawing = DrawingCost.of(options, stored.variables().size(), 0, points);
            checkDrawing(0, drawing);
            List<Figure.Run> runs = new ArrayList<>();
            for (JobService.FigureRun run : finished) {
                Trajectory kept = run.trajectory();
                runs.add(new Figure.Run(finished.size() == 1 ? run.legend() : run.label(),
                        kept.thin(Math.max(2, kept.size())), run.status()));
            }
            return new JobFigure(new Figure(stored.title(), stored.variables(), null, runs), drawing, stored::close);
        } catch (RuntimeException e) {
            stored.close();
            throw e;
        }
    }

    /**
     * A finished job's picture to draw, holding the job's read until closed.
     *
     * @param figure  what to draw
     * @param drawing what drawing it takes, in work units ({@link DrawingCost})
     * @param read    ends the job's read, whose bytes the figure holds (for a regression drawn from its plan, its data
     *                set)
     */
    record JobFigure(Figure figure, long drawing, Runnable read) implements AutoCloseable {

        /** Ends the job's read: its bytes given back to the budget of reads (again: a no-op). */
        @Override
        public void close() {
            read.run();
        }
    }

    /**
     * Refuses a picture whose runs ({@code runsWork}, already within the budget) and drawing together take more
     * than a synchronous request may, with 422 {@code work-too-large} saying how to ask for less.
     */
    private void checkDrawing(long runsWork, long drawing) {
        checkWork(runsWork + drawing, "Drawing this picture may take " + drawing + " work units (the evaluations of "
                + "f for its curve or contour map, each as costly as an iteration of its run, the points drawn, and "
                + "for a PNG its pixels)" + (runsWork > 0 ? " besides " + runsWork + " for its runs" : ""),
                "Ask for a smaller picture (width, height), an SVG rather than a PNG, fewer points "
                        + "(trajectory.maxPoints) or fewer runs.");
    }

    private void checkWork(long work, String counted, String advice) {
        if (work > budget.maxSyncWork()) {
            throw new ProblemException(ProblemType.WORK_TOO_LARGE, counted + "; a synchronous request may take at "
                    + "most " + budget.maxSyncWork() + ". " + advice)
                    .with("work", work)
                    .with("maxWork", budget.maxSyncWork());
        }
    }

    /** The work units of one evaluation of a plan's objective: one iteration of its run (see RunPlan#work). */
    private static long evaluationCost(RunPlan plan) {
        return plan.work() / Math.max(1, plan.maxIterations());
    }

    private static Figure.Run run(String label, RunPlan plan, Result result) {
        return new Figure.Run(label, result.trajectory().thin(plan.trajectory().effectiveMaxPoints()),
                result.stopReason().status());
    }

    /**
     * The objective of a grid request evaluated at {@code steps} points along each variable, ends included; a
     * variable without a range takes [-5, 5], and there are at most two.
     */
    GridPlan toGrid(GridRequest request) {
        Objective objective = optimizations.toObjective(request.objective());
        List<String> variables = objective.variables();
        if (variables.size() > 2) {
            throw new ProblemException(ProblemType.PLOT_NOT_DRAWABLE, "A grid covers 1 or 2 variables; this "
                    + "objective has " + variables.size() + " (" + Echo.list(variables) + ")")
                    .with("dimension", variables.size());
        }
        List<FieldProblem> errors = new ArrayList<>();
        Set<String> unknown = new TreeSet<>(request.ranges().keySet());
        variables.forEach(unknown::remove);
        unknown.forEach(name -> errors.add(new FieldProblem("ranges." + Echo.of(name), "is not a variable of "
                + "the objective; its variables are " + Echo.list(variables))));
        double[][] ranges = new double[variables.size()][];
        for (int i = 0; i < ranges.length; i++) {
            List<Double> range = request.ranges().get(variables.get(i));
            if (range == null) {
                ranges[i] = GridRequest.DEFAULT_RANGE.clone();
            } else if (!(range.get(0) < range.get(1))) {
                errors.add(new FieldProblem("ranges." + variables.get(i), "lower bound " + range.get(0)
                        + " must be below upper bound " + range.get(1)));
            } else {
                ranges[i] = new double[] {range.get(0), range.get(1)};
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        int steps = Objects.requireNonNullElse(request.steps(), GridRequest.DEFAULT_STEPS);
        long evaluations = ranges.length == 2 ? (long) steps * steps : steps;
        // An evaluation costs what an iteration of a run does: the variables, and a regression's batch of values.
        long evaluationCost = variables.size() + 3L
                + (objective instanceof RegressionObjective regression ? regression.cellsPerBatch() : 0);
        long work = DrawingCost.grid(evaluations, evaluationCost);
        checkWork(work, "Evaluating f on this grid may take " + work + " work units (" + evaluations
                + " evaluations, each as costly as an iteration of a run)", "Ask for fewer steps.");
        return new GridPlan(work, () -> evaluate(objective, variables, ranges, steps));
    }

    /**
     * A grid to evaluate.
     *
     * @param work       what evaluating it takes, in work units
     * @param evaluation evaluates it
     */
    record GridPlan(long work, Supplier<GridResponse> evaluation) {
    }

    private static GridResponse evaluate(Objective objective, List<String> variables, double[][] ranges, int steps) {
        List<Double> xs = axis(ranges[0], steps);
        List<Double> ys = ranges.length == 2 ? axis(ranges[1], steps) : null;
        List<List<Double>> values = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double[] at = new double[ranges.length];
        for (int j = 0; j < (ys == null ? 1 : steps); j++) {
            List<Double> row = new ArrayList<>(steps);
            for (int i = 0; i < steps; i++) {
                at[0] = xs.get(i);
                if (ys != null) {
                    at[1] = ys.get(j);
                }
                double value = objective.value(at);
                if (Double.isFinite(value)) {
                    row.add(value);
                    min = Math.min(min, value);
                    max = Math.max(max, value);
                } else {
                    row.add(null);
                }
            }
            values.add(row);
        }
        return new GridResponse(variables, xs, ys, values, Double.isFinite(min) ? min : null,
                Double.isFinite(max) ? max : null);
    }

    private static List<Double> axis(double[] range, int steps) {
        List<Double> axis = new ArrayList<>(steps);
        for (int k = 0; k < steps; k++) {
            // As a weighted mean of the ends: their difference may overflow (from -1e308 to 1e308), this does not.
            double t = (double) k / (steps - 1);
            axis.add(k == steps - 1 ? range[1] : range[0] * (1 - t) + range[1] * t);
        }
        return axis;
    }
}
