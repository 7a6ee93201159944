package io.dpp.ems;

import io.dpp.accounts.PostgresServer;
import io.dpp.runtime.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every {@link EngineTest} on a real PostgreSQL server, each test in a database of its own: the
 * EMS's migrations, journal and reads are the same SQL on both.
 */
class EnginePostgresTest extends EngineTest {

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
        return postgres.newDatabase("ems_test", 2);
    }
}
