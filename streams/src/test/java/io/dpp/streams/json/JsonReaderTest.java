package io.dpp.streams.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpp.core.decimal.Decimal64;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {

    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] SIZE = Ascii.bytes("size");

    private static JsonReader reader(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new JsonReader().reset(bytes, 0, bytes.length);
    }

    @Test
    void readsObjectsInAnyMemberOrderAndSkipsTheRest() {
        JsonReader r = reader(" { \"skip\" : {\"a\":[1,{\"b\":\"]}\"}],\"c\":null} , \"size\":\"0.15000000\",\"price\":56218.3 } ");
        long price = Decimal64.NULL;
        long size = Decimal64.NULL;
        r.beginObject();
        while (r.nextField()) {
            if (r.nameIs(PRICE)) {
                price = r.readDecimal();
            } else if (r.nameIs(SIZE)) {
                size = r.readDecimal();
            } else {
                r.skipValue();
            }
        }
        assertThat(Decimal64.toString(price)).isEqualTo("56218.3");
        assertThat(Decimal64.toString(size)).isEqualTo("0.15000000");
        assertThat(r.atEnd()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "\"56218.30000\"|56218.30000",
        "56218.30000|56218.30000",
        "-0.5|-0.5",
        "\"0.00000001\"|0.00000001",
        "\"123456789.12345678\"|123456789.12345678",
        "12345678901234567|12345678901234567",
        "1.2e-7|0.00000012",
        "\"1E3\"|1000",
        "-3|-3",
        "\"-3.25\"|-3.25",
        "0|0",
        "1.7023900800000002|1.7023900800000002",
    })
    void readsDecimalsQuotedOrBareExactly(String json, String expected) {
        JsonReader r = reader("[" + json + ",7]");
        r.beginArray();
        r.nextElement();
        assertThat(Decimal64.toString(r.readDecimal())).isEqualTo(expected);
        r.nextElement();
        assertThat(r.readLong()).isEqualTo(7);
        assertThat(r.nextElement()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"abc\"", "\"1.2.3\"", "\"\"", "\"1.\"", "\"99999999999999999999999\"", "1x", "\"1\\u0030\""})
    void invalidDecimalTextIsInvalidNotAnException(String json) {
        JsonReader r = reader("[" + json + "]");
        r.beginArray();
        r.nextElement();
        assertThat(r.readDecimal()).isEqualTo(Decimal64.INVALID);
    }

    @Test
    void nullIsNullDecimal() {
        JsonReader r = reader("[null]");
        r.beginArray();
        r.nextElement();
        assertThat(r.readDecimal()).isEqualTo(Decimal64.NULL);
    }

    @Test
    void fastAndGeneralPathsAgreeOnRandomNumbers() {
        Random random = new Random(5);
        for (int i = 0; i < 50_000; i++) {
            long mantissa = random.nextLong() >> (6 + random.nextInt(55));
            int scale = random.nextInt(19);
            String text = java.math.BigDecimal.valueOf(mantissa, scale).toPlainString();
            for (String json : new String[] {text, "\"" + text + "\""}) {
                JsonReader r = reader("[" + json + "]");
                r.beginArray();
                r.nextElement();
                long d = r.readDecimal();
                if (json.startsWith("\"") && text.startsWith("-")) {
                    // a quoted negative takes the general path; same value either way
                    assertThat(d).isEqualTo(Decimal64.parse(text));
                } else {
                    assertThat(d).as(json).isEqualTo(Decimal64.parse(text));
                }
            }
        }
    }

    @Test
    void readsIntegersQuotedOrBareAndRefusesFractionsAndOverflow() {
        JsonReader r = reader("[\"176333288\",-42,9223372036854775807]");
        r.beginArray();
        r.nextElement();
        assertThat(r.readLong()).isEqualTo(176_333_288L);
        r.nextElement();
        assertThat(r.readLong()).isEqualTo(-42);
        r.nextElement();
        assertThat(r.readLong()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> reader("9223372036854775808").readLong()).isInstanceOf(DecodeException.class)
                .hasMessageContaining("integer too large");
        assertThatThrownBy(() -> reader("1.5").readLong()).hasMessageContaining("fraction");
        assertThatThrownBy(() -> reader("x").readLong()).hasMessageContaining("expected an integer");
    }

    @Test
    void stringsAreByteRangesWithEscapesNoted() {
        JsonReader r = reader("[\"XBT/CHF\",\"a\\\"b\",\"0123456789abcdefghij\"]");
        r.beginArray();
        r.nextElement();
        r.readString();
        assertThat(Ascii.string(r.buffer(), r.stringStart(), r.stringLength())).isEqualTo("XBT/CHF");
        assertThat(r.stringEscaped()).isFalse();
        r.nextElement();
        r.readString();
        assertThat(Ascii.string(r.buffer(), r.stringStart(), r.stringLength())).isEqualTo("a\\\"b");
        assertThat(r.stringEscaped()).isTrue();
        r.nextElement();
        r.readString();
        assertThat(r.stringLength()).isEqualTo(20);
    }

    @Test
    void findsTheLastStringsOfAnArrayFromItsEnd() {
        JsonReader r = reader("[1664,{\"a\":[[\"13.2\",\"1.0\",\"1618678133.383209\"]],\"c\":\"176333288\"},\"book-1000\",\"WAVES/EUR\"] ");
        int[] starts = new int[2];
        int[] lengths = new int[2];
        int at = r.lastStrings(2, starts, lengths);
        assertThat(Ascii.string(r.buffer(), starts[0], lengths[0])).isEqualTo("WAVES/EUR");
        assertThat(Ascii.string(r.buffer(), starts[1], lengths[1])).isEqualTo("book-1000");
        assertThat((char) r.buffer()[at]).isEqualTo('"');
        assertThat(reader("[1,2]").lastStrings(2, starts, lengths)).isEqualTo(-1);
        assertThat(reader("{\"a\":\"b\"}").lastStrings(1, starts, lengths)).isEqualTo(-1);
    }

    @Test
    void skipsTheRestOfAnArrayWhateverItHolds() {
        JsonReader r = reader("[[\"1\",\"2\",\"0\",\"1\"],[\"3\",\"]\",[4,{\"x\":\"[\"}]],9]");
        r.beginArray();
        List<Long> firsts = new ArrayList<>();
        while (r.nextElement()) {
            if (r.peek() != '[') {
                firsts.add(r.readLong());
                continue;
            }
            r.beginArray();
            r.nextElement();
            firsts.add(r.readDecimal() >> Decimal64.SCALE_BITS);
            r.skipRestOfArray();
        }
        assertThat(firsts).containsExactly(1L, 3L, 9L);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"a\":", "{\"a\":\"x", "[1,2", "{\"a\" 1}", "{a:1}", "[tru]", "[\"x\"", "{\"a\":[1,{\"b\":2]"})
    void malformedInputThrowsItsOwnExceptionNamingThePosition(String json) {
        assertThatThrownBy(() -> {
            JsonReader r = reader(json);
            if (r.peek() == '{') {
                r.beginObject();
                while (r.nextField()) {
                    r.skipValue();
                }
            } else {
                r.beginArray();
                while (r.nextElement()) {
                    r.skipValue();
                }
            }
        }).isInstanceOf(DecodeException.class).hasMessageContaining(" at byte ");
    }

    @Test
    void eightDigitHelpersAgreeWithParsing() {
        for (String text : new String[] {"00000000", "12345678", "99999999", "10000001"}) {
            long word = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(JsonReader.eightDigits(word)).isTrue();
            assertThat(JsonReader.eightDigitValue(word)).isEqualTo(Long.parseLong(text));
        }
        for (String text : new String[] {"1234567.", "1234567/", "1234567:", "-1234567", "1234 678", "\"1234567"}) {
            long word = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(JsonReader.eightDigits(word)).as(text).isFalse();
        }
    }

    @Test
    void decimalsFollowedByMoreDigitsInTheSameWordEndAtTheirDelimiter() {
        Random random = new Random(9);
        for (int i = 0; i < 50_000; i++) {
            long mantissa = random.nextLong() >> (6 + random.nextInt(55));
            String text = java.math.BigDecimal.valueOf(mantissa, random.nextInt(12)).toPlainString();
            String quoted = random.nextBoolean() && !text.startsWith("-") ? "\"" + text + "\"" : text;
            String json = "[" + quoted + "," + "98765432109".substring(random.nextInt(11)) + "1]";
            JsonReader r = reader(json);
            r.beginArray();
            r.nextElement();
            assertThat(r.readDecimal()).as(json).isEqualTo(Decimal64.parse(text));
            assertThat(r.nextElement()).as(json).isTrue();
        }
    }

    @Test
    void zeroBytesFlagsExactlyTheZeroBytesOfAnyWord() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261207);
        for (int n = 0; n < 200_000; n++) {
            byte[] bytes = new byte[8];
            for (int i = 0; i < 8; i++) {
                // Zero and one bytes next to each other are where a borrowing test goes wrong.
                int pick = random.nextInt(4);
                bytes[i] = pick == 0 ? 0 : pick == 1 ? 1 : pick == 2 ? (byte) 0x80 : (byte) random.nextInt(256);
            }
            long word = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            long expected = 0;
            for (int i = 0; i < 8; i++) {
                if (bytes[i] == 0) {
                    expected |= 0x80L << (8 * i);
                }
            }
            assertThat(JsonReader.zeroBytes(word)).as(java.util.HexFormat.of().formatHex(bytes)).isEqualTo(expected);
        }
    }

    @Test
    void insideStringsRunsFromEachOpeningQuoteToItsClosingOne() {
        for (int quotes = 0; quotes < 256; quotes++) {
            long mask = 0;
            long expected = 0;
            boolean inside = false;
            for (int i = 0; i < 8; i++) {
                if ((quotes & (1 << i)) != 0) {
                    mask |= 0x80L << (8 * i);
                    inside = !inside;
                }
                if (inside) {
                    expected |= 0xFFL << (8 * i);
                }
            }
            assertThat(JsonReader.insideStrings(mask)).as(Integer.toBinaryString(quotes)).isEqualTo(expected);
        }
    }

    @Test
    void skippingRandomNestedValuesLandsWhereAByteByByteScanDoes() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder value = new StringBuilder();
            randomValue(random, value, 0);
            String json = "[" + " ".repeat(random.nextInt(9)) + value + ",\"after\"]";
            JsonReader r = reader(json);
            r.beginArray();
            assertThat(r.nextElement()).isTrue();
            r.skipValue();
            assertThat(r.nextElement()).as(json).isTrue();
            assertThat(r.readString()).as(json).isTrue();
            assertThat(r.stringIs("after".getBytes(StandardCharsets.US_ASCII))).as(json).isTrue();
            assertThat(r.nextElement()).as(json).isFalse();
        }
    }

    /** A nested value of strings (with escapes, brackets and braces inside), numbers and literals. */
    private static void randomValue(java.util.SplittableRandom random, StringBuilder sb, int depth) {
        int kind = depth > 4 ? 2 + random.nextInt(2) : random.nextInt(4);
        if (kind < 2) {
            boolean object = kind == 0;
            sb.append(object ? '{' : '[');
            int members = random.nextInt(5);
            for (int i = 0; i < members; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                if (object) {
                    randomString(random, sb);
                    sb.append(':');
                }
                randomValue(random, sb, depth + 1);
            }
            sb.append(object ? '}' : ']');
        } else if (kind == 2) {
            randomString(random, sb);
        } else {
            sb.append(new String[] {"1", "-0.25", "true", "null", "123456789.123"}[random.nextInt(5)]);
        }
    }

    private static void randomString(java.util.SplittableRandom random, StringBuilder sb) {
        String[] pieces = {"a", "0.1", "[", "]", "{", "}", "\\\"", "\\\\", "\\n", "\\u00e9", ",", ":", " ", "é"};
        sb.append('"');
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            sb.append(pieces[random.nextInt(pieces.length)]);
        }
        sb.append('"');
    }

    @Test
    void skippingNestedValuesOfEveryLengthLandsRightAfterThem() {
        // Values longer and shorter than a word, structural bytes at every offset, strings with
        // brackets and escaped quotes inside.
        String[] values = {"{}", "[]", "{\"a\":1}", "[1,2,[3,[4]],{\"x\":\"]}[{\"}]",
            "{\"long_name_of_a_field\":\"a value with \\\" and ] and }\",\"n\":[{\"k\":[]}]}",
            "[\"\\\\\",\"]\"]"};
        for (String value : values) {
            for (int pad = 0; pad < 9; pad++) {
                String json = "{\"" + "p".repeat(pad) + "\":" + value + ",\"after\":7}";
                JsonReader r = reader(json);
                r.beginObject();
                assertThat(r.nextField()).isTrue();
                r.skipValue();
                assertThat(r.nextField()).as(json).isTrue();
                assertThat(r.nameIs("after".getBytes(StandardCharsets.US_ASCII))).as(json).isTrue();
                assertThat(r.readLong()).isEqualTo(7);
                assertThat(r.nextField()).isFalse();
            }
        }
    }

    @Test
    void stringsEndAtTheirClosingQuoteWhereverEscapesFall() {
        for (String escape : new String[] {"\\\"", "\\\\", "\\n", "\\u00e9"}) {
            for (int before = 0; before < 18; before++) {
                for (int after = 0; after < 10; after++) {
                    String raw = "a".repeat(before) + escape + "b".repeat(after);
                    JsonReader r = reader("{\"s\":\"" + raw + "\",\"n\":1}");
                    r.beginObject();
                    assertThat(r.nextField()).isTrue();
                    assertThat(r.readString()).isTrue();
                    assertThat(r.stringLength()).as(raw).isEqualTo(raw.length());
                    assertThat(r.stringEscaped()).as(raw).isTrue();
                    assertThat(r.nextField()).as(raw).isTrue();
                    assertThat(r.readLong()).isEqualTo(1);
                }
            }
            // Plain strings of every length end where they end too.
            for (int n = 0; n < 20; n++) {
                JsonReader r = reader("[\"" + "x".repeat(n) + "\"]");
                r.beginArray();
                assertThat(r.nextElement()).isTrue();
                assertThat(r.readString()).isTrue();
                assertThat(r.stringLength()).isEqualTo(n);
                assertThat(r.stringEscaped()).isFalse();
                assertThat(r.nextElement()).isFalse();
            }
        }
        // A backslash as the message's last byte leaves the string open.
        assertThatThrownBy(() -> reader("[\"abcdefghijk\\").beginArray().skipValue())
                .isInstanceOf(DecodeException.class).hasMessageContaining("unterminated string");
    }

    /**
     * The one-load name comparison agrees with the plain one for names of every length up to 10:
     * equal, one byte off, and of another length.
     */
    @Test
    void nameIsWithAWordAgreesWithThePlainComparison() {
        String[] names = {"p", "px", "qty", "size", "price", "amount", "volume_", "quantity", "quantity1", "timestamp_"};
        int compared = 0;
        for (String field : names) {
            byte[] bytes = ("{\"" + field + "\":1,\"other\":2}").getBytes(StandardCharsets.US_ASCII);
            for (String asked : names) {
                for (String twist : new String[] {asked, asked.substring(0, asked.length() - 1) + "#"}) {
                    byte[] name = Ascii.bytes(twist);
                    JsonReader r = new JsonReader().reset(bytes, 0, bytes.length);
                    r.beginObject();
                    assertThat(r.nextField()).isTrue();
                    assertThat(r.nameIs(name, Ascii.word(name))).as("%s against %s", field, twist).isEqualTo(field.equals(twist))
                            .isEqualTo(r.nameIs(name));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(200);
    }

    /** A name with fewer than 8 bytes from its start to the buffer's end is compared byte by byte. */
    @Test
    void nameIsWithAWordComparesANameAtTheVeryEndOfTheBuffer() {
        byte[] bytes = "{\"size\":".getBytes(StandardCharsets.US_ASCII); // 4 bytes after the name's start
        JsonReader r = new JsonReader().reset(bytes, 0, bytes.length);
        r.beginObject();
        assertThat(r.nextField()).isTrue();
        assertThat(r.nameIs(SIZE, Ascii.word(SIZE))).isTrue();
        assertThat(r.nameIs(Ascii.bytes("sizf"), Ascii.word(Ascii.bytes("sizf")))).isFalse();
        assertThat(r.nameIs(PRICE, Ascii.word(PRICE))).isFalse();
    }
}
