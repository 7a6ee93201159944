package io.dpp.streams.replay;

import io.dpp.streams.venue.Venue;
import io.dpp.streams.venue.Venues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The captures below a folder, by venue. A capture file is named after its venue the way the
 * fixtures are ({@code KRAKEN_FUTURES.ws.1.0}: the venue id in upper case with '_' for '-'):
 * {@code VENUE.0} is the instrument listing, {@code VENUE.ws.N.M} one WebSocket connection and
 * {@code VENUE.http.N.M} REST snapshots. A file {@code VENUE.demo} marks the venue's captures as
 * a recording of the synthetic market ({@code dpp record --demo}): what they replay is demo data.
 * A venue may also answer to a second prefix ({@link Venue#capturePrefix()}, {@code BIT.COM}); where
 * several venues share a prefix, a connection or REST capture belongs to the venue whose host its
 * URL names ({@link Venues#ofUrl}), a listing or demo mark to each of them.
 * Files of other names, and files whose first line is not in the capture line format, are ignored.
 */
public final class CaptureDirectory {

    private static final Pattern NAME = Pattern.compile("([A-Z][A-Z0-9_.]*)\\.(0|demo|ws\\.\\d+\\.\\d+|http\\.\\d+\\.\\d+)");
    /** The suffix of the file that marks a venue's captures as a recording of the demo market. */
    public static final String DEMO_SUFFIX = ".demo";
    private static final Pattern FIRST_LINE = Pattern.compile("^(\\S+ (<->|<-|->) )?\\d+(\\.\\d+)?(: .*)?$", Pattern.DOTALL);

    /**
     * One venue's files.
     *
     * @param demo true when a {@code VENUE.demo} file marks them as a recording of the synthetic market
     */
    public record VenueCaptures(Venue venue, Path listing, List<Path> websocket, List<Path> rest, boolean demo) {

        /**
         * The venue's main WebSocket capture: the largest of those whose opening (its subscriptions)
         * names the venue's book channel, which is the one carrying its books where a venue was
         * recorded over several connections (Kraken's trades, ticker and book apart; Phemex's
         * candles apart); the largest of all when none names it.
         */
        public Path mainCapture() {
            String book = venue.protocol().channel(io.dpp.streams.venue.ChannelKind.BOOK);
            List<Path> withBooks = websocket.stream().filter(p -> book == null || opens(p, book)).toList();
            return (withBooks.isEmpty() ? websocket : withBooks).stream()
                    .max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }

        private static boolean opens(Path p, String text) {
            try (java.io.InputStream in = Files.newInputStream(p)) {
                return new String(in.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p, e);
            }
        }
    }

    private CaptureDirectory() {
    }

    /** Every venue with at least one WebSocket capture below {@code dir}, in venue-id order. */
    public static Map<String, VenueCaptures> scan(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
        Map<String, Path> listings = new LinkedHashMap<>();
        Map<String, List<Path>> ws = new LinkedHashMap<>();
        Map<String, List<Path>> rest = new LinkedHashMap<>();
        java.util.Set<String> demo = new java.util.HashSet<>();
        Map<String, List<String>> prefixes = prefixes();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList()) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                List<String> venueIds = prefixes.get(m.group(1));
                String kind = m.group(2);
                if (venueIds == null) {
                    continue;
                }
                if (kind.equals("demo")) {
                    demo.addAll(venueIds);
                    continue;
                }
                Optional<String> first = firstLine(f);
                if (first.isEmpty()) {
                    continue;
                }
                if (kind.equals("0")) {
                    venueIds.forEach(id -> listings.putIfAbsent(id, f));
                    continue;
                }
                String venueId = venueIds.size() == 1 ? venueIds.get(0) : ofUrl(first.get(), venueIds);
                if (venueId == null) {
                    continue;
                }
                if (kind.startsWith("ws.")) {
                    ws.computeIfAbsent(venueId, k -> new ArrayList<>()).add(f);
                } else {
                    rest.computeIfAbsent(venueId, k -> new ArrayList<>()).add(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        Map<String, VenueCaptures> out = new LinkedHashMap<>();
        for (String id : Venues.ids()) {
            if (ws.containsKey(id)) {
                out.put(id, new VenueCaptures(Venues.get(id), listings.get(id), List.copyOf(ws.get(id)),
                        List.copyOf(rest.getOrDefault(id, List.of())), demo.contains(id)));
            }
        }
        return out;
    }

    /** The venues each capture-name prefix stands for: every venue's own ("KRAKEN_FUTURES"), and second ones. */
    private static Map<String, List<String>> prefixes() {
        Map<String, List<String>> out = new java.util.HashMap<>();
        for (String id : Venues.ids()) {
            out.computeIfAbsent(id.toUpperCase(Locale.ROOT).replace('-', '_'), k -> new ArrayList<>()).add(id);
            String second = Venues.get(id).capturePrefix();
            if (second != null) {
                out.computeIfAbsent(second, k -> new ArrayList<>()).add(id);
            }
        }
        return out;
    }

    /** Of the venues sharing a prefix, the one whose host the capture's first line names; null when none. */
    private static String ofUrl(String firstLine, List<String> venueIds) {
        int space = firstLine.indexOf(' ');
        if (space <= 0) {
            return null;
        }
        return Venues.ofUrl(firstLine.substring(0, space)).filter(venueIds::contains).orElse(null);
    }

    /** The file's first line when it is in the capture line format; empty otherwise. */
    private static Optional<String> firstLine(Path f) {
        try (Stream<String> lines = Files.lines(f, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.findFirst().filter(first -> FIRST_LINE.matcher(first).matches());
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
