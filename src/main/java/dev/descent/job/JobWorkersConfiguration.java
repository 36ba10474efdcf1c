package dev.descent.job;

import dev.descent.comparison.ComparisonMapper;
import dev.descent.job.store.JobStore;
import dev.descent.optimization.OptimizationMapper;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The replica's job runners: {@code descent.jobs.max-running} {@link StoredJobRunner}s on the application's store,
 * named after the host and a random suffix (a lease token starts with it: the store shows which replica runs a job).
 */
@Configuration(proxyBeanMethods = false)
class JobWorkersConfiguration {

    @Bean
    JobWorkers jobWorkers(JobStore store, OptimizationMapper optimizations, ComparisonMapper comparisons,
                          JobProperties properties, JsonMapper json) {
        String replica = host() + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<StoredJobRunner> runners = new ArrayList<>();
        for (int i = 0; i < Math.max(1, properties.maxRunning()); i++) {
            runners.add(new StoredJobRunner(store, optimizations, comparisons,
                    JobPlan.limits(optimizations, properties), properties.maxDuration(), json, JobWorkers.workerName(replica, i),
                    properties.lease(), properties.checkpointInterval(),
                    StoredJobRunner.renewIntervalFor(properties.lease()), properties.eventInterval()));
        }
        return new JobWorkers(replica, runners, properties.pollInterval(), properties.lease());
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "replica";
        }
    }
}
