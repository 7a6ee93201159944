package io.dpp.runtime.access;

import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser pages may call the APIs in the open demo mode: a request with an {@code Origin}
 * header (browsers send one on cross-origin requests and on every WebSocket handshake) passes
 * when the origin is the server's own (its host and port equal the request's {@code Host}) or is
 * listed in {@code http.allowed-origins}. Requests without the header (curl, SDKs, the CLI) pass:
 * they are not a page acting on a user's behalf.
 */
final class OriginCheck {

    private final Set<String> allowed;

    OriginCheck(List<String> allowed) {
        this.allowed = allowed.stream().map(OriginCheck::normalize).filter(o -> o != null).collect(Collectors.toUnmodifiableSet());
    }

    /** Null when {@code request} may pass, else why not. */
    String refusal(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return null;
        }
        String normalized = normalize(origin);
        if (normalized != null && (allowed.contains(normalized) || sameOrigin(normalized, request.getHeader("Host")))) {
            return null;
        }
        return "requests from pages of origin " + (origin.length() > 100 ? origin.substring(0, 100) + "..." : origin)
                + " are refused: open mode answers its own origin and http.allowed-origins only";
    }

    private static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        String authority = origin.substring(origin.indexOf("://") + 3);
        String h = host.toLowerCase(Locale.ROOT);
        return authority.equals(h) || authority.equals(withDefaultPort(origin, h));
    }

    private static String withDefaultPort(String origin, String host) {
        if (host.lastIndexOf(':') > host.lastIndexOf(']')) {
            return host;
        }
        return host + (origin.startsWith("https://") ? ":443" : ":80");
    }

    /** scheme://host:port in lower case, the port always written; null when not an origin. */
    static String normalize(String origin) {
        if (origin == null || origin.length() > 512) {
            return null;
        }
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme();
            if (scheme == null || uri.getHost() == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return null;
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equalsIgnoreCase("https") ? 443 : 80;
            return scheme.toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
