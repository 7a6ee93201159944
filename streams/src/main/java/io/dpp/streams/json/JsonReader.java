package io.dpp.streams.json;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.decimal.DecimalParser;

/**
 * A pull reader over JSON held in a byte array, for venue messages on the hot path: it never
 * allocates, never builds strings, and exposes names and string values as byte ranges of the
 * message. Numbers, quoted or not, are read straight into {@link Decimal64} or {@code long}.
 *
 * <p>Usage follows the message's structure:
 * <pre>{@code
 * r.reset(bytes, offset, length).beginObject();
 * while (r.nextField()) {
 *     if (r.nameIs(PRICE)) price = r.readDecimal(); else r.skipValue();
 * }
 * }</pre>
 * Malformed input throws the reader's own {@link DecodeException} (allocated once, with no stack
 * trace); the caller counts it and moves on. The reader is lenient about commas between members,
 * which cannot change a value, and strict about everything else.
 */
public final class JsonReader {

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private final DecodeException error = new DecodeException();
    private byte[] buf = new byte[0];
    private int pos;
    private int end;
    private int nameStart;
    private int nameLength;
    private int stringStart;
    private int stringLength;
    private boolean stringEscaped;

    /** Points the reader at {@code length} bytes of {@code bytes} from {@code offset}. */
    public JsonReader reset(byte[] bytes, int offset, int length) {
        this.buf = bytes;
        this.pos = offset;
        this.end = offset + length;
        return this;
    }

    /** The underlying bytes. */
    public byte[] buffer() {
        return buf;
    }

    /** Current position in {@link #buffer()}. */
    public int position() {
        return pos;
    }

    /** The end of the range being read. */
    public int limit() {
        return end;
    }

    /** Next significant byte without consuming it; 0 at the end. */
    public byte peek() {
        skipWhitespace();
        return pos < end ? buf[pos] : 0;
    }

    /** True when nothing but white space is left. */
    public boolean atEnd() {
        skipWhitespace();
        return pos >= end;
    }

    // ---- structure -------------------------------------------------------------------------

    /** Consumes '{'. */
    public JsonReader beginObject() {
        expect('{');
        return this;
    }

    /**
     * Moves to the next member of the current object and reads its name (see {@link #nameIs});
     * false, having consumed '}', when the object is over.
     */
    public boolean nextField() {
        skipWhitespace();
        if (pos < end && buf[pos] == '}') {
            pos++;
            return false;
        }
        if (pos < end && buf[pos] == ',') {
            pos++;
            skipWhitespace();
        }
        if (pos >= end || buf[pos] != '"') {
            throw fail("expected a member name");
        }
        scanString();
        nameStart = stringStart;
        nameLength = stringLength;
        expect(':');
        return true;
    }

    /** True when the current member's name is exactly {@code name} (ASCII bytes). */
    public boolean nameIs(byte[] name) {
        return Ascii.equals(buf, nameStart, nameLength, name);
    }

    /**
     * {@link #nameIs(byte[])} for a name of at most 8 bytes, given its {@link Ascii#word}: one
     * masked load and compare instead of a loop, for names compared at every element of an array.
     */
    public boolean nameIs(byte[] name, long word) {
        int length = nameLength;
        if (length != name.length) {
            return false;
        }
        if (length <= 8 && nameStart + 8 <= buf.length) {
            long mask = length == 8 ? -1L : (1L << (length << 3)) - 1;
            return ((long) LONGS.get(buf, nameStart) & mask) == word;
        }
        return Ascii.equals(buf, nameStart, length, name);
    }

    /** Start of the current member's name in {@link #buffer()}. */
    public int nameStart() {
        return nameStart;
    }

    /** Length of the current member's name. */
    public int nameLength() {
        return nameLength;
    }

    /** Consumes '['. */
    public JsonReader beginArray() {
        expect('[');
        return this;
    }

    /** True when the current array has another element (positioned on it); false, having consumed ']', at its end. */
    public boolean nextElement() {
        skipWhitespace();
        if (pos < end && buf[pos] == ']') {
            pos++;
            return false;
        }
        if (pos < end && buf[pos] == ',') {
            pos++;
            skipWhitespace();
        }
        if (pos >= end) {
            throw fail("unterminated array");
        }
        return true;
    }

    // ---- values ----------------------------------------------------------------------------

