package io.dpp.ems.vault;

import io.dpp.accounts.PostgresServer;
import io.dpp.runtime.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link VaultTest} on PostgreSQL (the server from Debian's packages, started by the test). */
class VaultPostgresTest extends VaultTest {

    private static PostgresServer postgres;

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

    @Override
    Database.Settings database() {
        return postgres.newDatabase("vault_test", 4);
    }
}
