package dev.descent.system;

/**
 * The heap that one kind of work may hold at once, counted in reservations: each piece of work reserves what it will
 * hold before it holds it, and gives it back when it is done. A reservation that would pass the budget while others
 * hold part of it is refused at once with the 503 problem {@code busy} and {@code Retry-After: 1}, not queued: so no
 * number of clients doing that work at the same moment exhausts the heap, and none waits on another. A reservation
 * alone is always admitted (what one piece of work may hold is bounded where it is asked for), and a forced one
 * always is (work that must finish once begun), the others then counting it. The request bodies being read
 * ({@link BodyBudget}) and the reads of finished jobs ({@code JobReads}) each have one.
 */
public final class HeapBudget {

    /** The Retry-After of a refused reservation: the work it waits on takes milliseconds to seconds. */
    public static final String RETRY_AFTER_SECONDS = "1";

    private final String holders;
    private final String property;
    private final long maxBytes;
    private long held;

    /**
     * @param holders  what holds the heap, as the refusal names it ("the request bodies being read")
     * @param property the property that sets {@code maxBytes}, which the refusal names
     * @param maxBytes the most bytes the reservations may hold together
     */
    public HeapBudget(String holders, String property, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException(property + " must be positive, not " + maxBytes);
        }
        this.holders = holders;
        this.property = property;
        this.maxBytes = maxBytes;
    }

    /** The most bytes the reservations may hold together. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The bytes the open reservations hold. */
    public synchronized long heldBytes() {
        return held;
    }

    /** Reserves {@code bytes}: the 503 problem {@code busy} if the others hold so much that this would pass. */
    public Reservation reserve(long bytes) {
        Reservation reservation = new Reservation(false);
        reservation.extend(bytes);
        return reservation;
    }

    /** Reserves {@code bytes}, and later any more this reservation asks for, whatever the others hold. */
    public Reservation force(long bytes) {
        Reservation reservation = new Reservation(true);
        reservation.extend(bytes);
        return reservation;
    }

    private synchronized void take(Reservation reservation, long bytes) {
        long others = held - reservation.bytes;
        long wanted = reservation.bytes + bytes < 0 ? Long.MAX_VALUE : reservation.bytes + bytes;
        if (!reservation.forced && others > 0 && others > maxBytes - wanted) {
            throw new ProblemException(ProblemType.BUSY, "The " + holders + " hold the most memory this service "
                    + "gives them (" + property + "); try again shortly").header("Retry-After", RETRY_AFTER_SECONDS);
        }
        held += bytes;
        reservation.bytes += bytes;
    }

    private synchronized void release(Reservation reservation) {
        held -= reservation.bytes;
        reservation.bytes = 0;
    }

    /** The bytes one piece of work holds, given back when it is closed (once, however often it is closed). */
    public final class Reservation implements AutoCloseable {

        private final boolean forced;
        private long bytes;

        private Reservation(boolean forced) {
            this.forced = forced;
        }

        /**
         * Adds {@code more} bytes to this reservation's (nothing if it is not positive): the 503 problem
         * {@code busy}, this reservation's bytes still held, when the others hold so much that it would pass.
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
