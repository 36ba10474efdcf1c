package dev.descent;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.context.request.async.WebAsyncUtils;

/**
 * MockMvc as a client sees the service: the endpoints that run descents answer asynchronously (the request thread
 * is free while the work waits and runs), so a request that started async is dispatched again once its answer is
 * there, and the actions are those of the final answer.
 */
public final class Mvc {

    /** The longest a test waits for an asynchronous answer. */
    private static final long TIMEOUT_MILLIS = 60_000;

    private Mvc() {
    }

    /** Performs {@code request} and, when it started async, waits for its answer and dispatches it. */
    public static ResultActions perform(MockMvc mvc, RequestBuilder request) throws Exception {
        ResultActions actions = mvc.perform(request);
        MvcResult result = actions.andReturn();
        // Only Spring's own asynchronous handling has a result to wait for: an event stream that started async
        // itself (the servlet API's non-blocking output) writes as it goes.
        if (!WebAsyncUtils.getAsyncManager(result.getRequest()).isConcurrentHandlingStarted()) {
            return actions;
        }
        result.getAsyncResult(TIMEOUT_MILLIS);
        return mvc.perform(asyncDispatch(result));
    }
}
