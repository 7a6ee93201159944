package io.dpp.runtime.access;

import java.util.concurrent.CompletionStage;

/**
 * Who may use the APIs. The accounts service implements it over its database of users, keys and
 * plans; the open demo mode grants everything. Installed on the HTTP server by the access module,
 * used by {@link AccessGate} for REST and by the WebSocket APIs for their auth message.
 */
public interface Access {

    /** Name of the module that installs it; every API module depends on it. */
    String MODULE = "access";

    /** True in the open demo mode: no key is needed and every request gets {@link Grant#open()}. */
    boolean open();

    /**
     * The grant of an API key, completed off the event loop when the key is not cached. Fails with
     * an {@link io.dpp.runtime.http.HttpProblem} of 401 for an unknown, malformed or revoked key.
     */
    CompletionStage<Grant> authenticate(String key);

    /** Counts a refusal for {@code dpp_access_denied_total}. */
    void denied(String api, String reason);

    /** A REST request of {@code grant} was let through (within its plan's rate): counted as the key's usage. */
    default void used(Grant grant) {
    }
}
