/**
 * Exact gradients of parsed expressions: {@link dev.descent.engine.ad.Tape} compiles an
 * {@link dev.descent.engine.expr.Expr} once into a flat array program, evaluated forward for the value and backward
 * (reverse-mode adjoints) for the gradient. The program is then written out as straight-line JVM bytecode, one
 * hidden class per tape, which the JIT compiles like hand-written Java; an interpreter over the arrays is the
 * reference it matches bit for bit, and runs the tapes too long to generate code for.
 *
 * <p>Knows expressions, nothing of objectives or optimizers: the expression objective wraps a tape, not the other
 * way round. Depends on the JDK and on ASM's core package (to write the bytecode), nothing else.
 */
package dev.descent.engine.ad;
