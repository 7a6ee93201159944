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

    /**
     * An Ed25519 key pair written as Coinbase writes a CDP key's secret: base64 of the 32-byte seed
     * followed by the 32-byte public key (the last bytes of the JDK's PKCS#8 and X.509 encodings).
     */
    public static String coinbaseSecret(java.security.KeyPair pair) {
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        byte[] x509 = pair.getPublic().getEncoded();
        byte[] raw = new byte[64];
        System.arraycopy(pkcs8, pkcs8.length - 32, raw, 0, 32);
        System.arraycopy(x509, x509.length - 32, raw, 32, 32);
        return java.util.Base64.getEncoder().encodeToString(raw);
    }

    /**
     * A new Coinbase CDP secret ({@link #coinbaseSecret}) drawn from {@code random}, or from the
     * JDK's default source when null; a seeded {@code SHA1PRNG} makes the same key each time.
     */
    public static String newCoinbaseSecret(java.security.SecureRandom random) {
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("Ed25519");
            if (random != null) {
                g.initialize(java.security.spec.NamedParameterSpec.ED25519, random);
            }
            return coinbaseSecret(g.generateKeyPair());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    @Override
    public String toString() {
        return "VenueKey[" + masked() + "]";
    }
}
