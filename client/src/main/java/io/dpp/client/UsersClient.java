package io.dpp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A client of DPP's users and support API (docs/accounts.md "Users", docs/support.md): sign-up,
 * verification, password reset (no credential needed), and as a signed-in user or with an API key
 * the caller's profile, sessions, API keys, second factor, preferences and support tickets; for
 * staff the users, plans, audit log and ticket queue.
 * Every call returns the answer's JSON; one that is not a success throws
 * {@link TradingClient.Refused} with its status, error code and message.
 *
 * <pre>{@code
 * UsersClient anyone = UsersClient.builder(URI.create("http://localhost:8080")).build();
 * anyone.signUp("ada@example.com", "a long passphrase");            // then open the mailed link
 * UsersClient ada = anyone.signIn("ada@example.com", "a long passphrase", null);
 * String key = ada.createKey(null).path("key").asText();           // shown once
 * }</pre>
 *
 * A signed-in client holds its session cookie and sends the session's CSRF token with every
 * state-changing call, as a browser page of the platform would. Thread-safe.
 */
public final class UsersClient {

    private final Rest rest;
    private final String key;
    private final String session;
    private final String csrf;
    private final URI base;
    private final Duration timeout;

    private UsersClient(URI base, Duration timeout, String key, String session, String csrf) {
        this.base = base;
        this.timeout = timeout;
        this.rest = new Rest(base, timeout);
        this.key = key;
        this.session = session;
        this.csrf = csrf;
    }

    /** A builder for the platform at {@code base} (http://host:port). */
    public static Builder builder(URI base) {
        return new Builder(base);
    }

    /** Builds a {@link UsersClient}. */
    public static final class Builder {
        private final URI base;
        private String key;
        private Duration timeout = Duration.ofSeconds(30);

        private Builder(URI base) {
            this.base = base;
        }

        /** An API key to call with (none: only the public calls and {@link #signIn} work). */
        public Builder apiKey(String apiKey) {
            this.key = apiKey;
            return this;
        }

        /** How long one call may take (default 30 s). */
        public Builder timeout(Duration t) {
            this.timeout = t;
            return this;
        }

        public UsersClient build() {
            return new UsersClient(base, timeout, key, null, null);
        }
    }

    // ---- public ----------------------------------------------------------------------------------

    public JsonNode signUp(String email, String password) {
        return call("POST", "/api/v1/users/sign-up", body("email", email, "password", password));
    }

    public JsonNode verify(String token) {
        return call("POST", "/api/v1/users/verify", body("token", token));
    }

    public JsonNode resendVerification(String email) {
        return call("POST", "/api/v1/users/verify/resend", body("email", email));
    }

    public JsonNode requestPasswordReset(String email) {
        return call("POST", "/api/v1/users/password/reset", body("email", email));
    }

    public JsonNode confirmPasswordReset(String token, String password) {
        return call("POST", "/api/v1/users/password/reset/confirm", body("token", token, "password", password));
    }

    /**
     * Signs in; a client that calls as that session (its cookie and CSRF token).
     *
     * @param code the second factor's current code, or null when the account has none
     */
    public UsersClient signIn(String email, String password, String code) {
        ObjectNode b = Rest.JSON.createObjectNode().put("email", email).put("password", password);
        if (code != null) {
            b.put("code", code);
        }
        HttpResponse<String> r = rest.send("POST", "/api/v1/users/sign-in", b.toString(), h -> { });
        JsonNode answer = Rest.json("POST", "/api/v1/users/sign-in", r);
        String cookie = r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("dpp_session="))
                .map(c -> c.substring("dpp_session=".length(), c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new IllegalStateException("sign-in answered without a session cookie"));
        return new UsersClient(base, timeout, null, cookie, answer.path("csrf_token").asText());
    }

    // ---- the caller ------------------------------------------------------------------------------

    public JsonNode me() {
        return call("GET", "/api/v1/users/me", null);
    }

    public JsonNode preferences(Boolean tickets, Boolean announcements, Boolean security) {
        ObjectNode b = Rest.JSON.createObjectNode();
        if (tickets != null) {
            b.put("notify_tickets", tickets);
        }
        if (announcements != null) {
            b.put("notify_announcements", announcements);
        }
        if (security != null) {
            b.put("notify_security", security);
        }
        return call("PATCH", "/api/v1/users/me", b.toString());
    }

    public JsonNode changePassword(String current, String next) {
        return call("POST", "/api/v1/users/me/password", body("current_password", current, "new_password", next));
    }

