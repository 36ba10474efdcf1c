package dev.descent.job;

import dev.descent.comparison.ComparisonMapper;
import dev.descent.job.store.JobStore;
import dev.descent.optimization.OptimizationMapper;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The store-backed runner as a bean, only with {@code descent.jobs.store-runner.enabled=true} (default false): it is
 * not yet wired to the job endpoints and nothing calls it; at shutdown it suspends its job ({@code close}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "descent.jobs.store-runner.enabled", havingValue = "true")
class StoredJobRunnerConfiguration {

    @Bean(destroyMethod = "close")
    StoredJobRunner storedJobRunner(JobStore store, OptimizationMapper optimizations, ComparisonMapper comparisons,
                                    JobProperties properties, JsonMapper json, @Value("${descent.jobs.lease:30s}") Duration lease,
                                    @Value("${descent.jobs.checkpoint-interval:5s}") Duration checkpointInterval) {
        return new StoredJobRunner(store, optimizations, comparisons, JobPlan.limits(optimizations, properties),
                properties.maxDuration(), json,
                "runner-" + UUID.randomUUID(), lease,
                checkpointInterval, StoredJobRunner.renewIntervalFor(lease), properties.eventInterval());
    }
}
