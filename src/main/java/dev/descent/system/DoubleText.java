package dev.descent.system;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.schubfach.MathUtils;

/**
 * A finite double as the API writes it, into a caller's buffer: the same text as Jackson's fast double writer
 * ({@code NumberOutput.toString(v, true)}, which the JSON mapper uses), the shortest decimal that reads back to the
 * same double, in the format of {@link Double#toString} (plain from 10^-3 to below 10^7, else {@code d.dddE±n}),
 * found by the Schubfach algorithm (R. Giulietti, "The Schubfach way to render doubles", 2020/2021).
 *
 * <p>Why not Jackson's: on Java 17 it costs some 75 ns a number, 110 through the generator (an object, a byte
 * array and a String per number, copied twice, and a multiplication's high half computed in software for Java 8);
 * a trajectory's answer is mostly numbers. This writes the digits straight into the caller's buffer with
 * {@link Math#multiplyHigh} (a JIT intrinsic), eight digits at a time (made in one long by multiplications and
 * written by one store: 27 ns a number against 35 a pair of digits at a time, in a throwaway timing loop), and takes
 * from Jackson only its public tables: the 126-bit approximations g of the powers of ten and the floor logarithms
 * ({@link MathUtils}). {@code DoubleTextTests} checks it against Jackson's text for tens of millions of doubles, every
 * range and boundary included.
 */
public final class DoubleText {

    /**
     * The bytes from where a number is written that the writer may use: its text is at most 24 (a sign, 17 digits, a
     * point, "E-308"; or "-0.00" and 17 digits), and it writes 8 bytes at a time, up to 25 bytes from there.
     */
    public static final int MAX_LENGTH = 26;

    private static final int P = 53;
    private static final int Q_MIN = -1074;
    private static final long C_MIN = 1L << (P - 1);
    /** Below this significand a subnormal is first scaled by 10, so that its neighbours are told apart. */
    private static final long C_TINY = 3;
    private static final long T_MASK = C_MIN - 1;
    private static final long MASK_63 = Long.MAX_VALUE;
    /** About 2^64 / 10: multiplyHigh(s, this) is s / 10 for the significands here. */
    private static final long TENTH = 115_292_150_460_684_698L << 4;

    private static final byte[] PAIRS = new byte[200];

    /** Longs read from and written into byte arrays, little-endian: 8 characters at once. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    /** '0' in each byte: added to {@link #digits}, their characters. */
    private static final long ZEROS = 0x3030_3030_3030_3030L;
    /** "0.000000" as {@link #LONGS} writes it. */
    private static final long ZERO_POINT_ZEROS = 0x3030_3030_3030_2E30L;

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** Each thread's writer of numbers ({@link #numbers}). */
    private static final ThreadLocal<Numbers> NUMBERS = ThreadLocal.withInitial(Numbers::new);

    private DoubleText() {
    }

    /**
     * Writes finite {@code v} as a JSON number, the text {@code gen.writeNumber(v)} writes (Jackson's fast double
     * writer), without its allocations: {@link Numbers#write} by this thread's writer.
     */
    public static void writeNumber(JsonGenerator gen, double v) {
        NUMBERS.get().write(gen, v);
    }

    /**
     * This thread's writer of numbers into JSON generators: to take once for many numbers (a row of a trajectory),
     * as finding a thread-local value costs a little each time. Only for this thread, and for one number at a time.
     */
    public static Numbers numbers() {
        return NUMBERS.get();
    }

    /**
     * Writes numbers into JSON generators as raw values: the bytes of the number's text, copied into the generator's
     * buffer (through a number, Jackson would make a {@code char[]} of them and encode it again). Keeps the text of
     * the last number written ({@link Kept}), which it writes again without making it when the same number follows
     * (a column of a constant learning rate). It is itself that text as a {@link SerializableString}, valid until the
     * next number: a number has no character that JSON quotes, so its quoted and unquoted forms are the same.
     */
    public static final class Numbers extends RawText {

        private final Kept kept = new Kept();

        private Numbers() {
        }

        /** Writes finite {@code v} as a JSON number (the text of {@link DoubleText#write}) into {@code gen}. */
        public void write(JsonGenerator gen, double v) {
            kept.keep(v);
            gen.writeRawValue(this);
        }

        @Override
        byte[] bytes() {
            return kept.text;
        }

        @Override
        int length() {
            return kept.length;
        }

        @Override
        public String getValue() {
            return new String(kept.text, 0, kept.length, StandardCharsets.ISO_8859_1);
        }

        @Override
        public int charLength() {
            return kept.length;
        }

        @Override
        public char[] asQuotedChars() {
            char[] chars = new char[kept.length];
            appendUnquoted(chars, 0);
            return chars;
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return Arrays.copyOf(kept.text, kept.length);
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            if (offset + kept.length > buffer.length) {
                return -1;
            }
            for (int i = 0; i < kept.length; i++) {
                buffer[offset + i] = (char) kept.text[i];
            }
            return kept.length;
        }
    }

