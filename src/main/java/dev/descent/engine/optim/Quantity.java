package dev.descent.engine.optim;

/**
 * A per-coordinate quantity of one update, named as the update rules' algorithm boxes name it: what an
 * {@link Explainer} is told. The first three and the last come from the descent loop (the objective's gradient, the
 * clipped gradient the rule sees, the step taken); the rest from the rule itself, each only where its box has it.
 * Scalars of a step (bias corrections, μ_t) are given per coordinate, the same value for each, so that every
 * quantity of an update reads per variable.
 */
public enum Quantity {
    /** g_t = ∇f(θ_{t-1}), as the objective gave it (the loop). */
    GRADIENT("gradient"),
    /** g_t after gradient clipping, what the rule is given; only when clipping is on (the loop). */
    CLIPPED_GRADIENT("clippedGradient"),
    /** λ θ_{t-1}, the L2 penalty added to g_t (every rule with λ ≠ 0 but AdamW). */
    WEIGHT_DECAY("weightDecay"),
    /** γ λ θ_{t-1}, subtracted from θ before the update (AdamW's decoupled decay). */
    DECOUPLED_WEIGHT_DECAY("decoupledWeightDecay"),
    /** b_t, the momentum buffer (SGD with μ ≠ 0, RMSprop with μ &gt; 0). */
    MOMENTUM_BUFFER("momentumBuffer"),
    /** m_t, the running average of the gradient (Adam, AdamW, Adamax, NAdam, RAdam). */
    FIRST_MOMENT("firstMoment"),
    /** v_t, the running average of the squared gradient (Adam, AdamW, NAdam, RAdam, RMSprop, Adadelta). */
    SECOND_MOMENT("secondMoment"),
    /** v_t^max, the running maximum of v_t (AMSGrad). */
    MAX_SECOND_MOMENT("maxSecondMoment"),
    /** g^ave_t, the running average of the gradient of centered RMSprop. */
    GRADIENT_AVERAGE("gradientAverage"),
    /** s_t, Adagrad's sum of squared gradients. */
    SUM_OF_SQUARES("sumOfSquares"),
    /** u_t, Adamax's exponentially weighted infinity norm. */
    INFINITY_NORM("infinityNorm"),
    /** u_t, Adadelta's running average of squared updates. */
    UPDATE_AVERAGE("updateAverage"),
    /** Δx_t, Adadelta's update before the learning rate. */
    DELTA("delta"),
    /** μ_t, NAdam's momentum factor of this step. */
    MOMENTUM_FACTOR("momentumFactor"),
    /** 1 - β1^t (Adam, AdamW, Adamax, RAdam). */
    BIAS_CORRECTION1("biasCorrection1"),
    /** 1 - β2^t (Adam, AdamW, NAdam, RAdam). */
    BIAS_CORRECTION2("biasCorrection2"),
    /** r_t, RAdam's variance rectification, once ρ_t &gt; 5. */
    RECTIFICATION("rectification"),
    /**
     * The rate the step applies to its direction in this coordinate: γ/(√v̂_t + ε) times m̂_t for Adam and AdamW
     * (γ/(√v̂_t + ε) for NAdam, whose step then weighs g_t and m_t by its μ factors); γ/((1 - β1^t) u_t) times m_t for Adamax; γ̃/(√s_t + ε) times g_t for Adagrad;
     * γ/(√ṽ_t + ε) times g_t for RMSprop without momentum; γ √(u_{t-1} + ε)/√(v_t + ε) times g_t for Adadelta;
     * γ l_t r_t (or γ) times m̂_t for RAdam. Absent for SGD, whose rate is γ itself.
     */
    EFFECTIVE_LEARNING_RATE("effectiveLearningRate"),
    /** θ_t - θ_{t-1}, the step taken, after projection onto the bounds (the loop). */
    STEP("step");

    private final String key;

    Quantity(String key) {
        this.key = key;
    }

    /** Its name in the API and in the algorithm Javadoc's words: {@code "firstMoment"}. */
    public String key() {
        return key;
    }
}
