package io.dpp.streams.venue.blockchain;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.json.Ascii;
import io.dpp.streams.json.TimeText;
import io.dpp.streams.venue.AbstractDecoder;
import io.dpp.streams.venue.InstrumentCatalog;

/**
 * Blockchain.com Exchange: every message carries the connection's {@code seqnum} (0, 1, 2, ...); a
 * hole makes every book of the connection stale (a repeat is dropped). {@code l2}: {@code snapshot}
 * replaces the book, {@code updated} changes levels ({@code {"num","px","qty"}}, qty 0 removing one)
 * of a book in sync; {@code trades}: {@code updated} is a trade ({@code side} the taker's,
 * {@code trade_id}). Subscription answers and heartbeats only count in the sequence. A repeated
 * seqnum is not news: a book message is applied again (idempotent), a trade dropped.
 */
final class BlockchainDecoder extends AbstractDecoder {

    private static final byte[] SEQNUM = Ascii.bytes("seqnum");
    private static final byte[] EVENT = Ascii.bytes("event");
    private static final byte[] CHANNEL = Ascii.bytes("channel");
    private static final byte[] SYMBOL = Ascii.bytes("symbol");
    private static final byte[] BIDS = Ascii.bytes("bids");
    private static final byte[] ASKS = Ascii.bytes("asks");
    private static final byte[] TIMESTAMP = Ascii.bytes("timestamp");
    private static final byte[] PX = Ascii.bytes("px");
    private static final byte[] QTY = Ascii.bytes("qty");
    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] SIDE = Ascii.bytes("side");
    private static final byte[] TRADE_ID = Ascii.bytes("trade_id");
    private static final byte[] SNAPSHOT = Ascii.bytes("snapshot");
    private static final byte[] UPDATED = Ascii.bytes("updated");
    private static final byte[] SUBSCRIBED = Ascii.bytes("subscribed");
    private static final byte[] UNSUBSCRIBED = Ascii.bytes("unsubscribed");
    private static final byte[] REJECTED = Ascii.bytes("rejected");
    /** The venue's channels besides l2 and trades, whose data is not decoded but counts in the sequence. */
    private static final byte[][] OTHER_CHANNELS = {Ascii.bytes("heartbeat"), Ascii.bytes("l3"), Ascii.bytes("prices"),
        Ascii.bytes("symbols"), Ascii.bytes("ticker"), Ascii.bytes("auth"), Ascii.bytes("balances"), Ascii.bytes("trading")};
    private static final byte[] L2 = Ascii.bytes("l2");
    private static final byte[] TRADES = Ascii.bytes("trades");
    private static final byte[] BUY = Ascii.bytes("buy");
    private static final byte[] SELL = Ascii.bytes("sell");

    /** The last seqnum decoded on this connection; -1 before the first. */
    private long lastSeqnum = -1;

    BlockchainDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    public void onConnect(String url, long receiveTime) {
        lastSeqnum = -1; // a new connection counts from 0
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        long seqnum = -1;
        int event = 0; // 1 snapshot, 2 updated
        int channel = -1; // 1 l2, 2 trades, 0 another of the venue's channels, -1 none or unknown
        Instrument instrument = null;
        long time = Timestamps.UNKNOWN;
        int bidsStart = -1;
        int bidsEnd = -1;
        int asksStart = -1;
        int asksEnd = -1;
        long price = Decimal64.NULL;
        long qty = Decimal64.NULL;
        Side side = Side.UNKNOWN;
        int idStart = -1;
        int idLength = 0;
        while (json.nextField()) {
            if (json.nameIs(SEQNUM)) {
                seqnum = json.readLong();
            } else if (json.nameIs(EVENT)) {
                json.readString();
                event = json.stringIs(SNAPSHOT) ? 1 : json.stringIs(UPDATED) ? 2 : 0;
                if (event == 0 && !json.stringIs(SUBSCRIBED) && !json.stringIs(UNSUBSCRIBED) && !json.stringIs(REJECTED)) {
                    // A message of no known event must not take its seqnum from the one that really has it.
                    throw json.fail("unknown event");
                }
            } else if (json.nameIs(CHANNEL)) {
                json.readString();
                channel = json.stringIs(L2) ? 1 : json.stringIs(TRADES) ? 2 : knownChannel() ? 0 : -1;
            } else if (json.nameIs(SYMBOL)) {
                json.readString();
                instrument = instruments.find(buf, json.stringStart(), json.stringLength());
            } else if (json.nameIs(TIMESTAMP)) {
                json.readString();
                time = TimeText.iso(buf, json.stringStart(), json.stringLength());
                if (time < 0) {
                    throw json.fail("timestamp not in ISO-8601");
                }
            } else if (json.nameIs(BIDS)) {
                bidsStart = json.position();
                json.skipValue();
                bidsEnd = json.position();
            } else if (json.nameIs(ASKS)) {
                asksStart = json.position();
                json.skipValue();
                asksEnd = json.position();
            } else if (json.nameIs(PRICE)) {
                price = requireDecimal();
            } else if (json.nameIs(QTY)) {
                qty = requireDecimal();
            } else if (json.nameIs(SIDE)) {
                side = readSide(BUY, SELL);
            } else if (json.nameIs(TRADE_ID)) {
                json.readString();
                idStart = json.stringStart();
                idLength = json.stringLength();
            } else {
                json.skipValue();
            }
        }
        if (seqnum < 0) {
            throw json.fail("message without seqnum");
        }
        if (event != 0 && channel < 0) {
            throw json.fail("data of a missing or unknown channel");
        }
        if (seqnum <= lastSeqnum) {
            // A repeat. Book messages are applied again (whole books and absolute sizes: the same book
            // results, and a message read wrong before is read right now); a trade is not published twice.
            if (channel == 1 && event != 0) {
                book(require(instrument), event == 1, time, bidsStart, bidsEnd, asksStart, asksEnd, receiveTime);
            }
            return;
        }
        if (seqnum != lastSeqnum + 1) {
            // A lost message could have been any channel's: every book of the connection is suspect.
            out.connectionGap(receiveTime, lastSeqnum + 1, seqnum);
            for (InstrumentBook book : books()) {
                out.stale(book, receiveTime, "sequence gap on the connection");
            }
        }
        if (channel == 1 && event != 0) {
            book(require(instrument), event == 1, time, bidsStart, bidsEnd, asksStart, asksEnd, receiveTime);
        } else if (channel == 2 && event == 2) {
            if (!Decimal64.isNumber(price) || !Decimal64.isNumber(qty)) {
                throw json.fail("trade without price or qty");
            }
            Trade trade = out.trade();
            trade.instrument(require(instrument));
            trade.times(time, receiveTime);
            if (idStart >= 0) {
                trade.id().set(buf, idStart, idLength);
            }
            trade.set(price, qty, side);
            out.publish(trade);
        }
        // Only a message decoded in full counts: if this one was unreadable, the next shows the hole.
        lastSeqnum = seqnum;
    }

    /** Whether the string just read names one of the venue's other channels. */
    private boolean knownChannel() {
        for (byte[] c : OTHER_CHANNELS) {
            if (json.stringIs(c)) {
                return true;
            }
        }
        return false;
    }

    private Instrument require(Instrument instrument) {
        if (instrument == null) {
            throw json.fail("missing or unknown symbol");
        }
        return instrument;
    }

    private void book(Instrument instrument, boolean snapshot, long time, int bidsStart, int bidsEnd, int asksStart, int asksEnd,
            long receiveTime) {
        InstrumentBook book = book(instrument);
        if (!snapshot && !book.inSync()) {
            return; // changes of a book waiting for its snapshot
        }
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(time, receiveTime);
        change.begin(snapshot, BookChange.NO_SEQUENCE);
        readLevelObjects(change, BookSide.BID, bidsStart, bidsEnd, PX, QTY);
        readLevelObjects(change, BookSide.ASK, asksStart, asksEnd, PX, QTY);
        if (snapshot) {
            out.snapshot(book, change);
        } else if (out.apply(book, change)) {
            out.publishChange(book, change);
        }
    }
}
