package io.dpp.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpp.runtime.access.Grant;
import io.dpp.runtime.access.Plan;
import io.dpp.runtime.http.HttpProblem;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The accounts database on both of its engines, each for real: the embedded H2 file database and
 * a PostgreSQL server started for the test. The same migrations give the same schema; keys are
 * stored hashed, found, checked and revoked alike.
 */
class AccountsDbTest {

    private static PostgresServer postgres;

    @TempDir
    static Path data;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    record Db(Optional<String> url, Optional<String> user, Optional<String> password, int poolSize) implements AccountsConfig.Db {
    }

    static AccountsDb open(String engine) {
        return AccountsDb.open(config(engine), data.resolve(engine));
    }

    static AccountsConfig.Db config(String engine) {
        return engine.equals("h2") ? new Db(Optional.empty(), Optional.empty(), Optional.empty(), 2)
                : new Db(Optional.of(postgres.url()), Optional.of(postgres.user()), Optional.empty(), 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void keysAreStoredHashedFoundAndRevoked(String engine) throws Exception {
        try (AccountsDb db = open(engine)) {
            assertThat(db.plans()).extracting(Plan::name).containsExactly("free", "pro", "enterprise");
            Plan free = db.plans().get(0);
            assertThat(free.channels()).containsExactlyInAnyOrder("trades", "quotes", "candles", "feed_status");
            assertThat(free.historyDays()).isEqualTo(7);
            assertThat(free.venues()).containsExactlyInAnyOrder("binance", "coinbase", "kraken", "bitstamp");
            assertThat(db.plans().get(1).allowsVenue("okx")).isTrue();

            AccountsDb.CreatedKey k = db.createKey("alice", "free");
            AccountsDb.CreatedKey k2 = db.createKey("alice", "pro");
            assertThat(k.key()).matches("dpp_[0-9a-f]{16}_[A-Za-z0-9_-]{43}").startsWith("dpp_" + k.keyId() + "_");
            assertThat(k2.key()).isNotEqualTo(k.key());
            assertThat(db.keys("alice")).extracting(AccountsDb.KeyInfo::keyId).containsExactlyInAnyOrder(k.keyId(), k2.keyId());

            // Only the SHA-256 is stored: the key itself appears nowhere in the database.
            try (Connection c = connection(engine); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT key_id, key_hash FROM api_keys")) {
                while (rs.next()) {
                    assertThat(rs.getString(2)).hasSize(64).doesNotContain(k.key().substring(21));
                }
            }
            AccountsDb.StoredKey stored = db.find(AccountsDb.keyId(k.key()));
            assertThat(stored.user()).isEqualTo("alice");
            assertThat(stored.plan().name()).isEqualTo("free");
            assertThat(AccountsDb.matches(k.key(), stored)).isTrue();
            String forged = k.key().substring(0, k.key().length() - 1) + (k.key().endsWith("A") ? "B" : "A");
            assertThat(AccountsDb.matches(forged, stored)).isFalse();

            assertThat(db.revoke(k.keyId())).isTrue();
            assertThat(db.revoke(k.keyId())).as("revoked once").isFalse();
            assertThat(db.find(k.keyId()).revoked()).isTrue();
            assertThat(db.keys(null)).filteredOn(i -> i.keyId().equals(k.keyId())).singleElement()
                    .satisfies(i -> assertThat(i.revoked()).isNotNull());

            assertThatThrownBy(() -> db.createKey("bob", "gold")).isInstanceOf(AccountsException.class)
                    .hasMessageContaining("no plan \"gold\"").hasMessageContaining("free");
            assertThatThrownBy(() -> db.createKey("bad name; drop table", "free")).isInstanceOf(AccountsException.class)
                    .hasMessageContaining("user name");
        }
        // Opening again applies nothing and keeps the data.
        try (AccountsDb db = open(engine)) {
            assertThat(db.keys("alice")).hasSize(2);
        }
    }

    /** Sessions of {@code db} on the system clock, a week long, 12 h idle. */
    static Sessions sessions(AccountsDb db) {
        return new Sessions(db.sql(), java.time.Clock.systemUTC(), Duration.ofDays(7), Duration.ofHours(12));
    }

    @Test
    void bothEnginesHaveTheSameSchema() throws Exception {
        open("h2").close();
        open("postgresql").close();
        assertThat(columns("h2")).isEqualTo(columns("postgresql")).contains("api_keys.key_hash", "plans.history_days",
                "users.name");
    }

    @Test
    void keyChecksAreCachedAndRefuseUnknownMalformedAndRevokedKeys() throws Exception {
        try (AccountsDb db = open("h2")) {
            PrometheusRegistry metrics = new PrometheusRegistry();
            long[] now = {0}; // the key cache's clock, moved by the test
            KeyAccess access = new KeyAccess(db, sessions(db), Duration.ofMillis(300), metrics, () -> now[0]);
            AccountsDb.CreatedKey k = db.createKey("carol", "pro");
            Grant g = access.authenticate(k.key()).toCompletableFuture().get();
            assertThat(g.user()).isEqualTo("carol");
            assertThat(g.plan().name()).isEqualTo("pro");
            assertThat(access.authenticate(k.key()).toCompletableFuture().get().rest()).as("one limiter per key").isSameAs(g.rest());
            assertThat(refusal(access, "nonsense")).contains("not an API key");
            assertThat(refusal(access, "dpp_0123456789abcdef_" + "A".repeat(43))).isEqualTo("unknown API key");

            db.revoke(k.keyId());
            assertThat(access.authenticate(k.key()).toCompletableFuture().get()).as("cached until key-cache passes").isNotNull();
            now[0] += Duration.ofMillis(400).toNanos();
            assertThat(refusal(access, k.key())).contains("has been revoked");
            access.close();
        }
    }

    @Test
    void anUnreachableDatabaseIsNamedInTheError() {
        AccountsConfig.Db nowhere = new Db(Optional.of("jdbc:postgresql://127.0.0.1:1/none"), Optional.of("x"), Optional.empty(), 1);
        assertThatThrownBy(() -> AccountsDb.open(nowhere, data)).isInstanceOf(AccountsException.class)
                .hasMessageContaining("cannot open the accounts database jdbc:postgresql://127.0.0.1:1/none (accounts.db.url)");
    }

    private static String refusal(KeyAccess access, String key) {
        try {
            access.authenticate(key).toCompletableFuture().join();
            throw new AssertionError("accepted " + key);
        } catch (CompletionException e) {
            HttpProblem p = (HttpProblem) e.getCause();
            assertThat(p.status()).isEqualTo(401);
            return p.getMessage();
        }
    }

    private static Connection connection(String engine) throws Exception {
        return engine.equals("h2") ? DriverManager.getConnection(AccountsDb.embeddedUrl(data.resolve("h2")))
                : DriverManager.getConnection(postgres.url(), postgres.user(), "");
    }

    /** table.column type, lower case, of the accounts tables. */
    private static List<String> columns(String engine) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = connection(engine); ResultSet rs = c.createStatement().executeQuery(
                "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns"
                        + " WHERE lower(table_schema) = 'public' AND lower(table_name) IN ('plans', 'users', 'api_keys') ORDER BY lower(table_name), ordinal_position")) {
            while (rs.next()) {
                String type = rs.getString(3).toLowerCase(Locale.ROOT).replace("character varying", "varchar")
                        .replace("character", "char");
                out.add(rs.getString(1).toLowerCase(Locale.ROOT) + "." + rs.getString(2).toLowerCase(Locale.ROOT));
                out.add(type + (rs.getString(4).startsWith("N") ? " not null" : ""));
            }
        }
        return out;
    }
}
