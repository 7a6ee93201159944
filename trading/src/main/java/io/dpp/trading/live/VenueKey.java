package io.dpp.trading.live;

import java.util.Objects;

/**
 * One venue API key as the venue issued it: the public key (or key name), the secret that signs
 * requests, and the passphrase some venues add (OKX). Never printed: {@link #toString()} and
 * {@link #masked()} show at most the first and last characters of the public key.
 *
 * @param apiKey     the public part, sent with every request
 * @param secret     signs requests; never sent (a PEM or base64 private key for Coinbase)
 * @param passphrase the venue's passphrase, or null where the venue has none
 */
public record VenueKey(String apiKey, String secret, String passphrase) {

    public VenueKey {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(secret, "secret");
    }

    /** The public key with all but its first four and last four characters replaced (all of it when short). */
    public String masked() {
        return mask(apiKey);
    }

    /** {@code text} as {@code abcd…wxyz}, or {@code ****} when it has fewer than 12 characters. */
    public static String mask(String text) {
        if (text == null || text.length() < 12) {
            return "****";
        }
        return text.substring(0, 4) + "…" + text.substring(text.length() - 4);
    }

    @Override
    public String toString() {
        return "VenueKey[" + masked() + "]";
    }
}
