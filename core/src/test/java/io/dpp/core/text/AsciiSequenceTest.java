package io.dpp.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AsciiSequenceTest {

    @Test
    void copiesBytesAndGrows() {
        AsciiSequence s = new AsciiSequence(2);
        byte[] src = "xx3a9b1c7e-uuid-like-id".getBytes(StandardCharsets.US_ASCII);
        s.set(src, 2, src.length - 2);
        assertThat(s.toString()).isEqualTo("3a9b1c7e-uuid-like-id");
        assertThat(s.length()).isEqualTo(21);
        assertThat(s.charAt(0)).isEqualTo('3');
        assertThat(s.contentEquals("3a9b1c7e-uuid-like-id")).isTrue();
        assertThat(s.contentEquals("3a9b1c7e-uuid-like-iX")).isFalse();
        s.set(src, 0, 1);
        assertThat(s.toString()).isEqualTo("x");
    }

    @Test
    void setsNumbersWithoutStrings() {
        AsciiSequence s = new AsciiSequence(1);
        assertThat(s.set(0L).toString()).isEqualTo("0");
        assertThat(s.set(1_234_567_890_123L).toString()).isEqualTo("1234567890123");
        assertThat(s.set(-42L).toString()).isEqualTo("-42");
        assertThat(s.set(Long.MAX_VALUE).toString()).isEqualTo(Long.toString(Long.MAX_VALUE));
        assertThat(s.set(Long.MIN_VALUE).toString()).isEqualTo(Long.toString(Long.MIN_VALUE));
    }

    @Test
    void equalityIsByContent() {
        AsciiSequence a = new AsciiSequence(4).set("abc");
        AsciiSequence b = new AsciiSequence(64).set("abc");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new AsciiSequence().set("abd"));
        assertThat(a.clear().isEmpty()).isTrue();
    }

    @Test
    void rejectsNonAsciiAndBadIndexes() {
        AsciiSequence s = new AsciiSequence();
        assertThatThrownBy(() -> s.set("caf\u00e9")).hasMessageContaining("non-ASCII character at 3");
        s.set("ab");
        assertThatThrownBy(() -> s.charAt(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
