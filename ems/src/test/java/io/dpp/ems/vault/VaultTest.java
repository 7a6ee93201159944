package io.dpp.ems.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.dpp.runtime.db.Database;
import io.dpp.trading.live.VenueKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credential vault on the embedded database (and, in {@link VaultPostgresTest}, on PostgreSQL):
 * what is stored is ciphertext under a fresh nonce per record, a record opens only as itself,
 * rotation re-seals every record under the new key while other threads keep opening them, and the
 * master keys are read and refused with messages that name the setting.
 */
class VaultTest {

    @TempDir
    Path dir;
    private HikariDataSource data;

    Database.Settings database() {
        return new Database.Settings(Optional.empty(), Optional.empty(), Optional.empty(), 4);
    }

    @BeforeEach
    void open() {
        data = Database.open(database(), dir, "ems", "accounts.db.url");
    }

    @AfterEach
    void close() {
        data.close();
    }

    private static MasterKeys keys(String text, String current) {
        return MasterKeys.load(Optional.of(text), Optional.empty(), Optional.ofNullable(current), Path.of("unused"));
    }

    @Test
    void storedRecordsAreCiphertextWithAFreshNonceAndOpenOnlyAsThemselves() throws Exception {
        String k1 = MasterKeys.newEntry("k1");
        CredentialStore store = new CredentialStore(data, new Vault(keys(k1, null)));
        VenueKey key = new VenueKey("public-key-0123456789", "the-very-secret-secret", "pass-phrase-x");
        assertThat(store.add("alice", "okx-main", "okx", key, Instant.now())).isTrue();
        assertThat(store.add("alice", "okx-2", "okx", key, Instant.now())).isTrue();
        assertThat(store.add("alice", "okx-main", "okx", key, Instant.now())).as("a name is unique per owner").isFalse();
        assertThat(store.add("bob", "okx-main", "okx", key, Instant.now())).isTrue();

        Set<String> nonces = new HashSet<>();
        List<String> rows = new ArrayList<>();
        try (Connection c = data.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM venue_credentials")) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
                nonces.add(rs.getString("nonce"));
                assertThat(rs.getString("key_id")).isEqualTo("k1");
                assertThat(rs.getString("api_key_shown")).isEqualTo("publ…6789");
            }
        }
        assertThat(nonces).as("a fresh nonce per record").hasSize(3);
        assertThat(String.join("\n", rows)).doesNotContain("the-very-secret", "pass-phrase", "public-key-0123456789");

        assertThat(store.open("alice", "okx-main")).contains(key);
        assertThat(store.open("bob", "okx-main").orElseThrow().secret()).isEqualTo("the-very-secret-secret");
        assertThat(store.open("carol", "okx-main")).isEmpty();
        assertThat(store.list("alice")).extracting(CredentialStore.Listed::name).containsExactly("okx-2", "okx-main");
        assertThat(store.list("alice").toString()).doesNotContain("the-very-secret", "pass-phrase");

