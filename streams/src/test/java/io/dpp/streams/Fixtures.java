package io.dpp.streams;

import static org.junit.jupiter.api.Assertions.fail;

import io.dpp.streams.replay.CaptureDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the recorded venue traffic in ../shared/fixtures (or DPP_FIXTURES), never copied into
 * the project. Tests that need it skip with a message when it is missing, except under CI=true,
 * where a missing folder fails the build.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** The fixtures folder. */
    public static Path dir() {
        String configured = System.getenv("DPP_FIXTURES");
        Path root = Path.of(System.getProperty("dpp.root", ".."));
        Path dir = configured == null || configured.isBlank()
                ? root.resolve("../shared/fixtures") : root.resolve(configured);
        dir = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            String message = "recorded venue traffic not found at " + dir
                    + " (set DPP_FIXTURES to the fixtures folder)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + "; CI=true requires it");
            }
            Assumptions.abort(message + "; skipping");
        }
        return dir;
    }

    /**
     * Every venue DPP knows that has captures in the fixtures folder, found by file name as
     * {@code dpp up --replay} finds them: a venue added to the registry is tested on its captures
     * without a row of its own in each test.
     */
    public static List<CaptureDirectory.VenueCaptures> venues() {
        return List.copyOf(CaptureDirectory.scan(dir()).values());
    }

    /** A venue's main WebSocket capture (see {@link CaptureDirectory.VenueCaptures#mainCapture()}). */
    public static Path mainCapture(CaptureDirectory.VenueCaptures venue) {
        return venue.mainCapture();
    }

    /** A file below the fixtures folder, e.g. "kraken/cryptofeed/KRAKEN.ws.50.0". */
    public static Path file(String relative) {
        Path f = dir().resolve(relative);
        if (!Files.isRegularFile(f)) {
            fail("fixture " + f + " is missing; the fixtures folder is incomplete");
        }
        return f;
    }
}
