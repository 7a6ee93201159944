package io.dpp.store;

import java.util.List;

/**
 * The store's tables: one per data type, partitioned by day, WAL, each with a deduplication key so
 * that a row delivered twice (after a crash, a Kafka re-delivery, a replay of the same capture)
 * is stored once. Prices and amounts are {@code DECIMAL(38,18)}; the scales the venue sent are
 * packed five bits per decimal field into {@code scales}, so values come back as the venue wrote
 * them.
 *
 * <p>Designated timestamps: trades and liquidations by the venue's trade time (the receive time
 * when the venue sends none) so that candles bucket by venue time; book changes, quotes, tickers
 * and feed status by the local receive time, the one clock every venue shares.
 */
public final class Schema {

    /** The decimal fields of an instrument row, in the order of their packed scales. */
    public static final String[] INSTRUMENT_FIELDS = {"strike", "tick_size", "lot_size", "contract_size"};

    public static final String TRADES = "trades";
    public static final String LIQUIDATIONS = "liquidations";
    public static final String BOOK_CHANGES = "book_changes";
    public static final String QUOTES = "quotes";
    public static final String DERIVATIVE_TICKERS = "derivative_tickers";
    public static final String CANDLES = "candles";
    public static final String FEED_STATUS = "feed_status";
    public static final String INSTRUMENTS = "instruments";
    /** Full books the recorder writes at intervals, so that a book at any time is near a starting point. */
    public static final String BOOK_CHECKPOINTS = "book_checkpoints";
    /** One-second candles of trades, kept current by QuestDB itself (a materialized view). */
    public static final String TRADES_1S = "trades_1s";
    /** Decimal fields of a derivative ticker row, in the order of their packed scales. */
    public static final String[] TICKER_FIELDS = {"last_price", "mark_price", "index_price", "funding_rate",
        "predicted_funding_rate", "open_interest"};
    /** Decimal fields of a candle row, in the order of their packed scales. */
    public static final String[] CANDLE_FIELDS = {"open", "high", "low", "close", "volume"};

    /**
     * The boolean column, in every table of events, that marks a row synthetic (the demo market or a
     * recording of it); null or false on real venues' data. Added by ALTER so that stores created
     * before it gain it too.
     */
    public static final String DEMO = "demo";
    private static final List<String> DEMO_TABLES = List.of(TRADES, LIQUIDATIONS, BOOK_CHANGES, QUOTES,
            DERIVATIVE_TICKERS, CANDLES, FEED_STATUS, INSTRUMENTS);

    private static final String D = Wide.TYPE;

    private Schema() {
    }

    /**
     * A column a later version added to a table: a store that lacks it gets it from
     * {@code ALTER TABLE table ADD COLUMN column type}, run only when missing (QuestDB refuses a no-op
     * ALTER on a WAL table).
     */
    public record AddedColumn(String table, String column, String type) {
        /** The statement that adds it. */
        public String ddl() {
            return "ALTER TABLE " + table + " ADD COLUMN " + column + " " + type;
        }
    }

    /** Columns added since the tables were first defined, in order; each table's statement in {@link #ddl()} lacks them. */
    public static List<AddedColumn> addedColumns() {
        List<AddedColumn> added = new java.util.ArrayList<>(DEMO_TABLES.stream().map(t -> new AddedColumn(t, DEMO, "BOOLEAN")).toList());
        added.add(new AddedColumn(QUOTES, "ord", "INT"));
        return added;
    }

    /**
     * The key that makes a book change row one fact: a level of an instrument at a receive time, and
     * the venue's sequence number of the message that set it, so that two messages changing one level
     * at one receive time stay two rows (the diffs a feed held while it fetched a REST snapshot are
     * published at the snapshot's time, each with its own sequence number). Without a sequence number
     * (null) the key is the level at the time.
     */
    static final List<String> BOOK_CHANGE_KEYS = List.of("ts", "venue", "symbol", "side", "price", "venue_seq");

    /**
     * The key of a quote or a derivative ticker: an instrument at a receive time and the venue's time,
     * so that the several quotes one message batches (BitMEX sends a dozen for one symbol, each with
     * its own time) stay several rows. Without a venue time (null) the key is the instrument at the time.
     */
    static final List<String> VENUE_TIMED_KEYS = List.of("ts", "venue", "symbol", "exchange_ts");

    /**
     * The key of a quote: as {@link #VENUE_TIMED_KEYS}, and its order among the quotes of one message
     * that share the venue's time (BitMEX sends several in one millisecond).
     */
    static final List<String> QUOTE_KEYS = List.of("ts", "venue", "symbol", "exchange_ts", "ord");

    /** A deduplication key that gained a column since the table was first defined. */
    public record WidenedKey(String table, String column, List<String> keys) {
        /** The statement that sets the key. */
        public String ddl() {
            return "ALTER TABLE " + table + " DEDUP ENABLE UPSERT KEYS(" + String.join(", ", keys) + ")";
        }
    }