    /**
     * {@link DoubleText#write} for a column whose numbers mostly repeat the one before (a trajectory's learning rate
     * under a constant schedule): keeps the text of the last number written through it, and copies it when the same
     * number (the same bits: 0.0 is not -0.0) follows. For one writer on one thread.
     */
    public static final class Kept {

        private final byte[] text = new byte[MAX_LENGTH];
        private int length;
        /** The bits of the number whose text is in {@link #text}; none until one is written. */
        private long bits;
        private boolean held;

        /** Writes finite {@code v} as {@link DoubleText#write} does and answers where its text ends. */
        public int write(double v, byte[] into, int at) {
            keep(v);
            System.arraycopy(text, 0, into, at, length);
            return at + length;
        }

        /** Makes {@link #text} finite {@code v}'s, unless it is already. */
        private void keep(double v) {
            long vBits = Double.doubleToRawLongBits(v);
            if (!held || vBits != bits) {
                length = DoubleText.write(v, text, 0);
                bits = vBits;
                held = true;
            }
        }
    }

    /**
     * Writes finite {@code v} into {@code into} from {@code at} (at least {@link #MAX_LENGTH} bytes free) and answers
     * where its text ends.
     *
     * @throws IllegalArgumentException for NaN and the infinities, which JSON has no text for
     */
    public static int write(double v, byte[] into, int at) {
        long bits = Double.doubleToRawLongBits(v);
        int pos = at;
        if (bits < 0) {
            into[pos++] = '-';
        }
        long t = bits & T_MASK;
        int bq = (int) (bits >>> (P - 1)) & 0x7FF;
        if (bq == 0x7FF) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        if (bq == 0) {
            if (t == 0) {
                into[pos] = '0';
                into[pos + 1] = '.';
                into[pos + 2] = '0';
                return pos + 3;
            }
            return t < C_TINY ? decimal(Q_MIN, 10 * t, -1, into, pos) : decimal(Q_MIN, t, 0, into, pos);
        }
        int mq = -Q_MIN + 1 - bq;
        long c = C_MIN | t;
        if (0 < mq && mq < P) {
            // An integer below 2^53: its own digits are the shortest that tell it from its neighbours.
            long f = c >> mq;
            if (f << mq == c) {
                return text(f, 0, into, pos);
            }
        }
        return decimal(-mq, c, 0, into, pos);
    }

