package dev.descent.system;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Runs an action once, when the answer of an asynchronous request is complete, however it ends: a timeout or an
 * error is completed afterwards (by whoever handles it, or by the container), a new asynchronous cycle of the same
 * request (which drops the listeners of the last) is followed to its end, and an answer cut while written, which
 * completes twice, runs it once.
 */
final class WhenComplete implements AsyncListener {

    private final BiConsumer<HttpServletRequest, HttpServletResponse> action;
    private final AtomicBoolean done = new AtomicBoolean();

    private WhenComplete(BiConsumer<HttpServletRequest, HttpServletResponse> action) {
        this.action = action;
    }

    /** Runs {@code action} with the request and its response once {@code request}'s asynchronous answer is complete. */
    static void register(HttpServletRequest request, HttpServletResponse response,
                         BiConsumer<HttpServletRequest, HttpServletResponse> action) {
        request.getAsyncContext().addListener(new WhenComplete(action), request, response);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        if (done.compareAndSet(false, true)) {
            action.accept((HttpServletRequest) event.getSuppliedRequest(),
                    (HttpServletResponse) event.getSuppliedResponse());
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // Completed afterwards.
    }

    @Override
    public void onError(AsyncEvent event) {
        // Completed afterwards.
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        event.getAsyncContext().addListener(this, event.getSuppliedRequest(), event.getSuppliedResponse());
    }
}
