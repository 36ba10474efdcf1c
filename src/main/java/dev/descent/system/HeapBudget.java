package dev.descent.system;

import java.util.HashMap;
import java.util.Map;

/**
 * The heap that one kind of work may hold at once, counted in reservations: each piece of work reserves what it will
 * hold before it holds it, and gives it back when it is done. A reservation that would pass the budget is refused at
 * once with the 503 problem {@code busy} and {@code Retry-After: 1}, not queued: so no number of clients doing that
 * work at the same moment exhausts the heap, and none waits on another. Nor may one client take it all with many
 * requests: one client's (one address's) reservations beside each other hold at most half of it,
 * {@link #clientShare()}; its only one as much as fits (a budget whose work may be large bounds that work to the
 * share where it is asked for, as {@link BodyBudget} does). So whatever one client does (sending or reading slowly,
 * many requests at once), what it holds beyond its share is one piece of work's, and the rest is the others'. A forced
 * reservation is always admitted (work that must finish once begun), the others then counting it; a budget that
 * {@linkplain #HeapBudget(String, String, long, boolean) admits one alone} admits a reservation past those bounds
 * while no other holds anything (what one piece of work may hold is then bounded where it is asked for). The request
 * bodies being read ({@link BodyBudget}), the synchronous requests admitted ({@code RunExecutor}, which answers the
 * refusal with its own {@code Retry-After}) and the reads of finished jobs ({@code JobReads}) each have one.
 */
public final class HeapBudget {

    /** The Retry-After of a refused reservation: the work it waits on takes milliseconds to seconds. */
    public static final String RETRY_AFTER_SECONDS = "1";

    private final String holders;
    private final String property;
    private final long maxBytes;
    private final boolean admitsAlone;
    private long held;
    /** The bytes each client's open reservations hold, for the clients that hold any. */
    private final Map<String, Long> clients = new HashMap<>();

    /**
     * @param holders     what holds the heap, as the refusal names it ("request bodies being read")
     * @param property    the property that sets {@code maxBytes}, which the refusal names
     * @param maxBytes    the most bytes the reservations may hold together
     * @param admitsAlone whether a reservation is admitted past the budget, or past its client's share, while no other
     *                    holds anything
     */
    public HeapBudget(String holders, String property, long maxBytes, boolean admitsAlone) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException(property + " must be positive, not " + maxBytes);
        }
        this.holders = holders;
        this.property = property;
        this.maxBytes = maxBytes;
        this.admitsAlone = admitsAlone;
    }

    /** The most bytes the reservations of one client may hold together: half the budget. */
    public long clientShare() {
        return maxBytes / 2;
    }

    /** The most bytes the reservations may hold together. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The bytes the open reservations hold. */
    public synchronized long heldBytes() {
        return held;
    }

    /**
     * Reserves {@code bytes} for {@code client} (an address; null for work no client asked for, counted in the
     * budget but in no share): the 503 problem {@code busy} if that would pass the budget or the client's share.
     */
    public Reservation reserve(String client, long bytes) {
        Reservation reservation = new Reservation(client, false);
        reservation.extend(bytes);
        return reservation;
    }

    /** Reserves {@code bytes}, and later any more this reservation asks for, whatever the others hold. */
    public Reservation force(String client, long bytes) {
        Reservation reservation = new Reservation(client, true);
        reservation.extend(bytes);
        return reservation;
    }

    /** The bytes the open reservations of {@code client} hold. */
    public synchronized long clientBytes(String client) {
        return clients.getOrDefault(client, 0L);
    }

    private synchronized void take(Reservation reservation, long bytes) {
        long others = held - reservation.bytes;
        long wanted = saturated(reservation.bytes, bytes);
        // A client's only reservation may grow as far as the budget allows; beside its others, within its share.
        boolean shared = reservation.client == null || clientBytes(reservation.client) == reservation.bytes
                || saturated(clientBytes(reservation.client), bytes) <= clientShare();
        boolean fits = others <= maxBytes - wanted && shared;
        if (!fits && !reservation.forced && !(admitsAlone && others == 0)) {
            throw new ProblemException(ProblemType.BUSY, others > maxBytes - wanted
                    ? "The " + holders + " hold the most memory this service gives them (" + property + "); try "
                    + "again shortly"
                    : "Your " + holders + " hold the most memory this service gives one client (half of " + property
                    + "); try again shortly").header("Retry-After", RETRY_AFTER_SECONDS);
        }
        held += bytes;
        reservation.bytes += bytes;
        if (reservation.client != null) {
            clients.merge(reservation.client, bytes, Long::sum);
        }
    }

    private synchronized void release(Reservation reservation) {
        held -= reservation.bytes;
        if (reservation.client != null && reservation.bytes > 0) {
            clients.computeIfPresent(reservation.client, (client, bytes) -> bytes == reservation.bytes ? null
                    : bytes - reservation.bytes);
        }
        reservation.bytes = 0;
    }

    private static long saturated(long a, long b) {
        return a + b < 0 ? Long.MAX_VALUE : a + b;
    }

    /** The bytes one piece of work holds, given back when it is closed (once, however often it is closed). */
    public final class Reservation implements AutoCloseable {

        private final String client;
        private final boolean forced;
        private long bytes;

        private Reservation(String client, boolean forced) {
            this.client = client;
            this.forced = forced;
        }

        /**
         * Adds {@code more} bytes to this reservation's (nothing if it is not positive): the 503 problem
         * {@code busy}, this reservation's bytes still held, when that would pass the budget or the client's share.
         */
        public void extend(long more) {
            if (more > 0) {
                take(this, more);
            }
        }

        /** Extends this reservation to {@code total} bytes, if it holds fewer; as {@link #extend} otherwise. */
        public void extendTo(long total) {
            synchronized (HeapBudget.this) {
                extend(total - bytes);
            }
        }

        /** The bytes reserved. */
        public long bytes() {
            synchronized (HeapBudget.this) {
                return bytes;
            }
        }

        @Override
        public void close() {
            release(this);
        }
    }
}
