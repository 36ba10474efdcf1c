package dev.descent.job;

import java.time.Duration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * At shutdown, ends every open event stream with a {@code shutdown} event before the web server's graceful phase
 * waits for requests to end (an event stream would otherwise hold that phase to its timeout and be cut without a
 * word). Lifecycles stop from the highest phase down, so this one, just above the web server's, stops first.
 */
@Component
class StreamShutdown implements SmartLifecycle {

    /** How long the streams get to write their last event before those that have not are closed anyway. */
    static final Duration WAIT = Duration.ofSeconds(2);

    private final JobService jobs;
    private volatile boolean running;

    StreamShutdown(JobService jobs) {
        this.jobs = jobs;
    }

    @Override
    public void start() {
        // Also after a stop that did not end the context (Spring's test framework pauses cached contexts so).
        jobs.openStreams();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        jobs.closeStreams(WAIT);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;
    }
}
