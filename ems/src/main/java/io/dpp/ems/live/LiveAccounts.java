package io.dpp.ems.live;

import io.dpp.ems.vault.CredentialStore;
import io.dpp.ems.vault.Vault;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.trading.live.OrderProtocol;
import io.dpp.trading.live.VenueKey;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Opens the venue of a live trading account: its owner's venue credential is read from the vault
 * (in the EMS's process only, as everywhere), the venue's clock is measured, and the account's
 * balances are read from the venue with a signed call, so that the engine starts from the venue's
 * truth. The database and the vault are read on {@code blocking}, never on the caller's thread.
 */
public final class LiveAccounts {

    /** A venue ready to trade on, and the account's balances there when it was opened. */
    public record Opened(LiveVenue venue, Map<String, BigDecimal> balances) {
    }

    private final CredentialStore store;
    private final VenueHttp http;
    private final Executor blocking;

    private final io.dpp.runtime.rate.VenueWeights weights;

    /** @param weights the venues' REST allowances of this process's address, which the feeds spend too */
    public LiveAccounts(CredentialStore store, VenueHttp http, Executor blocking, io.dpp.runtime.rate.VenueWeights weights) {
        this.store = store;
        this.http = http;
        this.blocking = blocking;
        this.weights = weights;
    }

    /**
     * Where {@code venue}'s private stream is: its production address, or, for a venue whose REST API
     * is configured at an address of its own (the simulator), the same address over WebSocket.
     */
    public java.net.URI streamUrl(String venue, io.dpp.trading.live.PrivateStream stream, String token) {
        String base = http.baseUrl(venue);
        if (base.equals(io.dpp.trading.live.TradingEndpoints.restUrl(venue))) {
            return java.net.URI.create(stream.url(token));
        }
        return java.net.URI.create(base.replaceFirst("^http", "ws").replaceAll("/+$", "") + stream.path(token));
    }

    /** Whether DPP trades on {@code venue} (it has the venue's order protocol). */
    public static boolean trades(String venue) {
        try {
            OrderProtocol.of(venue);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The venue of {@code owner}'s credential {@code credential}, which must be a credential for
     * {@code venue}; fails with an {@link HttpProblem} saying what is wrong (no such credential,
     * another venue's, a credential the vault cannot open, a venue that refuses the key).
     */
    public CompletableFuture<Opened> open(String owner, String credential, String venue) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                CredentialStore.Listed listed = store.find(owner, credential).orElseThrow(() -> new HttpProblem(409, "conflict",
                        "you have no venue credential named " + credential + "; add it with POST /api/v1/venue-credentials"));
                if (!listed.venue().equals(venue)) {
                    throw new HttpProblem(409, "conflict", "venue credential " + credential + " is for " + listed.venue()
                            + "; the account trades on " + venue);
                }
                VenueKey key = store.open(owner, credential).orElseThrow(() -> new HttpProblem(409, "conflict",
                        "venue credential " + credential + " was deleted"));
                return new LiveVenue(http, OrderProtocol.of(venue), key, System::nanoTime, weights);
            } catch (SQLException e) {
                throw new HttpProblem(503, "unavailable", "the credential store cannot be read: " + e.getMessage());
            } catch (Vault.OpenFailed e) {
                throw new HttpProblem(500, "vault", "venue credential " + credential + " cannot be opened by this server's master"
                        + " keys; an operator must restore the key it was sealed under");
            }
        }, blocking).thenCompose(v -> v.syncClock().handle((offset, error) -> v)).thenCompose(v -> v.balances().thenApply(outcome -> {
            if (!outcome.ok()) {
                throw new CompletionException(new HttpProblem(409, "conflict", venue + " refused the account's balance call: "
                        + outcome.reject().message()));
            }
            return new Opened(v, outcome.value());
        }));
    }
}