    public JsonNode signOut() {
        return call("POST", "/api/v1/users/sign-out", null);
    }

    public JsonNode signOutEverywhere() {
        return call("POST", "/api/v1/users/sign-out-everywhere", null);
    }

    /** Starts a second factor: {@code secret} and {@code uri} for the authenticator app. */
    public JsonNode totpSetup() {
        return call("POST", "/api/v1/users/me/totp", null);
    }

    public JsonNode totpConfirm(String code) {
        return call("POST", "/api/v1/users/me/totp/confirm", body("code", code));
    }

    public JsonNode totpDisable(String password, String code) {
        return call("POST", "/api/v1/users/me/totp/disable", body("password", password, "code", code));
    }

    public JsonNode sessions() {
        return call("GET", "/api/v1/users/me/sessions", null);
    }

    public JsonNode endSession(String id) {
        return call("DELETE", "/api/v1/users/me/sessions/" + Rest.enc(id), null);
    }

    public JsonNode keys() {
        return call("GET", "/api/v1/users/me/keys", null);
    }

    /** Makes an API key (on the caller's plan when {@code plan} is null); the key is in {@code key}, shown once. */
    public JsonNode createKey(String plan) {
        return call("POST", "/api/v1/users/me/keys", plan == null ? "{}" : body("plan", plan));
    }

    public JsonNode revokeKey(String keyId) {
        return call("DELETE", "/api/v1/users/me/keys/" + Rest.enc(keyId), null);
    }

    // ---- staff -----------------------------------------------------------------------------------

    public JsonNode users(String query, String role, int limit, int offset) {
        StringBuilder q = new StringBuilder("/api/v1/users?limit=").append(limit).append("&offset=").append(offset);
        if (query != null) {
            q.append("&q=").append(Rest.enc(query));
        }
        if (role != null) {
            q.append("&role=").append(Rest.enc(role));
        }
        return call("GET", q.toString(), null);
    }

    public JsonNode user(long id) {
        return call("GET", "/api/v1/users/" + id, null);
    }

    public JsonNode createUser(String email, String password, String role, String plan) {
        ObjectNode b = Rest.JSON.createObjectNode().put("email", email);
        if (password != null) {
            b.put("password", password);
        }
        if (role != null) {
            b.put("role", role);
        }
        if (plan != null) {
            b.put("plan", plan);
        }
        return call("POST", "/api/v1/users", b.toString());
    }

    /** Changes a user: any of {@code role}, {@code plan}, {@code disabled}, {@code verified}. */
    public JsonNode updateUser(long id, Map<String, Object> changes) {
        return call("PATCH", "/api/v1/users/" + id, Rest.JSON.valueToTree(changes).toString());
    }

    public JsonNode plans() {
        return call("GET", "/api/v1/plans", null);
    }

    /** Creates or changes a plan: {@code fields} as the OpenAPI document's putPlan body. */
    public JsonNode putPlan(String name, Map<String, Object> fields) {
        return call("PUT", "/api/v1/plans/" + Rest.enc(name), Rest.JSON.valueToTree(fields).toString());
    }

    public JsonNode audit(String actor, String action, int limit) {
        StringBuilder q = new StringBuilder("/api/v1/audit?limit=").append(limit);
        if (actor != null) {
            q.append("&actor=").append(Rest.enc(actor));
        }
        if (action != null) {
            q.append("&action=").append(Rest.enc(action));
        }
        return call("GET", q.toString(), null);
    }

    // ---- support tickets (docs/support.md) -------------------------------------------------------

    /** Opens a ticket; {@code priority}, {@code venue} and {@code strategy} may be null. */
    public JsonNode openTicket(String subject, String text, String category, String priority, String venue, String strategy) {
        ObjectNode b = Rest.JSON.createObjectNode().put("subject", subject).put("body", text).put("category", category);
        if (priority != null) {
            b.put("priority", priority);
        }
        if (venue != null) {
            b.put("venue", venue);
        }
        if (strategy != null) {
            b.put("strategy", strategy);
        }
        return call("POST", "/api/v1/tickets", b.toString());
    }

    /** Tickets the caller may see; {@code filters} as query parameters (status, priority, category, assignee, user, limit). */
    public JsonNode tickets(Map<String, String> filters) {
        StringBuilder q = new StringBuilder("/api/v1/tickets");
        char sep = '?';
        for (Map.Entry<String, String> f : new java.util.TreeMap<>(filters).entrySet()) {
            q.append(sep).append(Rest.enc(f.getKey())).append('=').append(Rest.enc(f.getValue()));
            sep = '&';
        }
        return call("GET", q.toString(), null);
    }

