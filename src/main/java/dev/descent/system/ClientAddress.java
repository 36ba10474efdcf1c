package dev.descent.system;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The address of the client of the request this thread serves: what a client's share of a budget is counted by
 * ({@link HeapBudget}). Behind a proxy, every client is the proxy unless the proxy's forwarded headers are trusted
 * ({@code server.forward-headers-strategy}).
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    /** The address of the current request's client; null off a request's thread. */
    public static String current() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                ? request.getRequest().getRemoteAddr() : null;
    }
}
