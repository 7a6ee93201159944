package io.dpp.accounts;

import io.dpp.runtime.config.DurationConverter;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The {@code accounts} section: access mode and the accounts database. */
@ConfigMapping(prefix = "accounts")
public interface AccountsConfig {

    /** Access modes. */
    List<String> ACCESS_MODES = List.of("keys", "open");

    /** {@code keys} (an API key on every request) or {@code open} (demo mode, no key). */
    String access();

    /** The accounts database. */
    Db db();

    /** How long a validated key is remembered. */
    Duration keyCache();

    /**
     * The address users reach the platform at, for the links in mails (verification, password
     * reset); absent: http://localhost:{http.port}.
     */
    Optional<String> publicUrl();

    /** Browser sessions. */
    SessionsConfig sessions();

    /** Sign-up and sign-in limits. */
    SignIn signIn();

    /** Mail to users. */
    Mail mail();

    /** Browser sessions. */
    interface SessionsConfig {

        /** A session ends this long after sign-in in any case. */
        Duration maxAge();

        /** A session ends after this long without a request. */
        Duration idle();

        /** Marks the cookie Secure (browsers still send it to http://localhost). */
        boolean secureCookie();
    }

    /** Sign-up and sign-in limits. */
    interface SignIn {

        /** Failed sign-ins in a row that lock an account. */
        int maxFailures();

        /** How long a locked account stays locked. */
        Duration lockout();

        /** Sign-in attempts one address may make per minute. */
        int perAddressPerMinute();

        /** Sign-ups (and mail requests: verification, reset) one address may make per hour. */
        int signUpsPerAddressPerHour();
    }

    /** Mail to users: SMTP through Jakarta Mail, queued in the database's outbox. */
    interface Mail {

        /** The SMTP server; absent: mail is kept in the outbox unsent, and sign-up needs an admin to verify. */
        Optional<String> host();

        int port();

        Optional<String> user();

        Optional<String> password();

        /** {@code starttls} (required), {@code tls} (implicit, usually port 465) or {@code none}. */
        String security();

        /** The From address. */
        String from();

        /** Connect and read timeout of one SMTP exchange. */
        Duration timeout();

        /** Attempts of one message before it is given up (with growing pauses). */
        int maxAttempts();
    }

    /** The accounts database. */
    interface Db {

        /** JDBC URL; absent for the embedded H2 file database under the data directory. */
        Optional<String> url();

        Optional<String> user();

        Optional<String> password();

        /** Connections kept open. */
        int poolSize();
    }

    /** Checks that the types do not express. */
    static void check(AccountsConfig c, List<String> problems) {
        if (!ACCESS_MODES.contains(c.access())) {
            problems.add("accounts.access: must be one of " + ACCESS_MODES + ", got \"" + c.access() + "\"");
        }
        String url = c.db().url().orElse("");
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            problems.add("accounts.db.url: must be a jdbc:postgresql: or jdbc:h2: URL (or empty for the embedded database), got \""
                    + url + "\"");
        }
        if (c.db().poolSize() < 1 || c.db().poolSize() > 64) {
            problems.add("accounts.db.pool-size: must be from 1 to 64, got " + c.db().poolSize());
        }
        if (c.sessions().maxAge().compareTo(Duration.ofMinutes(5)) < 0 || c.sessions().maxAge().compareTo(Duration.ofDays(90)) > 0) {
            problems.add("accounts.sessions.max-age: must be from 5m to 90d, got " + DurationConverter.text(c.sessions().maxAge()));
        }
        if (c.sessions().idle().compareTo(Duration.ofMinutes(1)) < 0 || c.sessions().idle().compareTo(c.sessions().maxAge()) > 0) {
            problems.add("accounts.sessions.idle: must be from 1m to accounts.sessions.max-age, got "
                    + DurationConverter.text(c.sessions().idle()));
        }
        if (c.signIn().maxFailures() < 1 || c.signIn().maxFailures() > 100) {
            problems.add("accounts.sign-in.max-failures: must be from 1 to 100, got " + c.signIn().maxFailures());
        }
        if (c.signIn().lockout().isNegative() || c.signIn().lockout().compareTo(Duration.ofDays(1)) > 0) {
            problems.add("accounts.sign-in.lockout: must be from 0s to 1d, got " + DurationConverter.text(c.signIn().lockout()));
        }
        if (c.signIn().perAddressPerMinute() < 1 || c.signIn().perAddressPerMinute() > 10_000) {
            problems.add("accounts.sign-in.per-address-per-minute: must be from 1 to 10000, got " + c.signIn().perAddressPerMinute());
        }
        if (c.signIn().signUpsPerAddressPerHour() < 1 || c.signIn().signUpsPerAddressPerHour() > 10_000) {
            problems.add("accounts.sign-in.sign-ups-per-address-per-hour: must be from 1 to 10000, got "
                    + c.signIn().signUpsPerAddressPerHour());
        }
        if (c.mail().port() < 1 || c.mail().port() > 65_535) {
            problems.add("accounts.mail.port: must be from 1 to 65535, got " + c.mail().port());
        }
        if (!List.of("starttls", "tls", "none").contains(c.mail().security())) {
            problems.add("accounts.mail.security: must be starttls, tls or none, got \"" + c.mail().security() + "\"");
        }
        if (!c.mail().from().contains("@")) {
            problems.add("accounts.mail.from: must be a mail address, got \"" + c.mail().from() + "\"");
        }
        if (c.mail().maxAttempts() < 1 || c.mail().maxAttempts() > 100) {
            problems.add("accounts.mail.max-attempts: must be from 1 to 100, got " + c.mail().maxAttempts());
        }
        if (c.mail().timeout().compareTo(Duration.ofSeconds(1)) < 0 || c.mail().timeout().compareTo(Duration.ofMinutes(5)) > 0) {
            problems.add("accounts.mail.timeout: must be from 1s to 5m, got " + DurationConverter.text(c.mail().timeout()));
        }
        String publicUrl = c.publicUrl().orElse("http://localhost");
        if (!publicUrl.startsWith("http://") && !publicUrl.startsWith("https://")) {
            problems.add("accounts.public-url: must start with http:// or https://, got \"" + publicUrl + "\"");
        }
        if (c.keyCache().isNegative()) {
            problems.add("accounts.key-cache: must not be negative, got " + DurationConverter.text(c.keyCache()));
        }
    }
}
