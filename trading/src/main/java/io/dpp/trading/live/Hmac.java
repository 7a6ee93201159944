package io.dpp.trading.live;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The HMACs venues sign with, and a comparison that takes the same time whatever it finds. */
final class Hmac {

    private Hmac() {
    }

    static byte[] sha256(byte[] key, String message) {
        return mac("HmacSHA256", key, message.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(String key, String message) {
        return sha256(key.getBytes(StandardCharsets.UTF_8), message);
    }

    static String sha256Hex(String key, String message) {
        return HexFormat.of().formatHex(sha256(key, message));
    }

    static String sha256Base64(String key, String message) {
        return Base64.getEncoder().encodeToString(sha256(key, message));
    }

    static byte[] mac(String algorithm, byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    /** Whether two signatures as sent are equal, compared in constant time (case-insensitive for hex). */
    static boolean same(String expected, String got, boolean hex) {
        if (got == null) {
            return false;
        }
        String a = hex ? expected.toLowerCase(java.util.Locale.ROOT) : expected;
        String b = hex ? got.toLowerCase(java.util.Locale.ROOT) : got;
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