    /**
     * Reads a number, or a string holding one, as an exact decimal; {@link Decimal64#NULL} for
     * {@code null}. Text that is not an exact decimal yields {@link Decimal64#INVALID}; the caller
     * decides whether that is an error.
     */
    public long readDecimal() {
        skipWhitespace();
        if (pos >= end) {
            throw fail("expected a number");
        }
        byte c = buf[pos];
        if (c == '"') {
            long quick = quotedDecimal();
            if (quick != Decimal64.INVALID) {
                return quick;
            }
            scanString();
            return stringEscaped ? Decimal64.INVALID : DecimalParser.parse(buf, stringStart, stringLength);
        }
        if (c == 'n') {
            expectLiteral("null");
            return Decimal64.NULL;
        }
        long quick = fastDecimal(pos, false);
        if (quick != Decimal64.INVALID) {
            return quick;
        }
        int start = pos;
        scanNumber();
        return DecimalParser.parse(buf, start, pos - start);
    }

    /**
     * The common case of a quoted decimal, "123.4500", read in the same pass that finds the closing
     * quote: at most 17 digits, no sign or exponent. Anything else returns INVALID without moving,
     * and the general path takes over.
     */
    private long quotedDecimal() {
        return fastDecimal(pos + 1, true);
    }

    /**
     * The common case of a number, quoted or bare, read in one pass: an optional '-' (bare only),
     * digits, an optional fraction, at most 17 digits, then the closing quote or a delimiter.
     * Anything else returns INVALID without moving, and the general path takes over.
     */
    private long fastDecimal(int from, boolean quoted) {
        int i = from;
        boolean negative = !quoted && i < end && buf[i] == '-';
        if (negative) {
            i++;
        }
        long m = 0;
        int start = i;
        if (i + 8 <= end) {
            long word = (long) LONGS.get(buf, i);
            if (eightDigits(word)) {
                m = eightDigitValue(word);
                i += 8;
            }
        }
        int d;
        while (i < end && (d = buf[i] - '0') >= 0 && d <= 9) {
            m = m * 10 + d;
            i++;
        }
        int intDigits = i - start;
        int scale = 0;
        if (i < end && buf[i] == '.') {
            int fractionStart = ++i;
            if (i + 8 <= end && intDigits <= 9) {
                long word = (long) LONGS.get(buf, i);
                if (eightDigits(word)) {
                    m = m * 100_000_000L + eightDigitValue(word);
                    i += 8;
                }
            }
            while (i < end && (d = buf[i] - '0') >= 0 && d <= 9) {
                m = m * 10 + d;
                i++;
            }
            scale = i - fractionStart;
            if (scale == 0) {
                return Decimal64.INVALID;
            }
        }
        if (intDigits == 0 || intDigits + scale > 17) {
            return Decimal64.INVALID;
        }
        if (quoted) {
            if (i >= end || buf[i] != '"') {
                return Decimal64.INVALID;
            }
            stringStart = from;
            stringLength = i - from;
            stringEscaped = false;
            pos = i + 1;
        } else {
            if (i < end) {
                byte c = buf[i];
                if (c != ',' && c != ']' && c != '}' && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return Decimal64.INVALID; // an exponent or garbage: the general path decides
                }
            }
            pos = i;
        }
        return Decimal64.of(negative ? -m : m, scale);
    }

    /**
     * Finds the last {@code n} plain strings of a top-level array by reading backwards from its
     * closing bracket ({@code [..., "a", "b"]}), for formats that put what the message is about at
     * the end (Kraken). Fills {@code starts}/{@code lengths} from the last string backwards and
     * returns the position where the first of them begins (its opening quote), or -1 when the end
     * of the message does not have that shape.
     */
    public int lastStrings(int n, int[] starts, int[] lengths) {
        int i = end - 1;
        while (i > pos && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t')) {
            i--;
        }
        if (i <= pos || buf[i] != ']') {
            return -1;
        }
        i--;
        int open = -1;
        for (int k = 0; k < n; k++) {
            while (i > pos && buf[i] == ' ') {
                i--;
            }
            if (i <= pos || buf[i] != '"') {
                return -1;
            }
            int close = i;
            i--;
            while (i > pos && buf[i] != '"') {
                if (buf[i] == '\\') {
                    return -1;
                }
                i--;
            }
            if (i <= pos) {
                return -1;
            }
            open = i;
            starts[k] = open + 1;
            lengths[k] = close - open - 1;
            i--;
            while (i > pos && buf[i] == ' ') {
                i--;
            }
            if (k < n - 1 && (i <= pos || buf[i] != ',')) {
                return -1;
            }
            if (k < n - 1) {
                i--;
            }
        }
        return open;
    }

