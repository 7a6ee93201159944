package io.dpp.accounts;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * The optional second factor: RFC 6238 time-based one-time passwords (HMAC-SHA1, 6 digits, 30 s
 * steps, what authenticator apps expect), through java-otp. A secret is 20 random bytes, shown
 * once in Base32 and as an {@code otpauth://} URI. A code is accepted one step either side of now
 * (clock drift between a phone and the server).
 */
final class Totp {

    private static final TimeBasedOneTimePasswordGenerator TOTP = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6);
    private static final Base32 BASE32 = new Base32();

    private Totp() {
    }

    /** A new secret in Base32 (32 characters, no padding). */
    static String newSecret() {
        byte[] secret = new byte[20];
        new java.security.SecureRandom().nextBytes(secret);
        return BASE32.encodeToString(secret).replace("=", "");
    }

    /** The URI an authenticator app reads (as a QR code or pasted). */
    static String uri(String secret, String account) {
        String label = URLEncoder.encode("DPP:" + account, StandardCharsets.UTF_8).replace("+", "%20");
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=DPP&algorithm=SHA1&digits=6&period=30";
    }

    /** The code for {@code secret} at {@code time} (tests and the CLI's check). */
    static String code(String secret, Instant time) {
        try {
            return TOTP.generateOneTimePasswordString(key(secret), time);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("a TOTP secret is an HMAC key of any length", e);
        }
    }

    /** True when {@code code} (six digits) is the code of {@code secret} one step before, at or after {@code now}. */
    static boolean verify(String secret, String code, Instant now) {
        return step(secret, code, now) > 0;
    }

    /**
     * The 30-second step (since the epoch) whose code {@code code} is, looking one step before, at
     * and after {@code now}; 0 when it is none of them.
     */
    static long step(String secret, String code, Instant now) {
        if (secret == null || code == null || !code.matches("[0-9]{6}")) {
            return 0;
        }
        long found = 0;
        for (int offset = -1; offset <= 1; offset++) {
            Instant at = now.plusSeconds(30L * offset);
            if (java.security.MessageDigest.isEqual(code.getBytes(StandardCharsets.US_ASCII),
                    code(secret, at).getBytes(StandardCharsets.US_ASCII))) {
                found = at.getEpochSecond() / 30;
            }
        }
        return found;
    }

    private static SecretKeySpec key(String secret) {
        return new SecretKeySpec(BASE32.decode(secret), TOTP.getAlgorithm());
    }
}
