package io.dpp.runtime.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What was built: the project version and the git revision, written into the jar by the build,
 * plus the Java runtime in use. Shown by {@code dpp version} and exported as {@code dpp_build_info}.
 *
 * @param version  project version, e.g. "0.1.0-SNAPSHOT"
 * @param revision abbreviated git commit, with "-dirty" for uncommitted changes, or "unknown"
 * @param java     the running Java version
 */
public record BuildInfo(String version, String revision, String java) {

    private static final String RESOURCE = "/io/dpp/runtime/build.properties";

    /** Reads the build facts of this jar. */
    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String version = resolved(p.getProperty("version"));
        String revision = resolved(p.getProperty("revision"));
        if (!"unknown".equals(revision) && "true".equals(p.getProperty("dirty"))) {
            revision += "-dirty";
        }
        return new BuildInfo(version, revision, Runtime.version().toString());
    }

    // An unresolved Maven placeholder (built without git, or from an IDE) reads as unknown.
    private static String resolved(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }

    /** One line for {@code dpp version}. */
    public String describe() {
        return "dpp " + version + " (revision " + revision + ") on Java " + java;
    }
}
