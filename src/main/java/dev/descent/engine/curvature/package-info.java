/**
 * The curvature of an objective and what it says about learning rates: {@link
 * dev.descent.engine.curvature.Curvature} estimates the largest and the smallest eigenvalue of the Hessian at a
 * point by Lanczos iteration over exact Hessian-vector products, and {@link
 * dev.descent.engine.curvature.StabilityLimits} turns the largest into the learning rates above which gradient
 * descent (plain, heavy-ball or Nesterov momentum) oscillates and diverges on a quadratic; {@link
 * dev.descent.engine.curvature.CurvatureProfile} takes the curvature at the start, the end and a bounded number of
 * recorded iterates of a run.
 *
 * <p>Depends on {@code objective} (for the products), {@code optim} (to read an optimizer's momentum) and
 * {@code run} (a run's trajectory), and on commons-math3 for the tridiagonal eigenproblem; nothing in the engine
 * depends on it, only the layers above.
 */
package dev.descent.engine.curvature;
