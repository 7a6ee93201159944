package io.dpp.streams;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
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

    /** A file below the fixtures folder, e.g. "kraken/cryptofeed/KRAKEN.ws.50.0". */
    public static Path file(String relative) {
        Path f = dir().resolve(relative);
        if (!Files.isRegularFile(f)) {
            fail("fixture " + f + " is missing; the fixtures folder is incomplete");
        }
        return f;
    }
}