        // A sealed secret moved into another user's row does not open there.
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE venue_credentials SET nonce = (SELECT nonce FROM venue_credentials WHERE owner = 'alice' AND name = 'okx-main'),"
                    + " sealed = (SELECT sealed FROM venue_credentials WHERE owner = 'alice' AND name = 'okx-main')"
                    + " WHERE owner = 'bob'");
        }
        assertThatThrownBy(() -> store.open("bob", "okx-main")).isInstanceOf(Vault.OpenFailed.class).hasMessageContaining("moved");
        assertThat(store.delete("alice", "okx-2")).isTrue();
        assertThat(store.delete("alice", "okx-2")).isFalse();
    }

    @Test
    void rotationReSealsEveryRecordUnderTheNewKeyWhileTheyKeepOpening() throws Exception {
        String k1 = MasterKeys.newEntry("k1");
        String k2 = MasterKeys.newEntry("k2");
        CredentialStore before = new CredentialStore(data, new Vault(keys(k1, null)));
        int n = 250;
        for (int i = 0; i < n; i++) {
            before.add("user" + (i % 7), "cred-" + i, "binance", new VenueKey("key-" + i + "-abcdefghij", "secret-" + i, null), Instant.now());
        }
        // Both keys known, the new one current: what the operator rolls out to rotate.
        Vault both = new Vault(keys(k2 + "," + k1, null));
        assertThat(both.currentKey()).isEqualTo("k2");
        CredentialStore after = new CredentialStore(data, both);
        VaultMetrics metrics = new VaultMetrics();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong opened = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            int i = 0;
            while (!stop.get()) {
                try {
                    int j = i++ % n;
                    assertThat(after.open("user" + (j % 7), "cred-" + j).orElseThrow().secret()).isEqualTo("secret-" + j);
                    opened.incrementAndGet();
                } catch (Throwable t) {
                    failure.set(t);
                    return;
                }
            }
        });
        reader.start();
        int resealed = new Rotation(after, metrics).sweep();
        stop.set(true);
        reader.join();
        assertThat(failure.get()).as("every open during the rotation").isNull();
        assertThat(opened.get()).isPositive();
        assertThat(resealed).isEqualTo(n);
        assertThat(after.countsByKey()).containsExactly(java.util.Map.entry("k2", (long) n));
        assertThat(new Rotation(after, metrics).sweep()).as("a second sweep has nothing to do").isZero();
        // The old key may now go: the new key alone opens everything; the old alone nothing.
        CredentialStore onlyNew = new CredentialStore(data, new Vault(keys(k2, null)));
        assertThat(onlyNew.open("user3", "cred-10").orElseThrow().secret()).isEqualTo("secret-10");
        CredentialStore onlyOld = new CredentialStore(data, new Vault(keys(k1, null)));
        assertThatThrownBy(() -> onlyOld.open("user3", "cred-10")).isInstanceOf(Vault.OpenFailed.class)
                .hasMessageContaining("master key k2");
    }

    @Test
    void recordsThatDoNotOpenNeitherStopNorHideTheRotationOfTheOthers() throws Exception {
        String k1 = MasterKeys.newEntry("k1");
        String k2 = MasterKeys.newEntry("k2");
        String k3 = MasterKeys.newEntry("k3");
        CredentialStore lost = new CredentialStore(data, new Vault(keys(k1, null)));
        for (int i = 0; i < 150; i++) {
            lost.add("old", "lost-" + i, "okx", new VenueKey("key-lost-" + i + "-abcdef", "s", "p"), Instant.now());
        }
        CredentialStore kept = new CredentialStore(data, new Vault(keys(k3, null)));
        for (int i = 0; i < 10; i++) {
            kept.add("new", "kept-" + i, "okx", new VenueKey("key-kept-" + i + "-abcdef", "s" + i, "p"), Instant.now());
        }
        // k1 is gone from the configuration: its 150 records (the first ids, more than a batch) do not open.
        CredentialStore rotating = new CredentialStore(data, new Vault(keys(k2 + "," + k3, null)));
        VaultMetrics metrics = new VaultMetrics();
        assertThat(new Rotation(rotating, metrics).sweep()).isEqualTo(10);
        assertThat(metrics.openFailures().get()).isEqualTo(150);
        assertThat(rotating.countsByKey()).containsExactly(java.util.Map.entry("k1", 150L), java.util.Map.entry("k2", 10L));
        assertThat(rotating.open("new", "kept-9").orElseThrow().secret()).isEqualTo("s9");
    }

    @Test
    void masterKeysAreReadFromTheSettingTheFileOrMadeOnceForTheEmbeddedMode() throws Exception {
        assertThatThrownBy(() -> keys("k1:c2hvcnQ=", null)).hasMessageContaining("has 5 bytes").hasMessageContaining("dpp vault new-key");
        assertThatThrownBy(() -> keys("no-colon", null)).hasMessageContaining("ems.vault.master-secret");
        assertThatThrownBy(() -> keys(MasterKeys.newEntry("k1") + "," + MasterKeys.newEntry("k1"), null)).hasMessageContaining("twice");
        assertThatThrownBy(() -> keys(MasterKeys.newEntry("k1"), "k9")).hasMessageContaining("k9");
        assertThat(keys(MasterKeys.newEntry("a") + "\n" + MasterKeys.newEntry("b"), "b").current()).isEqualTo("b");
        String entry = MasterKeys.newEntry("k7");
        assertThat(keys(entry, null).toString()).doesNotContain(entry.substring(3));

        Path file = dir.resolve("keys");
        Files.writeString(file, "# rotated 2026-12\n" + MasterKeys.newEntry("k2") + "\n" + MasterKeys.newEntry("k1") + "\n");
        MasterKeys fromFile = MasterKeys.load(Optional.empty(), Optional.of(file), Optional.empty(), dir);
        assertThat(fromFile.current()).isEqualTo("k2");
        assertThat(fromFile.ids()).containsExactly("k2", "k1");
        Files.writeString(file, "# replace with the output of: dpp vault new-key\n");
        assertThatThrownBy(() -> MasterKeys.load(Optional.empty(), Optional.of(file), Optional.empty(), dir))
                .hasMessageContaining("ems.vault.key-file").hasMessageContaining("no key");

        Path data = dir.resolve("data");
        MasterKeys made = MasterKeys.load(Optional.empty(), Optional.empty(), Optional.empty(), data);
        Path embedded = data.resolve("vault/master.key");
        assertThat(Files.getPosixFilePermissions(embedded)).containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        Vault v = new Vault(made);
        Vault.Sealed sealed = v.seal("x".getBytes(StandardCharsets.UTF_8), "id");
        assertThat(new Vault(MasterKeys.load(Optional.empty(), Optional.empty(), Optional.empty(), data)).open(sealed, "id"))
                .as("the embedded key is kept, not made again").isEqualTo("x".getBytes(StandardCharsets.UTF_8));
    }
}