    /** A ticket with its thread. */
    public JsonNode ticket(long id) {
        return call("GET", "/api/v1/tickets/" + id, null);
    }

    /** Replies to a ticket, or (staff) writes an internal note. */
    public JsonNode replyTicket(long id, String text, boolean internal) {
        ObjectNode b = Rest.JSON.createObjectNode().put("body", text);
        if (internal) {
            b.put("internal", true);
        }
        return call("POST", "/api/v1/tickets/" + id + "/messages", b.toString());
    }

    /** Changes a ticket: any of {@code status}, {@code priority}, {@code assignee} (a user id, or null to unassign). */
    public JsonNode updateTicket(long id, Map<String, Object> changes) {
        return call("PATCH", "/api/v1/tickets/" + id, Rest.JSON.valueToTree(changes).toString());
    }

    /** Merges ticket {@code id} into {@code into} (staff). */
    public JsonNode mergeTicket(long id, long into) {
        return call("POST", "/api/v1/tickets/" + id + "/merge", Rest.JSON.createObjectNode().put("into", into).toString());
    }

    /** Attaches a file (its bytes) to a ticket. */
    public JsonNode attachFile(long ticket, String name, byte[] bytes) {
        return Rest.json("POST", "/api/v1/tickets/" + ticket + "/attachments", rest.sendBytes("/api/v1/tickets/" + ticket
                + "/attachments?name=" + Rest.enc(name).replace("+", "%20"), bytes, credentials("POST")));
    }

    /** Rates how a solved ticket was handled (1-5, once). */
    public JsonNode rateTicket(long ticket, int rating, String comment) {
        ObjectNode b = Rest.JSON.createObjectNode().put("rating", rating);
        if (comment != null) {
            b.put("comment", comment);
        }
        return call("POST", "/api/v1/tickets/" + ticket + "/satisfaction", b.toString());
    }

    // ---- feedback and messages -------------------------------------------------------------------

    /** Rates a service or feature (1-5); {@code subject} (what exactly) and {@code comment} may be null. */
    public JsonNode rate(String service, String subject, int rating, String comment) {
        ObjectNode b = Rest.JSON.createObjectNode().put("service", service).put("rating", rating);
        if (subject != null) {
            b.put("subject", subject);
        }
        if (comment != null) {
            b.put("comment", comment);
        }
        return call("POST", "/api/v1/feedback", b.toString());
    }

    /** Answers the NPS question (0-10). */
    public JsonNode nps(int score, String comment) {
        ObjectNode b = Rest.JSON.createObjectNode().put("score", score);
        if (comment != null) {
            b.put("comment", comment);
        }
        return call("POST", "/api/v1/feedback/nps", b.toString());
    }

    /** Feedback aggregates of the last {@code days} days (staff). */
    public JsonNode feedbackSummary(int days) {
        return call("GET", "/api/v1/feedback/summary?days=" + days, null);
    }

    /** The inbox (only unread messages with {@code unread}). */
    public JsonNode inbox(boolean unread) {
        return call("GET", "/api/v1/messages" + (unread ? "?unread=true" : ""), null);
    }

    public JsonNode readMessage(long id) {
        return call("POST", "/api/v1/messages/" + id + "/read", null);
    }

    public JsonNode readAllMessages() {
        return call("POST", "/api/v1/messages/read-all", null);
    }

    /** Sends a message (admins): {@code fields} as the OpenAPI document's sendMessage body. */
    public JsonNode sendMessage(Map<String, Object> fields) {
        return call("POST", "/api/v1/messages", Rest.JSON.valueToTree(fields).toString());
    }

    // ---- plumbing --------------------------------------------------------------------------------

    private JsonNode call(String method, String path, String body) {
        return rest.call(method, path, body, credentials(method));
    }

    private Consumer<java.net.http.HttpRequest.Builder> credentials(String method) {
        return b -> {
            if (key != null) {
                b.header("X-API-Key", key);
            }
            if (session != null) {
                b.header("Cookie", "dpp_session=" + session);
                if (!method.equals("GET")) {
                    b.header("X-CSRF-Token", csrf);
                }
            }
        };
    }

    private static String body(String... fields) {
        ObjectNode b = Rest.JSON.createObjectNode();
        for (int i = 0; i < fields.length; i += 2) {
            b.put(fields[i], fields[i + 1]);
        }
        return b.toString();
    }
}
