package io.dpp.trader.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpp.accounts.PostgresServer;
import io.dpp.runtime.db.Database;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The saved graphs' store on a real PostgreSQL server (Trader+'s migrations included): versions,
 * the conflict on a stale base version, owners kept apart, old versions pruned, deletion.
 * GraphsApiTest covers the same through the API on the embedded database.
 */
class GraphStorePostgresTest {

    private static PostgresServer postgres;
    private static GraphStore store;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
        store = GraphStore.open(new Database.Settings(Optional.of(postgres.url()), Optional.of(postgres.user()), Optional.empty(), 2),
                Files.createTempDirectory("dpp-graphs-pg"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (store != null) {
            store.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void versionsConflictsOwnersPruningAndDeletion() throws Exception {
        GraphStore.Saved made = store.create("ada", "g", "{\"name\":\"g\",\"v\":1}", true, 1000);
        assertThat(made.version()).isEqualTo(1);
        for (int v = 2; v <= GraphStore.MAX_VERSIONS + 5; v++) {
            GraphStore.Saved s = store.update("ada", made.id(), v - 1, "g", "{\"name\":\"g\",\"v\":" + v + "}", v % 2 == 0, 1000 + v);
            assertThat(s.version()).isEqualTo(v);
        }
        int latest = GraphStore.MAX_VERSIONS + 5;
        assertThatThrownBy(() -> store.update("ada", made.id(), 3, "g", "{}", true, 5000))
                .isInstanceOfSatisfying(GraphStore.Refused.class, r -> assertThat(r.status).isEqualTo(409));
        assertThat(store.versions("ada", made.id())).hasSize(GraphStore.MAX_VERSIONS)
                .first().satisfies(v -> assertThat(v.version()).isEqualTo(latest));
        assertThat(((GraphStore.Version) store.get("ada", made.id(), null)[1]).body()).contains("\"v\":" + latest);
        assertThatThrownBy(() -> store.get("ada", made.id(), 1)).as("pruned")
                .isInstanceOfSatisfying(GraphStore.Refused.class, r -> assertThat(r.status).isEqualTo(404));
        assertThatThrownBy(() -> store.get("eve", made.id(), null)).as("another owner's")
                .isInstanceOfSatisfying(GraphStore.Refused.class, r -> assertThat(r.status).isEqualTo(404));
        assertThat(store.list("eve")).isEmpty();
        assertThat(store.list("ada")).extracting(GraphStore.Saved::version).containsExactly(latest);
        store.delete("ada", made.id(), 9000);
        assertThat(store.list("ada")).isEmpty();
        assertThatThrownBy(() -> store.delete("ada", made.id(), 9001)).isInstanceOf(GraphStore.Refused.class);
    }
}
