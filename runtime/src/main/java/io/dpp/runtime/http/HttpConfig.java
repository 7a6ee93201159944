package io.dpp.runtime.http;

import io.smallrye.config.ConfigMapping;
import java.util.List;

/** The {@code http} section: the one HTTP server of a process. */
@ConfigMapping(prefix = "http")
public interface HttpConfig {

    /** Address to bind; 0.0.0.0 for every interface. */
    String host();

    /** Port to bind; 0 picks a free one (the log says which). */
    int port();

    /** Range checks that the type does not express. */
    static void check(HttpConfig http, List<String> problems) {
        if (http.port() < 0 || http.port() > 65_535) {
            problems.add("http.port: must be between 0 and 65535, got " + http.port());
        }
        if (http.host().isBlank()) {
            problems.add("http.host: must not be blank");
        }
    }
}
