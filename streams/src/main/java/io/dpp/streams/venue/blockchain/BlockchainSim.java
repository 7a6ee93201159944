package io.dpp.streams.venue.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.SimVenue;
import java.util.List;

/**
 * Blockchain.com Exchange: {@code subscribed} acknowledges a channel of a symbol; a book subscription
 * is answered with its {@code snapshot}; every message a connection sends is numbered again
 * ({@code seqnum} from 0), as the venue numbers each connection's messages, so a dropped one leaves
 * a hole.
 */
final class BlockchainSim implements SimVenue {

    private static final String SEQNUM = "{\"seqnum\":";

    @Override
    public Kind classify(String message) {
        if (message.contains("\"event\":\"subscribed\"") || message.contains("\"event\":\"unsubscribed\"")) {
            return Kind.ACK;
        }
        if (message.contains("\"channel\":\"heartbeat\"")) {
            return Kind.HEARTBEAT;
        }
        return message.contains("\"event\":\"rejected\"") ? Kind.INFO : Kind.DATA;
    }

    @Override
    public List<Subscription> acknowledges(String message) {
        JsonNode m = ProtocolSupport.read(message);
        return m == null ? List.of() : List.of(new Subscription(m.path("channel").asText(), m.path("symbol").asText()));
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        return BlockchainMarket.snapshot(stream.symbol(), book.lastChange(), book.book());
    }

    @Override
    public String rewrite(String message, Numbering numbering) {
        if (!message.startsWith(SEQNUM)) {
            return message;
        }
        int end = SEQNUM.length();
        while (end < message.length() && Character.isDigit(message.charAt(end))) {
            end++;
        }
        return SEQNUM + (numbering.next() - 1) + message.substring(end);
    }
}
