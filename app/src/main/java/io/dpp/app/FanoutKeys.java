package io.dpp.app;

import io.dpp.accounts.AccountsConfig;
import io.dpp.accounts.AccountsDb;
import io.dpp.runtime.access.Plan;
import io.dpp.runtime.config.DppConfig;
import io.dpp.runtime.config.DataConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The API keys {@code dpp bench fanout} connects its clients with: enterprise keys, enough for the plan's connections per key. */
final class FanoutKeys {

    private FanoutKeys() {
    }

    /** Creates keys in the accounts database {@code env} names, for {@code connections} WebSocket clients. */
    static List<String> create(Map<String, String> env, Path configFile, int connections) {
        DppConfig config = DppConfig.load(configFile, env, Platform.configSections());
        try (AccountsDb db = AccountsDb.open(config.section(AccountsConfig.class).db(),
                config.section(DataConfig.class).dir().toAbsolutePath().normalize())) {
            Plan enterprise = db.plans().stream().filter(p -> p.name().equals("enterprise")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the accounts database has no enterprise plan"));
            int perKey = Math.max(1, enterprise.wsConnections() / 2);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i * perKey < connections; i++) {
                keys.add(db.createKey("bench-fanout-" + i, "enterprise").key());
            }
            return keys;
        }
    }
}
