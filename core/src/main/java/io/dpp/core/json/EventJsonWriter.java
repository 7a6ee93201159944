package io.dpp.core.json;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.decimal.DecimalPrinter;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.Candle;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.Liquidation;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.text.AsciiSequence;
import io.dpp.core.time.Timestamps;
import java.util.Arrays;
import java.util.Locale;

/**
 * Writes normalized events as JSON, one object per event, in the format every DPP interface
 * shares (replay output, the live stream, history replay; see docs/decisions/007). Decimals are
 * JSON strings holding the exact received text; times are ISO-8601 UTC with microseconds,
 * {@code timestamp} the venue's and {@code local_timestamp} the receive time.
 *
 * <p>Writes into an internal byte buffer that grows as needed and is reused, so writing a stream
 * of events allocates nothing once warm.
 */
public final class EventJsonWriter implements MarketEventListener {

    private byte[] buf = new byte[4096];
    private int length;

    /** The bytes written since the last {@link #reset()}. */
    public byte[] buffer() {
        return buf;
    }

    public int length() {
        return length;
    }

    /** Forgets what was written, keeping the buffer. */
    public EventJsonWriter reset() {
        length = 0;
        return this;
    }

    /** Appends one event as a JSON object followed by a newline. */
    public EventJsonWriter write(MarketEvent event) {
        event.dispatchTo(this);
        return this;
    }

    @Override
    public void onTrade(Trade t) {
        header("trade", t);
        idField(t.id());
        decimalField("price", t.price());
        decimalField("amount", t.amount());
        sideField(t.side());
        end();
    }

    @Override
    public void onLiquidation(Liquidation l) {
        header("liquidation", l);
        idField(l.id());
        decimalField("price", l.price());
        decimalField("amount", l.amount());
        sideField(l.side());
        end();
    }

    @Override
    public void onBookChange(BookChange c) {
        header("book_change", c);
        raw(",\"snapshot\":").raw(c.snapshot() ? "true" : "false");
        raw(",\"sequence\":");
        if (c.sequence() == BookChange.NO_SEQUENCE) {
            raw("null");
        } else {
            number(c.sequence());
        }
        levels("bids", c, true);
        levels("asks", c, false);
        end();
    }

    @Override
    public void onQuote(Quote q) {
        header("quote", q);
        decimalField("bid_price", q.bidPrice());
        decimalField("bid_amount", q.bidSize());
        decimalField("ask_price", q.askPrice());
        decimalField("ask_amount", q.askSize());
        end();
    }

    @Override
    public void onCandle(Candle c) {
        header("candle", c);
        raw(",\"interval\":\"").interval(c.intervalMicros()).raw("\"");
        timeField("open_time", c.openTime());
        decimalField("open", c.open());
        decimalField("high", c.high());
        decimalField("low", c.low());
        decimalField("close", c.close());
        decimalField("volume", c.volume());
        raw(",\"trades\":");
        if (c.tradeCount() < 0) {
            raw("null");
        } else {
            number(c.tradeCount());
        }
        raw(",\"closed\":").raw(c.closed() ? "true" : "false");
        end();
    }

    @Override
    public void onDerivativeTicker(DerivativeTicker t) {
        header("derivative_ticker", t);
        decimalField("last_price", t.lastPrice());
        decimalField("mark_price", t.markPrice());
        decimalField("index_price", t.indexPrice());
        decimalField("funding_rate", t.fundingRate());
        decimalField("predicted_funding_rate", t.predictedFundingRate());
        timeField("funding_timestamp", t.fundingTime());
        decimalField("open_interest", t.openInterest());
        end();
    }

    @Override
    public void onFeedStatus(FeedStatus s) {
        header("feed_status", s);
        raw(",\"state\":\"").raw(s.state().name().toLowerCase(Locale.ROOT)).raw("\"");
        raw(",\"reason\":");
        string(s.reason());
        end();
    }

