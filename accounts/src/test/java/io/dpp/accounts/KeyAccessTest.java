package io.dpp.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.runtime.access.Grant;
import io.dpp.runtime.http.HttpProblem;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key checks on the embedded accounts database with an injected clock: what is remembered and for
 * how long, that junk is never remembered nor looked up, and that a flood of made-up keys cannot
 * grow the cache beyond its bound.
 */
class KeyAccessTest {

    @TempDir
    Path data;

    private final long[] now = {1_000_000_000L};

    private KeyAccess keys(AccountsDb db) {
        return new KeyAccess(db, AccountsDbTest.sessions(db), Duration.ofSeconds(10), new PrometheusRegistry(), () -> now[0]);
    }

    private static AccountsDb open(Path dir) {
        return AccountsDb.open(new AccountsDbTest.Db(Optional.empty(), Optional.empty(), Optional.empty(), 2), dir);
    }

    @Test
    void aValidKeyIsRememberedUntilItsPeriodEndsThenItsRevocationTells() throws Exception {
        try (AccountsDb db = open(data)) {
            KeyAccess access = keys(db);
            AccountsDb.CreatedKey key = db.createKey("alice", "free");
            Grant grant = access.authenticate(key.key()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(grant.user()).isEqualTo("alice");
            db.revoke(key.keyId());
            now[0] += Duration.ofSeconds(9).toNanos();
            assertThat(access.authenticate(key.key()).toCompletableFuture().isDone()).as("still cached: no lookup").isTrue();
            now[0] += Duration.ofSeconds(2).toNanos();
            assertThat(refusal(access, key.key())).contains("has been revoked");
            access.close();
        }
    }

    @Test
    void junkIsRefusedAtOnceAndNeverRemembered() throws Exception {
        try (AccountsDb db = open(data)) {
            KeyAccess access = keys(db);
            for (String junk : new String[] {"letmein", "dpp_xyz", "x".repeat(5000), "dpp_0123456789abcdef_" + "A".repeat(44)}) {
                var check = access.authenticate(junk).toCompletableFuture();
                assertThat(check.isDone()).as("no database lookup for " + junk.length() + " characters").isTrue();
                assertThat(refusal(access, junk)).startsWith("not an API key");
            }
            assertThat(access.cached()).containsExactly(0, 0);
            access.close();
        }
    }

    @Test
    void aFloodOfMadeUpKeysStaysWithinTheBound() throws Exception {
        try (AccountsDb db = open(data)) {
            KeyAccess access = keys(db);
            AccountsDb.CreatedKey key = db.createKey("bob", "pro");
            access.authenticate(key.key()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            for (int i = 0; i < KeyAccess.MAX_REFUSED + 500; i++) {
                String madeUp = "dpp_" + String.format("%016x", i) + "_" + "C".repeat(43);
                assertThat(refusal(access, madeUp)).isEqualTo("unknown API key");
            }
            int[] cached = access.cached();
            assertThat(cached[1]).as("refusals remembered").isLessThanOrEqualTo(KeyAccess.MAX_REFUSED);
            assertThat(cached[0]).as("the valid key is not pushed out by the flood").isEqualTo(1);
            assertThat(access.authenticate(key.key()).toCompletableFuture().isDone()).isTrue();
            access.close();
        }
    }

    private static String refusal(KeyAccess access, String key) throws Exception {
        try {
            access.authenticate(key).toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("accepted: " + key);
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            HttpProblem p = (HttpProblem) e.getCause();
            assertThat(p.status()).isEqualTo(401);
            return p.getMessage();
        }
    }
}