    /**
     * The shortest decimal in the rounding interval of c·2^q (Schubfach), written: the candidates s·10^k and
     * (s + 1)·10^k bracketing it, and the shorter s'·10^(k+1) when one of those is inside the interval; of two inside,
     * the closer, and the even one on a tie.
     */
    private static int decimal(int q, long c, int dk, byte[] into, int pos) {
        int out = (int) c & 1;
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = MathUtils.flog10pow2(q);
        } else {
            // At a power of two the interval below is half as wide.
            cbl = cb - 1;
            k = MathUtils.flog10threeQuartersPow2(q);
        }
        int h = q + MathUtils.flog2pow10(-k) + 2;
        long g1 = MathUtils.g1(k);
        long g0 = MathUtils.g0(k);
        long vb = roundOdd(g1, g0, cb << h);
        long vbl = roundOdd(g1, g0, cbl << h);
        long vbr = roundOdd(g1, g0, cbr << h);
        long s = vb >> 2;
        if (s >= 100) {
            long sp10 = 10 * Math.multiplyHigh(s, TENTH);
            long tp10 = sp10 + 10;
            boolean upin = vbl + out <= sp10 << 2;
            boolean wpin = (tp10 << 2) + out <= vbr;
            if (upin != wpin) {
                return text(upin ? sp10 : tp10, k, into, pos);
            }
        }
        long t = s + 1;
        boolean uin = vbl + out <= s << 2;
        boolean win = (t << 2) + out <= vbr;
        if (uin != win) {
            return text(uin ? s : t, k + dk, into, pos);
        }
        long cmp = vb - ((s + t) << 1);
        return text(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : t, k + dk, into, pos);
    }

    /** g·cp, g = g1·2^63 + g0, to 64 bits, rounded to odd (the low bit set when anything was cut off). */
    private static long roundOdd(long g1, long g0, long cp) {
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = Math.multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | ((z & MASK_63) + MASK_63) >>> 63;
    }

    /** f·10^e (f > 0, below 10^17) in {@link Double#toString}'s format. */
    private static int text(long f, int e, byte[] into, int pos) {
        // f = h·10^16 + m·10^8 + l; the 8 digits of m and of l each in one long (digit i in byte i).
        long hm = f / 100_000_000L;
        int l = (int) (f - hm * 100_000_000L);
        int h = (int) (hm / 100_000_000L);
        int m = (int) (hm - h * 100_000_000L);
        long wl = digits(l);
        long wm = digits(m);
        // The trailing zeros, which the exponent takes: the zero digits at the end of l (and of m if l is 0).
        int trailing;
        if (l != 0) {
            trailing = Long.numberOfLeadingZeros(wl) >>> 3;
        } else if (m != 0) {
            trailing = 8 + (Long.numberOfLeadingZeros(wm) >>> 3);
        } else {
            trailing = 16;
        }
        int length = h != 0 ? 17 : m != 0 ? 16 - (Long.numberOfTrailingZeros(wm) >>> 3)
                : 8 - (Long.numberOfTrailingZeros(wl) >>> 3);
        int count = length - trailing;
        e += trailing;
        // f·10^e = d.ddd × 10^x
        int x = e + count - 1;
        if (x >= 7 || x < -3) {
            // d.ddd (or d.0), E, the exponent: the digits from pos + 1, the first then moved before the point.
            put(h, m, l, wm, wl, into, pos + 1);
            into[pos] = into[pos + 1];
            into[pos + 1] = '.';
            if (count == 1) {
                into[pos + 2] = '0';
                pos += 3;
            } else {
                pos += count + 1;
            }
            into[pos++] = 'E';
            if (x < 0) {
                into[pos++] = '-';
                x = -x;
            }
            if (x >= 100) {
                into[pos++] = (byte) ('0' + x / 100);
                x %= 100;
                into[pos++] = PAIRS[2 * x];
                into[pos++] = PAIRS[2 * x + 1];
            } else if (x >= 10) {
                into[pos++] = PAIRS[2 * x];
                into[pos++] = PAIRS[2 * x + 1];
            } else {
                into[pos++] = (byte) ('0' + x);
            }
            return pos;
        }
        if (x < 0) {
            // 0.ddd, 0.0ddd or 0.00ddd.
            LONGS.set(into, pos, ZERO_POINT_ZEROS);
            put(h, m, l, wm, wl, into, pos + 1 - x);
            return pos + 1 - x + count;
        }
        int whole = x + 1;
        put(h, m, l, wm, wl, into, pos);
        if (count <= whole) {
            // ddd, zeros up to the point, .0
            LONGS.set(into, pos + count, ZEROS);
            into[pos + whole] = '.';
            into[pos + whole + 1] = '0';
            return pos + whole + 2;
        }
        // ddd.ddd: the digits after the point (at most 16) moved one place to the right, the point put before them.
        long first = (long) LONGS.get(into, pos + whole);
        long second = (long) LONGS.get(into, pos + whole + 8);
        LONGS.set(into, pos + whole + 1, first);
        LONGS.set(into, pos + whole + 9, second);
        into[pos + whole] = '.';
        return pos + count + 1;
    }

    /**
     * Writes the digits of h·10^16 + m·10^8 + l (not 0; {@code wm}, {@code wl} the {@link #digits} of m and l)
     * without leading zeros from {@code at}, and up to 8 bytes of zeros after them (to at most {@code at} + 17).
     */
    private static void put(int h, int m, int l, long wm, long wl, byte[] into, int at) {
        if (h != 0) {
            into[at] = (byte) ('0' + h);
            LONGS.set(into, at + 1, wm + ZEROS);
            LONGS.set(into, at + 9, wl + ZEROS);
        } else if (m != 0) {
            int leading = Long.numberOfTrailingZeros(wm) >>> 3;
            // The digits of m shifted to the start; its leading zeros come out as zeros at the end, which l's
            // digits then overwrite.
            LONGS.set(into, at, (wm >>> (leading << 3)) + ZEROS);
            LONGS.set(into, at + 8 - leading, wl + ZEROS);
        } else {
            LONGS.set(into, at, (wl >>> ((Long.numberOfTrailingZeros(wl) >>> 3) << 3)) + ZEROS);
        }
    }

    /**
     * The 8 decimal digits of {@code v} (below 10^8, with leading zeros) as one long: the most significant digit in
     * its lowest byte, the order in which a little-endian store writes them, each byte the digit's value (0 to 9).
     * Divisions by multiplication, all lanes at once: v / 10^4 into two 32-bit lanes, each by 100 into 16-bit lanes,
     * each by 10 into bytes (x·109951163 >> 40 = x / 10^4 for x below 10^8, x·10486 >> 20 = x / 100 below 10^4,
     * x·103 >> 10 = x / 10 below 100; DoubleTextTests checks every v's digits).
     */
    static long digits(int v) {
        long high = (v * 109_951_163L) >>> 40;
        long merged = high | ((v - high * 10_000) << 32);
        long hundreds = ((merged * 10_486) >>> 20) & 0x0000_007F_0000_007FL;
        merged = hundreds | ((merged - hundreds * 100) << 16);
        long tens = ((merged * 103) >>> 10) & 0x000F_000F_000F_000FL;
        return tens | ((merged - tens * 10) << 8);
    }
}
