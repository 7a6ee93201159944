package io.dpp.bench.streams;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the benchmarks read recorded traffic: DPP_FIXTURES, set by ./dpp jmh to ../shared/fixtures. */
final class Fixtures {

    private Fixtures() {
    }

    static Path file(String relative) {
        String dir = System.getenv("DPP_FIXTURES");
        Path path = Path.of(dir == null || dir.isBlank() ? "../shared/fixtures" : dir).resolve(relative);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("recorded traffic not found at " + path + "; run through ./dpp jmh or set DPP_FIXTURES");
        }
        return path;
    }
}
