package io.dpp.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement kept compiled between calls on a real embedded QuestDB answers as a fresh one does:
 * for new values of its variables, for rows committed after it was compiled, and after a column was
 * added to its table (it is compiled anew then).
 */
class PreparedQueryTest {

    private static final String SQL = "SELECT ts, v FROM p WHERE sym = $1 AND ts >= $2 AND ts <= $3";
    private static final long T0 = 1_714_521_600_000_000L; // 2024-05-01T00:00:00Z

    @TempDir
    Path dir;
    private QuestDbStore store;

    @BeforeEach
    void open() throws Exception {
        store = new QuestDbStore();
        store.open(dir.resolve("questdb"));
        store.execute("CREATE TABLE p (ts TIMESTAMP, sym SYMBOL, v LONG) TIMESTAMP(ts) PARTITION BY DAY WAL");
        insert("a", 0, 1);
        insert("a", 1, 2);
        insert("b", 1, 20);
    }

    @AfterEach
    void close() {
        store.stop(Duration.ofSeconds(5));
    }

    @Test
    void aKeptStatementAnswersAsAFreshOneForNewValuesNewRowsAndANewColumn() throws Exception {
        assertThat(both("a", 0, 10)).containsExactly("0=1", "1=2");
        assertThat(both("b", 0, 10)).containsExactly("1=20");
        assertThat(both("a", 1, 1)).containsExactly("1=2");
        assertThat(both("c", 0, 10)).isEmpty();
        insert("a", 5, 3);
        assertThat(both("a", 0, 10)).containsExactly("0=1", "1=2", "5=3");
        store.execute("ALTER TABLE p ADD COLUMN w DOUBLE");
        insert("a", 6, 4);
        assertThat(both("a", 0, 10)).containsExactly("0=1", "1=2", "5=3", "6=4");
        // A handler that stops early leaves the statement usable.
        int[] seen = {0};
        store.queryPrepared(SQL, args("a", 0, 10), r -> ++seen[0] < 2);
        assertThat(seen[0]).isEqualTo(2);
        assertThat(both("a", 5, 10)).containsExactly("5=3", "6=4");
    }

    /** The prepared answer, checked against a freshly compiled one. */
    private List<String> both(String sym, long from, long to) {
        List<String> fresh = rows(false, sym, from, to);
        List<String> prepared = rows(true, sym, from, to);
        assertThat(prepared).isEqualTo(fresh);
        return prepared;
    }

    private List<String> rows(boolean prepared, String sym, long from, long to) {
        List<String> out = new ArrayList<>();
        RowHandler h = r -> out.add((r.timestamp(0) - T0) / 1_000_000 + "=" + r.longValue(1));
        if (prepared) {
            store.queryPrepared(SQL, args(sym, from, to), h);
        } else {
            store.query(SQL, args(sym, from, to), h);
        }
        return out;
    }

    private static List<QueryArg> args(String sym, long from, long to) {
        return List.of(QueryArg.text(sym), QueryArg.timestamp(T0 + from * 1_000_000), QueryArg.timestamp(T0 + to * 1_000_000));
    }

    private void insert(String sym, long second, long v) throws Exception {
        store.execute("INSERT INTO p (ts, sym, v) VALUES (" + (T0 + second * 1_000_000) + "::timestamp, '" + sym + "', " + v + ")");
        assertThat(store.awaitApplied("p", Duration.ofSeconds(10))).isTrue();
    }
}
