package io.dpp.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.Fixtures;
import io.dpp.book.SortedBook;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureKind;
import io.dpp.streams.capture.CaptureReader;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Venue;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.Venues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real captured messages, mutated the ways broken feeds and broken networks mutate them, are fed
 * to each venue's decoder between the untouched originals. Nothing may escape the decoder, every
 * mutant that cannot be read is counted, no book is touched by a message it rejected, and every
 * book still in sync ends exactly as it does on the clean capture.
 */
class FuzzedCaptureTest {

    /** Every venue with captures in the fixtures, on its main capture. */
    static Stream<Arguments> venues() {
        return Fixtures.venues().stream().map(v -> Arguments.of(v.venue().id(), Fixtures.mainCapture(v)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void mutantsAreCountedAndNeverCorruptABook(String venueId, Path file) throws IOException {
        Venue venue = Venues.get(venueId);
        CaptureSet set = CaptureSet.locate(file, null, List.of());
        InstrumentCatalog catalog = venue.parseListing(CaptureReader.read(set.listing()));
        Capture ws = CaptureReader.read(set.capture());
        List<Capture> rest = new ArrayList<>();
        for (Path p : set.rest()) {
            rest.add(CaptureReader.read(p));
        }

        Run clean = run(venue, catalog, ws, rest, null);
        Run fuzzed = run(venue, catalog, ws, rest, new Random(venueId.hashCode()));

        assertThat(fuzzed.escaped).as("exceptions that escaped the decoder").isEmpty();
        assertThat(fuzzed.stats.decodeErrors()).as("unreadable mutants counted")
                .isGreaterThanOrEqualTo(fuzzed.unreadableMutants).isPositive();
        assertThat(fuzzed.stats.crossedBooks()).isZero();
        assertThat(fuzzed.stats.checksumFailures()).isZero();
        assertThat(fuzzed.tops).as("books still in sync after the fuzzing").isNotEmpty();
        for (Map.Entry<String, String> e : fuzzed.tops.entrySet()) {
            if (clean.tops.containsKey(e.getKey())) {
                assertThat(e.getValue()).as(e.getKey()).isEqualTo(clean.tops.get(e.getKey()));
            }
        }
        for (InstrumentBook book : fuzzed.decoder.books()) {
            assertConsistent(book.book());
        }
    }

    private record Run(FeedStats stats, VenueDecoder decoder, Map<String, String> tops, List<Throwable> escaped,
                       long unreadableMutants) {
    }

    private static Run run(Venue venue, InstrumentCatalog catalog, Capture ws, List<Capture> rest, Random random) {
        FeedStats stats = new FeedStats();
        VenueDecoder decoder = venue.newDecoder(catalog, new FeedOutput(venue.id(), stats, new MarketEventListener() { }));
        List<Throwable> escaped = new ArrayList<>();
        long unreadable = 0;
        int[] next = new int[rest.size()];
        for (int i = 0; i < ws.size(); i++) {
            for (int f = 0; f < rest.size(); f++) {
                Capture c = rest.get(f);
                while (next[f] < c.size() && c.time(next[f]) <= ws.time(i)) {
                    if (c.kind(next[f]) == CaptureKind.REST) {
                        CaptureReplay.deliver(c, next[f], decoder);
                    }
                    next[f]++;
                }
            }
            if (random != null && ws.kind(i) == CaptureKind.RECEIVED && random.nextInt(3) == 0) {
                byte[] original = Arrays.copyOfRange(ws.bytes(), ws.offset(i), ws.offset(i) + ws.length(i));
                for (Mutation m : Mutation.values()) {
                    byte[] mutant = m.apply(original, random);
                    if (mutant == null) {
                        continue;
                    }
                    try {
                        decoder.onMessage(mutant, 0, mutant.length, ws.time(i));
                    } catch (Throwable t) {
                        escaped.add(t);
                    }
                    if (m.unreadable) {
                        unreadable++;
                    }
                }
            }
            CaptureReplay.deliver(ws, i, decoder);
        }
        Map<String, String> tops = new TreeMap<>();
        for (InstrumentBook b : decoder.books()) {
            if (b.inSync()) {
                tops.put(b.instrument().nativeSymbol(), top(b.book(), 5));
            }
        }
        return new Run(stats, decoder, tops, escaped, unreadable);
    }

    private static String top(SortedBook book, int levels) {
        StringBuilder sb = new StringBuilder();
        for (boolean bid : new boolean[] {true, false}) {
            for (int i = 0; i < Math.min(levels, book.depth(bid)); i++) {
                sb.append(bid ? 'b' : 'a').append(Decimal64.toString(book.price(bid, i))).append('@')
                        .append(Decimal64.toString(book.size(bid, i))).append(' ');
            }
        }
        return sb.toString();
    }

    private static void assertConsistent(SortedBook book) {
        for (boolean bid : new boolean[] {true, false}) {
            for (int i = 0; i < book.depth(bid); i++) {
                assertThat(Decimal64.signum(book.size(bid, i))).isPositive();
                if (i > 0) {
                    int order = Decimal64.compare(book.price(bid, i - 1), book.price(bid, i));
                    assertThat(bid ? order > 0 : order < 0).as("levels sorted best first").isTrue();
                }
            }
        }
    }

    /** Ways a message gets broken. "Unreadable" ones can never be decoded as valid data. */
    private enum Mutation {
        /** Cut short, as a dropped connection leaves it. */
        TRUNCATED(true) {
            @Override
            byte[] apply(byte[] m, Random r) {
                return m.length < 4 ? null : Arrays.copyOf(m, 1 + r.nextInt(m.length - 2));
            }
        },
        /** A letter where a digit of a number was. */
        LETTER_IN_NUMBER(false) {
            @Override
            byte[] apply(byte[] m, Random r) {
                int at = digitAt(m, r);
                if (at < 0) {
                    return null;
                }
                byte[] copy = m.clone();
                copy[at] = 'x';
                return copy;
            }
        },
        /** A number far beyond any exact decimal. */
        HUGE_NUMBER(false) {
            @Override
            byte[] apply(byte[] m, Random r) {
                int at = digitAt(m, r);
                return at < 0 ? null : splice(m, at, "99999999999999999999999999");
            }
        },
        /** A field the parser has never seen, with a nested value. */
        UNKNOWN_FIELD(false) {
            @Override
            byte[] apply(byte[] m, Random r) {
                int at = indexOf(m, (byte) '{', 0);
                return at < 0 ? null : splice(m, at + 1, "\"zz_unknown\":{\"a\":[1,\"b\",null,{}]},");
            }
        },
        /** A string where an array was. */
        WRONG_TYPE(false) {
            @Override
            byte[] apply(byte[] m, Random r) {
                int at = indexOf(m, (byte) '[', 1 + r.nextInt(Math.max(1, m.length / 2)));
                return at < 0 ? null : splice(m, at, "\"oops\",");
            }
        },
        /** Bytes that are not UTF-8, inside a string. */
        INVALID_UTF8(false) {
            @Override
            byte[] apply(byte[] m, Random r) {
                int at = indexOf(m, (byte) '"', r.nextInt(Math.max(1, m.length)));
                if (at < 0) {
                    return null;
                }
                byte[] copy = new byte[m.length + 2];
                System.arraycopy(m, 0, copy, 0, at + 1);
                copy[at + 1] = (byte) 0xC3;
                copy[at + 2] = (byte) 0x28;
                System.arraycopy(m, at + 1, copy, at + 3, m.length - at - 1);
                return copy;
            }
        },
        /** Random bytes. */
        NOISE(true) {
            @Override
            byte[] apply(byte[] m, Random r) {
                byte[] noise = new byte[1 + r.nextInt(64)];
                r.nextBytes(noise);
                noise[0] = (byte) "[{\"1-".charAt(r.nextInt(5));
                return noise;
            }
        };

        final boolean unreadable;

        Mutation(boolean unreadable) {
            this.unreadable = unreadable;
        }

        abstract byte[] apply(byte[] message, Random random);

        static int digitAt(byte[] m, Random r) {
            int start = r.nextInt(Math.max(1, m.length));
            for (int i = 0; i < m.length; i++) {
                int at = (start + i) % m.length;
                if (m[at] >= '0' && m[at] <= '9') {
                    return at;
                }
            }
            return -1;
        }

        static int indexOf(byte[] m, byte b, int from) {
            for (int i = from; i < m.length; i++) {
                if (m[i] == b) {
                    return i;
                }
            }
            return -1;
        }

        static byte[] splice(byte[] m, int at, String text) {
            byte[] t = text.getBytes(StandardCharsets.US_ASCII);
            byte[] copy = new byte[m.length + t.length];
            System.arraycopy(m, 0, copy, 0, at);
            System.arraycopy(t, 0, copy, at, t.length);
            System.arraycopy(m, at, copy, at + t.length, m.length - at);
            return copy;
        }
    }
}