    // ---- pieces ------------------------------------------------------------------------------

    private void header(String type, MarketEvent e) {
        raw("{\"type\":\"").raw(type).raw("\",\"venue\":");
        string(e.venue());
        raw(",\"symbol\":");
        if (e.instrument() == null) {
            raw("null,\"normalized_symbol\":null");
        } else {
            string(e.instrument().nativeSymbol());
            raw(",\"normalized_symbol\":");
            string(e.instrument().normalizedSymbol());
        }
        timeField("timestamp", e.exchangeTime());
        timeField("local_timestamp", e.receiveTime());
        if (e.demo()) {
            raw(",\"demo\":true"); // synthetic data; absent on real venues' events
        }
    }

    private void end() {
        ensure(2);
        buf[length++] = '}';
        buf[length++] = '\n';
    }

    private void levels(String name, BookChange c, boolean bids) {
        raw(",\"").raw(name).raw("\":[");
        boolean first = true;
        for (int i = 0; i < c.levelCount(); i++) {
            if (c.isBid(i) != bids) {
                continue;
            }
            if (!first) {
                raw(",");
            }
            first = false;
            raw("[");
            decimal(c.price(i));
            raw(",");
            decimal(c.size(i));
            raw("]");
        }
        raw("]");
    }

    private void idField(AsciiSequence id) {
        raw(",\"id\":");
        if (id.isEmpty()) {
            raw("null");
        } else {
            string(id);
        }
    }

    private void sideField(Side side) {
        raw(",\"side\":\"").raw(side == Side.BUY ? "buy" : side == Side.SELL ? "sell" : "unknown").raw("\"");
    }

    private void decimalField(String name, long value) {
        raw(",\"").raw(name).raw("\":");
        if (Decimal64.isNumber(value)) {
            decimal(value);
        } else {
            raw("null");
        }
    }

    private void decimal(long value) {
        ensure(DecimalPrinter.MAX_LENGTH + 2);
        buf[length++] = '"';
        length += DecimalPrinter.print(value, buf, length);
        buf[length++] = '"';
    }

    private void timeField(String name, long micros) {
        raw(",\"").raw(name).raw("\":");
        if (micros == Timestamps.UNKNOWN) {
            raw("null");
            return;
        }
        ensure(Timestamps.ISO_LENGTH + 2);
        buf[length++] = '"';
        length += Timestamps.printIso(micros, buf, length);
        buf[length++] = '"';
    }

    private EventJsonWriter interval(long micros) {
        long seconds = micros / 1_000_000L;
        if (micros % 1_000_000L != 0 || seconds == 0) {
            number(micros / 1000);
            return raw("ms");
        }
        if (seconds % 86_400 == 0) {
            number(seconds / 86_400);
            return raw("d");
        }
        if (seconds % 3600 == 0) {
            number(seconds / 3600);
            return raw("h");
        }
        if (seconds % 60 == 0) {
            number(seconds / 60);
            return raw("m");
        }
        number(seconds);
        return raw("s");
    }

    private void number(long value) {
        ensure(20);
        if (value < 0) {
            buf[length++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long t = value; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = digits - 1; i >= 0; i--) {
            buf[length + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
    }

    private void string(CharSequence text) {
        if (text == null) {
            raw("null");
            return;
        }
        ensure(text.length() * 6 + 2);
        buf[length++] = '"';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                buf[length++] = '\\';
                buf[length++] = (byte) c;
            } else if (c < 0x20 || c > 0x7e) {
                buf[length++] = '\\';
                buf[length++] = 'u';
                for (int shift = 12; shift >= 0; shift -= 4) {
                    buf[length++] = (byte) "0123456789abcdef".charAt((c >> shift) & 0xf);
                }
            } else {
                buf[length++] = (byte) c;
            }
        }
        buf[length++] = '"';
    }

    private EventJsonWriter raw(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[length++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }
}
