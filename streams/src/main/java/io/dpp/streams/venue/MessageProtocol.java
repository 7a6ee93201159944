package io.dpp.streams.venue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /**
     * The message for {@code streams} where the venue's instruments name their channels differently
     * ({@code catalog} holds each instrument's detail; null when unknown); by default the same for all.
     */
    protected String message(boolean subscribe, List<Subscription> streams, InstrumentCatalog catalog) {
        return message(subscribe, streams);
    }

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

    /**
     * The path of the connection that carries a stream: {@link #path()}, unless the venue's
     * instruments speak API versions served at different paths (Bitget, HitBTC).
     */
    protected String path(Subscription stream, InstrumentCatalog catalog) {
        return path();
    }

    /** Streams grouped by their connection's {@link #path(Subscription, InstrumentCatalog) path}, each on connections of its own. */
    @Override
    public List<ConnectionPlan> plan(String wsUrl, List<Subscription> streams, InstrumentCatalog catalog) {
        Map<String, List<Subscription>> byPath = new LinkedHashMap<>();
        for (Subscription s : streams) {
            byPath.computeIfAbsent(path(s, catalog), p -> new ArrayList<>()).add(s);
        }
        List<ConnectionPlan> plans = new ArrayList<>();
        for (Map.Entry<String, List<Subscription>> e : byPath.entrySet()) {
            plans.addAll(ProtocolSupport.perConnection(ProtocolSupport.join(wsUrl, e.getKey()), e.getValue(),
                    limits().subscriptionsPerConnection(), slice -> subscribeMessages(slice, catalog)));
        }
        return plans;
    }

    /** The subscribe messages for the streams of one connection. */
    protected List<String> subscribeMessages(List<Subscription> streams, InstrumentCatalog catalog) {
        List<String> messages = new ArrayList<>();
        if (oneChannelPerMessage()) {
            for (Map.Entry<String, List<String>> e : ProtocolSupport.symbolsByChannel(streams).entrySet()) {
                List<Subscription> same = new ArrayList<>();
                for (String symbol : e.getValue()) {
                    same.add(new Subscription(e.getKey(), symbol));
                }
                for (List<Subscription> batch : ProtocolSupport.chunks(same, streamsPerMessage())) {
                    messages.add(message(true, batch, catalog));
                }
            }
        } else {
            for (List<Subscription> batch : ProtocolSupport.chunks(streams, streamsPerMessage())) {
                messages.add(message(true, batch, catalog));
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
        InstrumentCatalog catalog = catalog(decoder);
        return List.of(message(false, List.of(book), catalog), message(true, List.of(book), catalog));
    }

    /** The instruments a decoder reads with (their details say how each is asked for); null when it keeps none. */
    protected static InstrumentCatalog catalog(VenueDecoder decoder) {
        return decoder instanceof AbstractDecoder d ? d.catalog() : null;
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
