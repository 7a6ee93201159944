package io.dpp.streams.venue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the venues that subscribe with messages share (all but Binance, which names streams in
 * the URL): connections at one path, each carrying at most the venue's number of streams, with
 * subscribe messages of a bounded size; a book is rebuilt by unsubscribing and subscribing again.
 * A venue writes its message ({@link #message}) and says how messages may be filled.
 */
public abstract class MessageProtocol implements VenueProtocol {

    /**
     * The subscribe or unsubscribe message for {@code streams}. When
     * {@link #oneChannelPerMessage()} is true they all share one channel.
     */
    protected abstract String message(boolean subscribe, List<Subscription> streams);

    /** Most streams one message names. */
    protected abstract int streamsPerMessage();

    /** True when a message names one channel for all its symbols (Kraken, Coinbase, BitMEX, Kraken Futures). */
    protected boolean oneChannelPerMessage() {
        return false;
    }

    /** The path after the WebSocket base ("/ws/v5/public"); empty when the base is the endpoint. */
    protected String path() {
        return "";
    }

    @Override
    public List<ConnectionPlan> plan(String wsUrl, List<Subscription> streams, InstrumentCatalog catalog) {
        return ProtocolSupport.perConnection(ProtocolSupport.join(wsUrl, path()), streams,
                limits().subscriptionsPerConnection(), this::subscribeMessages);
    }

    /** The subscribe messages for the streams of one connection. */
    protected List<String> subscribeMessages(List<Subscription> streams) {
        List<String> messages = new ArrayList<>();
        if (oneChannelPerMessage()) {
            for (Map.Entry<String, List<String>> e : ProtocolSupport.symbolsByChannel(streams).entrySet()) {
                List<Subscription> same = new ArrayList<>();
                for (String symbol : e.getValue()) {
                    same.add(new Subscription(e.getKey(), symbol));
                }
                for (List<Subscription> batch : ProtocolSupport.chunks(same, streamsPerMessage())) {
                    messages.add(message(true, batch));
                }
            }
        } else {
            for (List<Subscription> batch : ProtocolSupport.chunks(streams, streamsPerMessage())) {
                messages.add(message(true, batch));
            }
        }
        return messages;
    }

    @Override
    public Recovery recovery() {
        return Recovery.RESUBSCRIBE;
    }

    @Override
    public List<String> resubscribe(Subscription book, VenueDecoder decoder) {
        return List.of(message(false, List.of(book)), message(true, List.of(book)));
    }

    /** The symbols of streams that share a channel. */
    protected static List<String> symbols(List<Subscription> streams) {
        List<String> out = new ArrayList<>(streams.size());
        for (Subscription s : streams) {
            out.add(s.symbol());
        }
        return out;
    }

    /** A subscribe or unsubscribe request, as {@link VenueProtocol#parseClient} returns it. */
    protected static ClientRequest request(boolean subscribe, List<Subscription> streams) {
        return subscribe ? ClientRequest.subscribe(streams) : ClientRequest.unsubscribe(streams);
    }
}
