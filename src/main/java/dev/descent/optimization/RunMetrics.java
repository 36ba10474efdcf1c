package dev.descent.optimization;

import dev.descent.engine.run.Result;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The meters of the runs and of admission, for {@code /actuator/prometheus} and {@code /actuator/metrics}:
 * {@code descent.runs} (counter; tags {@code optimizer}, {@code status}), {@code descent.run.duration} (timer;
 * tag {@code optimizer}), {@code descent.steps} (counter: updates made), {@code descent.queue.wait} (timer: how
 * long admitted synchronous work waited for a thread) and {@code descent.rejections} (counter; tag
 * {@code reason}: {@code queue-full}, {@code waited-too-long}, {@code memory}, {@code shutting-down},
 * {@code client-gone}). Jobs' runs count here too.
 */
@Component
public class RunMetrics implements RunExecutor.ExecutorListener {

    private final MeterRegistry registry;
    private final Timer queueWait;
    private final Counter steps;

    RunMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.queueWait = Timer.builder("descent.queue.wait")
                .description("How long admitted synchronous work waited for a descent thread")
                .register(registry);
        this.steps = Counter.builder("descent.steps").description("Updates made by every run").register(registry);
    }

    @Override
    public void queueWait(Duration wait) {
        queueWait.record(wait);
    }

    @Override
    public void rejected(String reason) {
        Counter.builder("descent.rejections").description("Requests refused or given up, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    @Override
    public void ran(String optimizer, Result result) {
        Counter.builder("descent.runs").description("Runs ended, by optimizer and status")
                .tag("optimizer", optimizer).tag("status", result.stopReason().status().name())
                .register(registry).increment();
        Timer.builder("descent.run.duration").description("Wall-clock time of each run")
                .tag("optimizer", optimizer).register(registry).record(result.elapsed());
        steps.increment(result.iterations());
    }
}
