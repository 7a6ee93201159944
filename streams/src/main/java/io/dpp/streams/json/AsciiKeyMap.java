package io.dpp.streams.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A map from ASCII keys to values that is looked up with a byte range of a message, so that
 * resolving "XBT/CHF" or "btcusdt" to its instrument on the hot path needs no String. Keys are
 * added at setup (cold); lookups allocate nothing. Open addressing, power-of-two table.
 */
public final class AsciiKeyMap<V> {

    private byte[][] keys = new byte[16][];
    private Object[] values = new Object[16];
    private int size;

    /** Adds or replaces a key. */
    public void put(String key, V value) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = hash(k, 0, k.length) & mask;
        while (keys[i] != null) {
            if (Arrays.equals(keys[i], k)) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = k;
        values[i] = value;
        size++;
    }

    /** The value for the key held in {@code length} bytes of {@code buf} from {@code start}, or null. */
    @SuppressWarnings("unchecked")
    public V get(byte[] buf, int start, int length) {
        int mask = keys.length - 1;
        int i = hash(buf, start, length) & mask;
        byte[] k;
        while ((k = keys[i]) != null) {
            if (Ascii.equals(buf, start, length, k)) {
                return (V) values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** The value for a String key, or null (cold path). */
    public V get(String key) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        return get(k, 0, k.length);
    }

    /** Number of keys. */
    public int size() {
        return size;
    }

    /** Every value (cold path). */
    @SuppressWarnings("unchecked")
    public List<V> values() {
        List<V> list = new ArrayList<>(size);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                list.add((V) values[i]);
            }
        }
        return list;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        Object[] oldValues = values;
        keys = new byte[oldKeys.length * 2][];
        values = new Object[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = hash(oldKeys[j], 0, oldKeys[j].length) & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    private static int hash(byte[] buf, int start, int length) {
        int h = 0x811c9dc5;
        for (int i = 0; i < length; i++) {
            h = (h ^ buf[start + i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
