package io.dpp.streams.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsciiTest {

    /** Every length from 0 to 40, at odd places in a larger buffer, equal and with each byte in turn different. */
    @Test
    void equalsComparesEveryByteWhateverTheLengthAndPlace() {
        for (int length = 0; length <= 40; length++) {
            byte[] text = new byte[length];
            for (int i = 0; i < length; i++) {
                text[i] = (byte) ('a' + (i * 7) % 26);
            }
            for (int start : new int[] {0, 1, 3, 13}) {
                byte[] buf = new byte[start + length + (start % 2)]; // sometimes nothing after the text
                System.arraycopy(text, 0, buf, start, length);
                assertThat(Ascii.equals(buf, start, length, text)).as("length %d at %d", length, start).isTrue();
                if (length > 0) {
                    assertThat(Ascii.equals(buf, start, length - 1, text)).as("shorter").isFalse();
                }
                for (int i = 0; i < length; i++) {
                    buf[start + i] ^= 0x20;
                    assertThat(Ascii.equals(buf, start, length, text)).as("length %d at %d, byte %d differs", length, start, i)
                            .isFalse();
                    buf[start + i] ^= 0x20;
                }
            }
        }
    }
}
