package dev.descent.job;

import dev.descent.job.store.JobState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * The jobs' meters, read from the job service when scraped: {@code descent.jobs} (gauge; tag {@code state}: the
 * jobs kept in each state), {@code descent.jobs.retained.bytes} (the heap the finished jobs' results keep, against
 * {@code descent.jobs.max-retained-bytes}), {@code descent.jobs.reads.bytes} (the heap the reads of finished jobs in
 * progress hold, against {@code descent.jobs.max-read-bytes}) and {@code descent.sse.subscribers} (the open event
 * streams).
 */
@Component
class JobMetrics implements MeterBinder {

    private final JobService jobs;
    private final JobReads reads;

    JobMetrics(JobService jobs, JobReads reads) {
        this.jobs = jobs;
        this.reads = reads;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (JobState state : JobState.values()) {
            Gauge.builder("descent.jobs", jobs, service -> service.countByState().get(state))
                    .description("Jobs kept, by state").tag("state", state.name()).register(registry);
        }
        Gauge.builder("descent.jobs.retained.bytes", jobs, JobService::retainedBytes)
                .description("The heap the results of the jobs keep").baseUnit("bytes").register(registry);
        Gauge.builder("descent.jobs.reads.bytes", reads, JobReads::heldBytes)
                .description("The heap the reads of finished jobs in progress hold").baseUnit("bytes")
                .register(registry);
        Gauge.builder("descent.sse.subscribers", jobs, JobService::subscribers)
                .description("Open event streams of jobs").register(registry);
    }
}
