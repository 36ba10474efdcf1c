/**
 * Real-valued expressions: a lexer, a small Pratt parser ({@link dev.descent.engine.expr.Parser}), the sealed
 * {@link dev.descent.engine.expr.Expr} tree of records, and {@link dev.descent.engine.expr.ParseException} carrying
 * the 1-based column of the offending token and what was expected there.
 *
 * <p>Plain Java: no dependency beyond the JDK.
 */
package dev.descent.engine.expr;
