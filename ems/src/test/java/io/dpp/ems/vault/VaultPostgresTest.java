package io.dpp.ems.vault;

import io.dpp.accounts.PostgresServer;
import io.dpp.runtime.db.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link VaultTest} on PostgreSQL (the server from Debian's packages, started by the test). */
class VaultPostgresTest extends VaultTest {

    private static PostgresServer postgres;
    private static int databases;

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
        String name = "vault_test_" + (++databases);
        try (Connection c = DriverManager.getConnection(postgres.url(), postgres.user(), null); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        String url = postgres.url().substring(0, postgres.url().lastIndexOf('/') + 1) + name;
        return new Database.Settings(Optional.of(url), Optional.of(postgres.user()), Optional.empty(), 4);
    }
}
