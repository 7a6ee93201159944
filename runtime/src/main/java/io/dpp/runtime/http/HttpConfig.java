package io.dpp.runtime.http;

import io.dpp.runtime.config.DurationConverter;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The {@code http} section: the one HTTP server of a process, and the bounds it puts on clients. */
@ConfigMapping(prefix = "http")
public interface HttpConfig {

    /** Address to bind; 0.0.0.0 for every interface. */
    String host();

    /** Port to bind; 0 picks a free one (the log says which). */
    int port();

    /**
     * A second port that serves /metrics (and the health endpoints) for the cluster's monitoring;
     * the public port then answers /metrics with 404. 0: /metrics on the public port (a single
     * process on a laptop).
     */
    int managementPort();

    /** A connection that sends and receives nothing for this long is closed (WebSockets get heartbeats). */
    Duration idleTimeout();

    /** A connection must deliver the head of its first request within this long, or it is closed. */
    Duration headerTimeout();

    /** Longest request head (request line and headers together), bytes; beyond it 431. */
    int maxHeaderSize();

    /** WebSocket connections that may wait for their auth message at once (the rest get close 1013). */
    int maxPendingAuth();

    /** How long a WebSocket connection opened without a key may take to send its auth message. */
    Duration authTimeout();

    /**
     * Origins (scheme://host[:port]) whose web pages may call the APIs in the open demo mode,
     * besides the server's own origin. Empty: the server's own only.
     */
    Optional<List<String>> allowedOrigins();

    /** Range checks that the type does not express. */
    static void check(HttpConfig http, List<String> problems) {
        for (var p : List.of(java.util.Map.entry("http.port", http.port()), java.util.Map.entry("http.management-port",
                http.managementPort()))) {
            if (p.getValue() < 0 || p.getValue() > 65_535) {
                problems.add(p.getKey() + ": must be between 0 and 65535, got " + p.getValue());
            }
        }
        if (http.managementPort() != 0 && http.managementPort() == http.port()) {
            problems.add("http.management-port: must differ from http.port (or be 0), got " + http.managementPort());
        }
        if (http.host().isBlank()) {
            problems.add("http.host: must not be blank");
        }
        if (http.idleTimeout().toSeconds() < 1 || http.idleTimeout().toHours() > 24) {
            problems.add("http.idle-timeout: must be from 1s to 24h, got " + DurationConverter.text(http.idleTimeout()));
        }
        if (http.headerTimeout().toMillis() < 100 || http.headerTimeout().toMinutes() > 10) {
            problems.add("http.header-timeout: must be from 100ms to 10m, got " + DurationConverter.text(http.headerTimeout()));
        }
        if (http.maxHeaderSize() < 1024 || http.maxHeaderSize() > 1 << 20) {
            problems.add("http.max-header-size: must be from 1024 to 1048576 bytes, got " + http.maxHeaderSize());
        }
        if (http.authTimeout().toMillis() < 100 || http.authTimeout().toMinutes() > 10) {
            problems.add("http.auth-timeout: must be from 100ms to 10m, got " + DurationConverter.text(http.authTimeout()));
        }
        if (http.maxPendingAuth() < 1 || http.maxPendingAuth() > 1_000_000) {
            problems.add("http.max-pending-auth: must be from 1 to 1000000, got " + http.maxPendingAuth());
        }
        for (String origin : http.allowedOrigins().orElse(List.of())) {
            if (io.dpp.runtime.access.AccessGate.normalizeOrigin(origin) == null) {
                problems.add("http.allowed-origins: \"" + origin + "\" is not an origin such as https://console.example.com");
            }
        }
    }
}
