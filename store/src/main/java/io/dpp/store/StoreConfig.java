package io.dpp.store;

import io.smallrye.config.ConfigMapping;
import java.util.List;

/** The {@code store} section: where market-data history is kept. */
@ConfigMapping(prefix = "store")
public interface StoreConfig {

    /** Store kinds this build has. */
    List<String> KINDS = List.of("embedded", "server");

    /** {@code embedded} (QuestDB in the process, under {@code <data.dir>/questdb}) or {@code server}. */
    String kind();

    /** The QuestDB server, when {@code kind} is {@code server}. */
    Server server();

    /** A QuestDB server: ILP over HTTP for writes, PostgreSQL wire for reads. */
    interface Server {

        /** QuestDB client configuration string for writes, e.g. {@code http::addr=questdb:9000;}. */
        String ilp();

        /** JDBC URL of the PostgreSQL wire endpoint, e.g. {@code jdbc:postgresql://questdb:8812/qdb}. */
        String pgUrl();

        String user();

        String password();
    }

    /** Checks that the types do not express. */
    static void check(StoreConfig c, List<String> problems) {
        if (!KINDS.contains(c.kind())) {
            problems.add("store.kind: must be one of " + KINDS + ", got \"" + c.kind() + "\"");
        }
    }
}
