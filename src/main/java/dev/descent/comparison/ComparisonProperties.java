package dev.descent.comparison;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of comparisons ({@code descent.comparisons.*}).
 *
 * @param maxRuns the most runs one comparison may hold (runs, rates of a sweep, or starts)
 */
@ConfigurationProperties("descent.comparisons")
public record ComparisonProperties(@DefaultValue("100") int maxRuns) {
}
