package io.dpp.streams.venue.kucoin;

import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.simulation.Levels;
import io.dpp.streams.venue.simulation.SimVenue;

/**
 * KuCoin: the connection token ({@code /api/v1/bullet-public}) names the simulator itself as the
 * instance server; a connection is welcomed, subscriptions are answered {@code ack} (naming no
 * topic), pings {@code pong} with their id; books come from the REST snapshot (the public 100-level
 * one or the whole book the captures asked for), whose {@code sequence} is the last change the
 * replay applied.
 */
final class KucoinSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        if (message.contains("\"type\":\"ack\"")) {
            return Kind.ACK;
        }
        if (message.contains("\"type\":\"welcome\"")) {
            return Kind.INFO;
        }
        return message.contains("\"type\":\"pong\"") ? Kind.HEARTBEAT : Kind.DATA;
    }

    @Override
    public String pong(String ping) {
        var m = ProtocolSupport.read(ping);
        return "{\"id\":" + (m == null ? "\"\"" : m.path("id").toString()) + ",\"type\":\"pong\"}";
    }

    @Override
    public String connectToken(String pathAndQuery, String wsUrl) {
        if (!pathAndQuery.split("\\?", 2)[0].equals(KucoinProtocol.TOKEN_PATH)) {
            return null;
        }
        return "{\"code\":\"200000\",\"data\":{\"token\":\"simulated\",\"instanceServers\":[{\"endpoint\":\""
                + ProtocolSupport.join(wsUrl, KucoinProtocol.SOCKET_PATH)
                + "\",\"encrypt\":false,\"protocol\":\"websocket\",\"pingInterval\":18000,\"pingTimeout\":10000}]}}";
    }

    @Override
    public String restSnapshotSymbol(String pathAndQuery) {
        String path = pathAndQuery.split("\\?", 2)[0];
        return path.equals(KucoinProtocol.SNAPSHOT_PATH) || path.equals(KucoinProtocol.FULL_SNAPSHOT_PATH)
                ? ProtocolSupport.query(pathAndQuery, "symbol") : null;
    }

    @Override
    public String restSnapshot(InstrumentBook book) {
        return snapshot(Levels.millis(book.lastChange()), book.lastSequence(), book.book());
    }

    /** A REST snapshot's body: {@code {"code":"200000","data":{"time","sequence","bids","asks"}}}. */
    static String snapshot(long millis, long sequence, io.dpp.book.SortedBook book) {
        StringBuilder sb = new StringBuilder(96 + 48 * (book.depth(true) + book.depth(false)));
        sb.append("{\"code\":\"200000\",\"data\":{\"time\":").append(millis).append(",\"sequence\":\"").append(sequence).append("\",\"bids\":");
        Levels.side(sb, book, true, Levels::pair);
        sb.append(",\"asks\":");
        Levels.side(sb, book, false, Levels::pair);
        return sb.append("}}").toString();
    }
}
