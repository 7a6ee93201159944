package io.dpp.accounts;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.util.Locale;

/**
 * Password hashing with Argon2id (password4j) and the rule a new password must meet. The hash is
 * kept in its encoded form ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}), so that a later
 * change of the parameters still verifies older hashes. Hashing costs {@value #MEMORY_KIB} KiB and
 * tens of milliseconds: it runs on the users service's small bounded pool, never on an event loop,
 * which also bounds the memory it can take at once.
 */
final class Passwords {

    /** Memory cost in KiB (OWASP's minimum for Argon2id: 19 MiB with two passes). */
    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int MIN_LENGTH = 10;
    static final int MAX_LENGTH = 128;
    /** The rule, as stated to a user whose password breaks it. */
    static final String RULE = "a password must be " + MIN_LENGTH + " to " + MAX_LENGTH
            + " characters with at least 5 different ones, and must not contain the email address's name";

    private static final Argon2Function ARGON2 = Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, 1, 32, Argon2.ID, 19);

    /**
     * A hash to compare against when a user does not exist, so that signing in as an unknown
     * email costs the same time as a wrong password (no way to find out who has an account).
     */
    private static final String DECOY = hash("decoy password that no one has");

    private Passwords() {
    }

    /** The encoded Argon2id hash of {@code password} with a fresh 16-byte salt. */
    static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    /** True when {@code password} matches {@code encoded}; with a null {@code encoded}, false after the same work. */
    static boolean matches(String password, String encoded) {
        if (password == null || password.length() > MAX_LENGTH) {
            return false;
        }
        if (encoded == null) {
            Password.check(password, DECOY).with(ARGON2);
            return false;
        }
        try {
            return Password.check(password, encoded).with(Argon2Function.getInstanceFromHash(encoded));
        } catch (RuntimeException e) {
            return false; // not a hash this version reads: no password matches it
        }
    }

    /** Null when {@code password} meets the rule for an account of {@code email}, else why not. */
    static String weakness(String password, String email) {
        if (password == null) {
            return "password is required; " + RULE;
        }
        if (password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            return "password has " + password.length() + " characters; " + RULE;
        }
        if (password.chars().distinct().count() < 5) {
            return "password has fewer than 5 different characters; " + RULE;
        }
        String name = email == null ? "" : email.substring(0, Math.max(0, email.indexOf('@'))).toLowerCase(Locale.ROOT);
        if (name.length() >= 3 && password.toLowerCase(Locale.ROOT).contains(name)) {
            return "password contains the email address's name; " + RULE;
        }
        return null;
    }
}