    // True when all eight bytes are ASCII digits: every high nibble is 3, and stays 3 after adding 6
    // (which pushes ':' and above to 4). The first test rules out carries in the second.
    static boolean eightDigits(long word) {
        return (word & 0xF0F0F0F0F0F0F0F0L) == 0x3030303030303030L
                && ((word + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) == 0x3030303030303030L;
    }

    // The number eight ASCII digits spell, the first digit in the lowest byte (little endian).
    static long eightDigitValue(long word) {
        long v = word - 0x3030303030303030L;
        v = (v * 10 + (v >>> 8)) & 0x00FF00FF00FF00FFL;
        v = (v * 100 + (v >>> 16)) & 0x0000FFFF0000FFFFL;
        return (v * 10000 + (v >>> 32)) & 0x00000000FFFFFFFFL;
    }

    /** Reads an integer, quoted or not. */
    public long readLong() {
        skipWhitespace();
        if (pos >= end) {
            throw fail("expected an integer");
        }
        boolean quoted = buf[pos] == '"';
        if (quoted) {
            pos++;
        }
        boolean negative = pos < end && buf[pos] == '-';
        if (negative) {
            pos++;
        }
        int start = pos;
        long value = 0;
        while (pos < end) {
            int d = buf[pos] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            value = value * 10 + d;
            pos++;
        }
        // 18 digits always fit; a 19th may not, and more never do.
        if (pos - start > 18 && (pos - start > 19 || value < 0)) {
            throw fail("integer too large");
        }
        if (pos == start) {
            throw fail("expected an integer");
        }
        if (quoted) {
            if (pos >= end || buf[pos] != '"') {
                throw fail("expected an integer in quotes");
            }
            pos++;
        } else if (pos < end && (buf[pos] == '.' || buf[pos] == 'e' || buf[pos] == 'E')) {
            throw fail("expected an integer, got a fraction");
        }
        return negative ? -value : value;
    }

    /**
     * Reads a string; its raw bytes (escapes not decoded) are then at {@link #stringStart()} for
     * {@link #stringLength()}. Returns false, having consumed it, for {@code null}.
     */
    public boolean readString() {
        skipWhitespace();
        if (pos < end && buf[pos] == 'n') {
            expectLiteral("null");
            stringStart = pos;
            stringLength = 0;
            return false;
        }
        if (pos >= end || buf[pos] != '"') {
            throw fail("expected a string");
        }
        scanString();
        return true;
    }

    /** Start of the last string read. */
    public int stringStart() {
        return stringStart;
    }

    /** Length in bytes of the last string read, escapes not decoded. */
    public int stringLength() {
        return stringLength;
    }

    /** True when the last string read contains an escape sequence. */
    public boolean stringEscaped() {
        return stringEscaped;
    }

    /** True when the last string read is exactly {@code text}. */
    public boolean stringIs(byte[] text) {
        return Ascii.equals(buf, stringStart, stringLength, text);
    }

    /** Reads true or false. */
    public boolean readBoolean() {
        skipWhitespace();
        if (pos < end && buf[pos] == 't') {
            expectLiteral("true");
            return true;
        }
        expectLiteral("false");
        return false;
    }

    /** Consumes {@code null} if it is next; true when it was. */
    public boolean readNull() {
        skipWhitespace();
        if (pos + 3 < end && buf[pos] == 'n' && buf[pos + 1] == 'u' && buf[pos + 2] == 'l' && buf[pos + 3] == 'l') {
            pos += 4;
            return true;
        }
        return false;
    }

    /**
     * Skips the rest of the array the reader is in, through its closing bracket, however its
     * remaining elements are nested. For the trailing fields of a book level that nothing reads.
     */
    public void skipRestOfArray() {
        int depth = 1;
        while (pos < end) {
            byte c = buf[pos++];
            if (c == '"') {
                while (pos < end && buf[pos] != '"') {
                    pos += buf[pos] == '\\' ? 2 : 1;
                }
                pos++;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if ((c == ']' || c == '}') && --depth == 0) {
                return;
            }
        }
        throw fail("unterminated array");
    }

    /** Skips the next value, however deeply nested. */
    public void skipValue() {
        skipWhitespace();
        if (pos >= end) {
            throw fail("expected a value");
        }
        byte c = buf[pos];
        switch (c) {
            case '"' -> scanString();
            case '{', '[' -> skipNested();
            case 't' -> expectLiteral("true");
            case 'f' -> expectLiteral("false");
            case 'n' -> expectLiteral("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    scanNumber();
                } else {
                    throw fail("unexpected character");
                }
            }
        }
    }

    /** Builds a {@link DecodeException} naming the position; callers on the hot path throw it. */
    public DecodeException fail(String reason) {
        return error.set(reason, pos);
    }

    // ---- scanning --------------------------------------------------------------------------

    /**
     * Skips the object or array at {@code pos}, eight bytes a step: a word's quotes give, by a
     * prefix XOR over its bytes, which of them lie inside a string, so the brackets and braces
     * outside strings are found without visiting each string apart (a book's levels are hundreds of
     * short strings). A word with a backslash goes byte by byte, escapes and all.
     */
    private void skipNested() {
        int depth = 0;
        long inString = 0; // all ones while the byte before pos lies inside a string
        while (true) {
            int limit;
            if (pos + 8 <= end) {
                long word = (long) LONGS.get(buf, pos);
                if (zeroBytes(word ^ 0x5C5C5C5C5C5C5C5CL) == 0) {
                    long inside = insideStrings(zeroBytes(word ^ 0x2222222222222222L)) ^ inString;
                    long folded = word | 0x2020202020202020L; // '[' and ']' onto '{' and '}', nothing else
                    long open = zeroBytes(folded ^ 0x7B7B7B7B7B7B7B7BL) & ~inside;
                    long close = zeroBytes(folded ^ 0x7D7D7D7D7D7D7D7DL) & ~inside;
                    for (long both = open | close; both != 0; both &= both - 1) {
                        long bit = both & -both;
                        if ((open & bit) != 0) {
                            depth++;
                        } else if (--depth == 0) {
                            pos += (Long.numberOfTrailingZeros(bit) >>> 3) + 1;
                            return;
                        }
                    }
                    inString = inside >> 63;
                    pos += 8;
                    continue;
                }
                limit = pos + 8;
            } else if (pos < end) {
                limit = end;
            } else {
                break;
            }
            while (pos < limit) {
                byte c = buf[pos++];
                if (inString != 0) {
                    if (c == '\\') {
                        pos++; // the escaped byte, even past limit
                    } else if (c == '"') {
                        inString = 0;
                    }
                } else if (c == '"') {
                    inString = -1;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    return;
                }
            }
        }
        throw fail("unterminated object or array");
    }

    /** The zero bytes of {@code word}, each as its high bit, exactly (no borrow between bytes). */
    static long zeroBytes(long word) {
        return ~(((word & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | word) & 0x8080808080808080L;
    }

    /**
     * Given a word's quotes (each as its byte's high bit), for a word that starts outside a string:
     * its bytes from each opening quote up to but not including the closing one, as 0xFF (the
     * prefix XOR of the quotes over the bytes).
     */
    static long insideStrings(long quotes) {
        long parity = quotes >>> 7;
        parity ^= parity << 8;
        parity ^= parity << 16;
        parity ^= parity << 32;
        return parity * 0xFF;
    }

    private void scanString() {
        pos++; // opening quote
        stringStart = pos;
        stringEscaped = false;
        // Eight bytes at a time to the next quote or backslash (SWAR zero-byte test; the lowest
        // flagged byte is exact), straight to it; an escape skips the byte after the backslash.
        while (pos + 8 <= end) {
            long word = (long) LONGS.get(buf, pos);
            long quote = word ^ 0x2222222222222222L;
            long backslash = word ^ 0x5C5C5C5C5C5C5C5CL;
            long found = ((quote - 0x0101010101010101L) & ~quote | (backslash - 0x0101010101010101L) & ~backslash)
                    & 0x8080808080808080L;
            if (found == 0) {
                pos += 8;
                continue;
            }
            int at = pos + (Long.numberOfTrailingZeros(found) >>> 3);
            if (buf[at] == '"') {
                stringLength = at - stringStart;
                pos = at + 1;
                return;
            }
            stringEscaped = true;
            pos = at + 2;
        }
        while (pos < end) {
            byte c = buf[pos];
            if (c == '"') {
                stringLength = pos - stringStart;
                pos++;
                return;
            }
            if (c == '\\') {
                stringEscaped = true;
                pos++;
            }
            pos++;
        }
        throw fail("unterminated string");
    }

    // A bare value runs to the next delimiter; whether it is a number is for its parser to say.
    private void scanNumber() {
        int start = pos;
        while (pos < end) {
            byte c = buf[pos];
            if (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ':') {
                break;
            }
            pos++;
        }
        if (pos == start) {
            throw fail("expected a number");
        }
    }

    private void expect(char c) {
        skipWhitespace();
        if (pos >= end || buf[pos] != c) {
            throw fail(EXPECTED[c]);
        }
        pos++;
    }

    private void expectLiteral(String literal) {
        int n = literal.length();
        if (end - pos < n) {
            throw fail("truncated literal");
        }
        for (int i = 0; i < n; i++) {
            if (buf[pos + i] != literal.charAt(i)) {
                throw fail("unexpected literal");
            }
        }
        pos += n;
    }

    // Compact JSON has almost no white space: one comparison settles the common case.
    private void skipWhitespace() {
        while (pos < end && buf[pos] <= ' ') {
            byte c = buf[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private static final String[] EXPECTED = new String[128];

    static {
        for (int i = 0; i < EXPECTED.length; i++) {
            EXPECTED[i] = "expected '" + (char) i + "'";
        }
    }
}
