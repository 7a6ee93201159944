package io.dpp.streams.feed;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates gzip frames (Huobi sends every WebSocket message gzip-compressed) into one reusable
 * buffer with one reusable {@link Inflater}: nothing is allocated per frame once the buffer has
 * grown. A frame that is not one well-formed gzip member (header, deflate data, CRC-32 and length
 * trailer), or that would inflate past {@link #MAX_MESSAGE} bytes, is refused. Used on one thread.
 */
public final class GzipFrames {

    /** The largest message a frame may inflate to: a venue's book picture is a few hundred kilobytes. */
    public static final int MAX_MESSAGE = 16 * 1024 * 1024;

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private byte[] out = new byte[64 * 1024];
    private int length;

    /** Whether the bytes start as a gzip member does (magic 1f 8b). */
    public static boolean isGzip(byte[] b, int offset, int length) {
        return length >= 18 && (b[offset] & 0xff) == 0x1f && (b[offset + 1] & 0xff) == 0x8b;
    }

    /**
     * Inflates one gzip member into {@link #output()}; false when it is not a well-formed one (the
     * output is then undefined).
     */
    public boolean inflate(byte[] b, int offset, int frameLength) {
        if (!isGzip(b, offset, frameLength) || b[offset + 2] != 8) {
            return false; // not gzip, or not deflate-compressed
        }
        int end = offset + frameLength;
        int flags = b[offset + 3] & 0xff;
        int p = offset + 10;
        if ((flags & FEXTRA) != 0) {
            if (p + 2 > end) {
                return false;
            }
            p += 2 + ((b[p] & 0xff) | (b[p + 1] & 0xff) << 8);
        }
        if ((flags & FNAME) != 0) {
            p = afterZero(b, p, end);
        }
        if ((flags & FCOMMENT) != 0) {
            p = afterZero(b, p, end);
        }
        if ((flags & FHCRC) != 0) {
            p += 2;
        }
        int trailer = end - 8;
        if (p < 0 || p > trailer) {
            return false;
        }
        inflater.reset();
        inflater.setInput(b, p, trailer - p);
        length = 0;
        try {
            while (!inflater.finished()) {
                if (length == out.length) {
                    if (out.length >= MAX_MESSAGE) {
                        return false;
                    }
                    out = Arrays.copyOf(out, Math.min(MAX_MESSAGE, out.length * 2));
                }
                int n = inflater.inflate(out, length, out.length - length);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return false; // the deflate data ends early
                }
                length += n;
            }
        } catch (DataFormatException e) {
            return false;
        }
        crc.reset();
        crc.update(out, 0, length);
        return crc.getValue() == littleEndian(b, trailer) && (length & 0xffffffffL) == littleEndian(b, trailer + 4);
    }

    /** The last message inflated. */
    public byte[] output() {
        return out;
    }

    /** Its length. */
    public int length() {
        return length;
    }

    private static int afterZero(byte[] b, int p, int end) {
        while (p >= 0 && p < end && b[p] != 0) {
            p++;
        }
        return p < end ? p + 1 : -1;
    }

    private static long littleEndian(byte[] b, int p) {
        return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24;
    }
}
