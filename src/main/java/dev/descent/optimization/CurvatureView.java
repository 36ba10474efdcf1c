package dev.descent.optimization;

import static dev.descent.engine.run.Diagnosis.number;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.descent.engine.curvature.StabilityLimits;
import dev.descent.engine.optim.Asgd;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.optim.Lbfgs;
import dev.descent.engine.optim.Rprop;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.run.RunCurvature;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Optional;

/**
 * The curvature along a run and the learning rates it implies ({@link RunCurvature}, {@link StabilityLimits}).
 */
@Schema(description = "The curvature of the objective along the run, from exact Hessian-vector products (Lanczos "
        + "over at most 30 of them per point: exact up to 30 variables), and the learning rates it implies. Absent "
        + "when not computed: for a cancelled run, and when examining two points would cost more than the run "
        + "itself (a regression on a large data set with few iterations).")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CurvatureView(
        @Schema(description = "The Hessian's extreme eigenvalues at the start.", requiredMode = REQUIRED)
        Eigenvalues start,
        @Schema(description = "The Hessian's extreme eigenvalues at the last iterate.", requiredMode = REQUIRED)
        Eigenvalues end,
        @Schema(description = "L: the largest eigenvalue seen among the iterates examined (evenly spread recorded "
                + "iterates, start and end among them); null when not finite.", example = "2")
        Double largest,
        @Schema(description = "The iteration where `largest` was seen.", example = "0", requiredMode = REQUIRED)
        int largestIteration,
        @Schema(description = "How many iterates were examined.", example = "16", requiredMode = REQUIRED)
        int examinedPoints,
        @Schema(description = "Whether every eigenvalue is exact up to rounding (at most 30 variables, or an "
                + "invariant subspace found), rather than a Lanczos estimate.", example = "true",
                requiredMode = REQUIRED)
        boolean exact,
        @Schema(description = "For gd, momentum, Nesterov and asgd only: the learning rate above which the run "
                + "diverges on a quadratic of curvature L (weight decay added to L, and asgd's λ): 2/L for gd and "
                + "asgd, 2(1+μ)/L for momentum, 2(1+μ)/((1+2μ)L) for Nesterov (over 1 - dampening). Exact for a quadratic, and for any smooth "
                + "function near a minimum. Absent for adaptive optimizers, whose step is scaled per coordinate by "
                + "the gradients seen: no fixed limit follows from the curvature.", example = "1")
        Double criticalLearningRate,
        @Schema(description = "For gd, momentum, Nesterov and asgd only: the learning rate above which the steps "
                + "reverse along the steepest direction (oscillate): 1/L for gd and asgd, (1-√μ)²/L for momentum, "
                + "((1-μ)/(1+μ))²/L for Nesterov.", example = "0.5")
        Double oscillationThreshold,
        @Schema(description = "The learning rate against the limits, in one sentence; for adaptive optimizers what "
                + "is and is not known.",
                example = "Learning rate 1.1 is above 2/L = 1 (L = 2, the largest curvature seen, at iteration 0): "
                        + "gradient descent diverges above 1 and oscillates above 0.5 here.",
                requiredMode = REQUIRED)
        String sentence) {

    /** The extreme eigenvalues of the Hessian at one point; null when not finite. */
    @Schema(description = "The largest and smallest eigenvalue of the Hessian at one point; null when not finite.")
    public record Eigenvalues(
            @Schema(description = "The largest eigenvalue: the steepest upward curvature.", example = "2")
            Double largest,
            @Schema(description = "The smallest eigenvalue: negative where f curves down (a saddle).",
                    example = "-2")
            Double smallest) {
    }

    /** The view of {@code curvature} for a run of {@code optimizer} at base rate {@code rate}; null if unknown. */
    static CurvatureView of(RunCurvature curvature, String variant, Optimizer<?> optimizer, double rate,
                            boolean lineSearch) {
        return of(curvature, variant, optimizer, rate, lineSearch, false);
    }

    /**
     * As {@link #of(RunCurvature, String, Optimizer, double, boolean)}; for a run that maximized f
     * ({@code maximize}) the curvature is that of -f, the function it descended, and the sentence says so.
     */
    static CurvatureView of(RunCurvature curvature, String variant, Optimizer<?> optimizer, double rate,
                            boolean lineSearch, boolean maximize) {
        if (!curvature.known()) {
            return null;
        }
        double l = curvature.largest();
        Optional<StabilityLimits.Limits> limits = Double.isFinite(l) ? StabilityLimits.of(optimizer, l)
                : Optional.empty();
        String sentence = sentence(curvature, variant, optimizer, rate, lineSearch, limits);
        if (maximize) {
            sentence = "Maximizing f, the run descends -f: these are the curvatures of -f. "
                    + sentence.replace("f does not curve up", "-f does not curve up");
        }
        return new CurvatureView(new Eigenvalues(finite(curvature.startLargest()), finite(curvature.startSmallest())),
                new Eigenvalues(finite(curvature.endLargest()), finite(curvature.endSmallest())), finite(l),
                curvature.largestIteration(), curvature.examined(), curvature.exact(),
                limits.map(StabilityLimits.Limits::divergence).map(CurvatureView::finite).orElse(null),
                limits.map(StabilityLimits.Limits::oscillation).map(CurvatureView::finite).orElse(null), sentence);
    }

    private static String sentence(RunCurvature curvature, String variant, Optimizer<?> optimizer, double rate,
                                   boolean lineSearch, Optional<StabilityLimits.Limits> limits) {
        double l = curvature.largest();
        String seen = "L = " + number(l) + ", the largest curvature seen, at iteration "
                + curvature.largestIteration();
        if (!Double.isFinite(l)) {
            return "The curvature is not finite along this run: no learning-rate limit can be computed.";
        }
        if (limits.isEmpty()) {
            if (optimizer instanceof Sgd) {
                return "With momentum 1 or more no learning rate is stable on a quadratic (" + seen + ").";
            }
            if (optimizer instanceof Lbfgs) {
                return "lbfgs steps along its own estimate of the inverse Hessian (from its last steps and gradient "
                        + "changes), with a step length of learningRate or of its line search: the curvature is what "
                        + "it measures, so no learning-rate limit follows from it (" + seen + ").";
            }
            if (optimizer instanceof Rprop) {
                return "rprop moves each coordinate by a step size of its own, grown while the gradient keeps its sign "
                        + "and shrunk when it flips, whatever the gradient's size: no learning-rate limit follows from "
                        + "the curvature (" + seen + "); the learning rate is only the first step size.";
            }
            return variant + " scales each coordinate's step by the gradients it has seen (an effective rate "
                    + "lr/(√v̂+ε) that changes every step), so no fixed learning-rate limit follows from the "
                    + "curvature (" + seen + "); its steps stay about lr long whatever the curvature, so near a "
                    + "minimum it hovers at a distance of about the learning rate rather than diverging.";
        }
        StabilityLimits.Limits limit = limits.get();
        String method = optimizer instanceof Sgd sgd && sgd.momentum() > 0
                ? (sgd.nesterov() ? "Nesterov momentum " : "momentum ") + number(sgd.momentum())
                : optimizer instanceof Asgd ? "asgd (whose step starts at the learning rate and shrinks)"
                : "gradient descent";
        if (!(l > 0)) {
            return "f does not curve up at the points examined (" + seen + "): its curvature makes " + method
                    + " overshoot at no learning rate there (only a kink, where the slope jumps as at abs(x) = 0, "
                    + "turns the steps back, at any rate).";
        }
        String divergence = "2/L";
        String oscillation = "1/L";
        if (optimizer instanceof Sgd sgd && sgd.momentum() > 0) {
            divergence = sgd.nesterov() ? "2(1+μ)/((1+2μ)L)" : "2(1+μ)/L";
            oscillation = sgd.nesterov() ? "((1-μ)/(1+μ))²/L" : "(1-√μ)²/L";
        }
        String limitsText = method + " diverges above " + number(limit.divergence()) + " and oscillates above "
                + number(limit.oscillation()) + " here";
        if (lineSearch) {
            return "The line search chose each step, not a fixed rate; for a fixed rate (" + seen + ") " + limitsText
                    + ".";
        }
        String where;
        if (rate > limit.divergence()) {
            where = "is above " + divergence + " = " + number(limit.divergence());
        } else if (rate > limit.oscillation()) {
            where = "is between " + oscillation + " = " + number(limit.oscillation()) + " and " + divergence + " = "
                    + number(limit.divergence());
        } else {
            where = "is below " + oscillation + " = " + number(limit.oscillation());
        }
        return "Learning rate " + number(rate) + " " + where + " (" + seen + "): " + limitsText + ".";
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