    /** Keys widened since the tables were first defined; each table's statement in {@link #ddl()} has them. */
    public static List<WidenedKey> widenedKeys() {
        return List.of(new WidenedKey(BOOK_CHANGES, "venue_seq", BOOK_CHANGE_KEYS),
                new WidenedKey(QUOTES, "ord", QUOTE_KEYS),
                new WidenedKey(DERIVATIVE_TICKERS, "exchange_ts", VENUE_TIMED_KEYS));
    }

    /** Statements that create every table and view when missing, in order (then see {@link #addedColumns()}). */
    public static List<String> ddl() {
        return List.of(
                execution(TRADES),
                execution(LIQUIDATIONS),
                "CREATE TABLE IF NOT EXISTS " + BOOK_CHANGES + " (ts TIMESTAMP, exchange_ts TIMESTAMP, venue SYMBOL,"
                        + " symbol SYMBOL, snapshot BOOLEAN, side SYMBOL, price " + D + ", amount " + D + ","
                        + " venue_seq LONG, scales INT) TIMESTAMP(ts) PARTITION BY DAY WAL"
                        + " DEDUP UPSERT KEYS(" + String.join(", ", BOOK_CHANGE_KEYS) + ")",
                "CREATE TABLE IF NOT EXISTS " + BOOK_CHECKPOINTS + " (ts TIMESTAMP, venue SYMBOL, symbol SYMBOL,"
                        + " side SYMBOL, price " + D + ", amount " + D + ", scales INT) TIMESTAMP(ts) PARTITION BY DAY WAL"
                        + " DEDUP UPSERT KEYS(ts, venue, symbol, side, price)",
                "CREATE TABLE IF NOT EXISTS " + QUOTES + " (ts TIMESTAMP, exchange_ts TIMESTAMP, venue SYMBOL,"
                        + " symbol SYMBOL, bid_price " + D + ", bid_amount " + D + ", ask_price " + D + ","
                        + " ask_amount " + D + ", scales INT, ord INT) TIMESTAMP(ts) PARTITION BY DAY WAL"
                        + " DEDUP UPSERT KEYS(" + String.join(", ", QUOTE_KEYS) + ")",
                "CREATE TABLE IF NOT EXISTS " + DERIVATIVE_TICKERS + " (ts TIMESTAMP, exchange_ts TIMESTAMP,"
                        + " venue SYMBOL, symbol SYMBOL, last_price " + D + ", mark_price " + D + ", index_price " + D + ","
                        + " funding_rate " + D + ", predicted_funding_rate " + D + ", funding_ts TIMESTAMP,"
                        + " open_interest " + D + ", scales LONG) TIMESTAMP(ts) PARTITION BY DAY WAL"
                        + " DEDUP UPSERT KEYS(" + String.join(", ", VENUE_TIMED_KEYS) + ")",
                "CREATE TABLE IF NOT EXISTS " + CANDLES + " (ts TIMESTAMP, local_ts TIMESTAMP, venue SYMBOL,"
                        + " symbol SYMBOL, interval_us LONG, open " + D + ", high " + D + ", low " + D + ", close " + D + ","
                        + " volume " + D + ", trades LONG, closed BOOLEAN, scales LONG) TIMESTAMP(ts) PARTITION BY DAY WAL"
                        + " DEDUP UPSERT KEYS(ts, venue, symbol, interval_us)",
                "CREATE TABLE IF NOT EXISTS " + FEED_STATUS + " (ts TIMESTAMP, exchange_ts TIMESTAMP, venue SYMBOL,"
                        + " symbol SYMBOL, state SYMBOL, reason VARCHAR) TIMESTAMP(ts) PARTITION BY DAY WAL"
                        + " DEDUP UPSERT KEYS(ts, venue, symbol, state)",
                "CREATE TABLE IF NOT EXISTS " + INSTRUMENTS + " (ts TIMESTAMP, venue SYMBOL, symbol SYMBOL,"
                        + " normalized SYMBOL, type SYMBOL, base SYMBOL, quote SYMBOL, expiry TIMESTAMP, strike " + D + ","
                        + " option_kind SYMBOL, tick_size " + D + ", lot_size " + D + ", contract_size " + D + ","
                        + " scales LONG, first_seen TIMESTAMP)"
                        + " TIMESTAMP(ts) PARTITION BY YEAR WAL DEDUP UPSERT KEYS(ts, venue, symbol)",
                "CREATE MATERIALIZED VIEW IF NOT EXISTS " + TRADES_1S + " AS (SELECT ts, venue, symbol,"
                        + " first(price) open, max(price) high, min(price) low, last(price) close, sum(amount) volume,"
                        + " count() trades, sum(price * amount) notional FROM " + TRADES + " SAMPLE BY 1s)"
                        + " PARTITION BY DAY");
    }

    /** The statement that creates a table shaped like {@link #TRADES} under another name (benchmarks). */
    public static String execution(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (ts TIMESTAMP, local_ts TIMESTAMP, venue SYMBOL,"
                + " symbol SYMBOL, id VARCHAR, ord INT, price " + D + ", amount " + D + ", side SYMBOL, scales INT)"
                + " TIMESTAMP(ts) PARTITION BY DAY WAL DEDUP UPSERT KEYS(ts, venue, symbol, id, ord)";
    }
}
