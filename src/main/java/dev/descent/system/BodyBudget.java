package dev.descent.system;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The heap that request bodies being read and parsed may hold together ({@code descent.http.max-body-bytes}, a
 * quarter of the heap by default), each body counted at {@link #BYTES_PER_BODY_BYTE} bytes a byte of it: a data set
 * of one-digit numbers ({@code 1,}: 2 bytes) becomes an 8-byte double, in arrays that grow by half and are copied to
 * their size at the end, some 10 bytes of heap a byte of body at the peak. Without it, 100 concurrent 7 MB bodies
 * (valid data sets, each within the 10 MB limit) ended a 256 MB service in {@code OutOfMemoryError} before any of
 * them was validated. A body is counted from its {@code Content-Length} before a byte of it is read, or, sent
 * without one, as it is read; one that does not fit beside the bodies being read is answered 503 {@code busy} with
 * {@code Retry-After: 1}, at once or as soon as it passes what fits. The bodies of one client (its address) hold at
 * most half the budget ({@link HeapBudget#clientShare()}), so a body is at most {@link #maxBodyBytes()} long
 * (larger is 413, whatever the limit of its type): one client sending a large body slowly leaves the other half to
 * the others (before, one connection that announced 7 MB and sent a byte now and then made every other POST busy).
 * What a request holds once parsed is counted by the work it asks for ({@code descent.optimization.max-held-bytes});
 * a body is uncounted when its request's handler has taken it.
 */
@Component
public class BodyBudget {

    /** The heap a byte of body is counted to take while it is parsed. */
    static final long BYTES_PER_BODY_BYTE = 10;

    static final String PROPERTY = "descent.http.max-body-bytes";

    private final HeapBudget heap;

    BodyBudget(@Value("${" + PROPERTY + ":0}") long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException(PROPERTY + " is 0 (a quarter of the heap) or more, not " + maxBytes);
        }
        this.heap = new HeapBudget("request bodies being read", PROPERTY,
                maxBytes > 0 ? maxBytes : Runtime.getRuntime().maxMemory() / 4, false);
    }

    /** The longest body this budget lets one client send: its share, at 10 bytes a byte. */
    public long maxBodyBytes() {
        return heap.clientShare() / BYTES_PER_BODY_BYTE;
    }

    public long maxBytes() {
        return heap.maxBytes();
    }

    /** The heap the bodies being read hold now, as counted. */
    public long held() {
        return heap.heldBytes();
    }

    /** A count of the body of a request from {@code client} (its address), empty at first. */
    Reservation open(String client) {
        return new Reservation(heap.reserve(client, 0));
    }

    /** The heap one body is counted to hold, given back when it is closed. */
    static final class Reservation implements AutoCloseable {

        private final HeapBudget.Reservation heap;

        private Reservation(HeapBudget.Reservation heap) {
            this.heap = heap;
        }

        /** The body bytes counted so far. */
        long coveredBodyBytes() {
            return heap.bytes() / BYTES_PER_BODY_BYTE;
        }

        /**
         * Counts the body at {@code bodyBytes} bytes read or announced, if it is not so counted yet.
         *
         * @throws ProblemException 503 busy when that does not fit beside the other bodies being read, or in its
         *                          client's share
         */
        void cover(long bodyBytes) {
            heap.extendTo(bodyBytes > Long.MAX_VALUE / BYTES_PER_BODY_BYTE ? Long.MAX_VALUE
                    : bodyBytes * BYTES_PER_BODY_BYTE);
        }

        @Override
        public void close() {
            heap.close();
        }
    }
}
