/**
 * Exact gradients of parsed expressions: {@link dev.descent.engine.ad.Tape} compiles an
 * {@link dev.descent.engine.expr.Expr} once into a flat array program, evaluated forward for the value and backward
 * (reverse-mode adjoints) for the gradient into preallocated buffers.
 *
 * <p>Knows expressions, nothing of objectives or optimizers: the expression objective wraps a tape, not the other
 * way round. Plain Java: no dependency beyond the JDK.
 */
package dev.descent.engine.ad;
