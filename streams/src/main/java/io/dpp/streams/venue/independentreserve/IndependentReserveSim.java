package io.dpp.streams.venue.independentreserve;

import io.dpp.book.Orders;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.OrderKeyedBooks;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.SimVenue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Independent Reserve: {@code Subscriptions} acknowledges, {@code Heartbeat} is the server's; the
 * REST snapshot {@code /Public/GetAllOrders} lists the orders the replay's decoder holds, under the
 * ids the later events name.
 */
final class IndependentReserveSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        if (message.contains("\"Event\":\"Subscriptions\"")) {
            return Kind.ACK;
        }
        return message.contains("\"Event\":\"Heartbeat\"") ? Kind.HEARTBEAT : Kind.DATA;
    }

    @Override
    public String restSnapshotSymbol(String pathAndQuery) {
        if (!pathAndQuery.split("\\?", 2)[0].equals(IndependentReserveProtocol.SNAPSHOT_PATH)) {
            return null;
        }
        String primary = ProtocolSupport.query(pathAndQuery, "primaryCurrencyCode");
        String secondary = ProtocolSupport.query(pathAndQuery, "secondaryCurrencyCode");
        return primary == null || secondary == null ? null : (primary + "-" + secondary).toLowerCase(Locale.ROOT);
    }

    @Override
    public String restSnapshot(InstrumentBook book, VenueDecoder decoder) {
        Orders orders = decoder instanceof OrderKeyedBooks keyed ? keyed.orders(book.instrument()) : null;
        return orders == null ? null : snapshot(book.instrument(), orders, book.lastChange());
    }

    private record Order(String guid, boolean bid, long price, long size) {
    }

    /** {@code GetAllOrders}' body: bids best first, then offers, each {@code {"Guid","Price","Volume"}}. */
    static String snapshot(Instrument instrument, Orders orders, long micros) {
        List<Order> all = new ArrayList<>(orders.size());
        orders.forEachOrder((high, low, bid, price, size) -> all.add(new Order(new UUID(high, low).toString(), bid, price, size)));
        Comparator<Order> byPrice = (a, b) -> Decimal64.compare(a.price(), b.price());
        StringBuilder sb = new StringBuilder(128 + 90 * all.size()).append("{\"BuyOrders\":");
        side(sb, all.stream().filter(Order::bid).sorted(byPrice.reversed()).toList());
        sb.append(",\"SellOrders\":");
        side(sb, all.stream().filter(o -> !o.bid()).sorted(byPrice).toList());
        String pair = instrument.nativeSymbol();
        int dash = pair.indexOf('-');
        return sb.append(",\"PrimaryCurrencyCode\":\"").append(capitalized(pair.substring(0, dash)))
                .append("\",\"SecondaryCurrencyCode\":\"").append(capitalized(pair.substring(dash + 1)))
                .append("\",\"CreatedTimestampUtc\":\"").append(Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1000))
                .append("\"}").toString();
    }

    private static void side(StringBuilder sb, List<Order> orders) {
        sb.append('[');
        for (int i = 0; i < orders.size(); i++) {
            Order o = orders.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"Guid\":\"").append(o.guid()).append("\",\"Price\":").append(Decimal64.toString(o.price()))
                    .append(",\"Volume\":").append(Decimal64.toString(o.size())).append('}');
        }
        sb.append(']');
    }

    private static String capitalized(String code) {
        return code.isEmpty() ? code : Character.toUpperCase(code.charAt(0)) + code.substring(1);
    }
}
