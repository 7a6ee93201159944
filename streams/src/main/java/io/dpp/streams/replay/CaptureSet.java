package io.dpp.streams.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files that belong with a WebSocket capture in the fixture layout: for
 * {@code DIR/KRAKEN.ws.50.0} the instrument listing {@code DIR/KRAKEN.0} and the REST snapshots
 * {@code DIR/KRAKEN.http.*}.
 *
 * @param capture  the WebSocket capture
 * @param listing  the instrument listing, or null when there is none
 * @param rest     REST snapshot captures, possibly none
 * @param demo     true when {@code DIR/KRAKEN.demo} marks the captures as a recording of the synthetic market
 */
public record CaptureSet(Path capture, Path listing, List<Path> rest, boolean demo) {

    /** Finds the listing and REST captures beside {@code capture}; explicit ones win when given. */
    public static CaptureSet locate(Path capture, Path listing, List<Path> rest) throws IOException {
        String name = capture.getFileName().toString();
        int ws = name.indexOf(".ws.");
        String prefix = ws > 0 ? name.substring(0, ws) : null;
        Path dir = capture.toAbsolutePath().getParent();
        Path foundListing = listing;
        if (foundListing == null && prefix != null && Files.isRegularFile(dir.resolve(prefix + ".0"))) {
            foundListing = dir.resolve(prefix + ".0");
        }
        List<Path> foundRest = new ArrayList<>(rest);
        if (foundRest.isEmpty() && prefix != null) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.getFileName().toString().startsWith(prefix + ".http."))
                        .sorted()
                        .forEach(foundRest::add);
            }
        }
        boolean demo = prefix != null && Files.isRegularFile(dir.resolve(prefix + CaptureDirectory.DEMO_SUFFIX));
        return new CaptureSet(capture, foundListing, List.copyOf(foundRest), demo);
    }
}
