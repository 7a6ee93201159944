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
        if (c.keyCache().isNegative()) {
            problems.add("accounts.key-cache: must not be negative, got " + DurationConverter.text(c.keyCache()));
        }
    }
}
