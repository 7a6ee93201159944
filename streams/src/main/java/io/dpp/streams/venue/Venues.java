package io.dpp.streams.venue;

import io.dpp.streams.venue.ascendex.AscendexVenue;
import io.dpp.streams.venue.binance.BinanceDeliveryVenue;
import io.dpp.streams.venue.binance.BinanceFuturesVenue;
import io.dpp.streams.venue.binance.BinanceUsVenue;
import io.dpp.streams.venue.binance.BinanceVenue;
import io.dpp.streams.venue.bitfinex.BitfinexVenue;
import io.dpp.streams.venue.bitcom.BitcomVenue;
import io.dpp.streams.venue.bitflyer.BitflyerVenue;
import io.dpp.streams.venue.bitget.BitgetVenue;
import io.dpp.streams.venue.bitmex.BitmexVenue;
import io.dpp.streams.venue.bitstamp.BitstampVenue;
import io.dpp.streams.venue.blockchain.BlockchainVenue;
import io.dpp.streams.venue.bybit.BybitVenue;
import io.dpp.streams.venue.coinbase.CoinbaseVenue;
import io.dpp.streams.venue.delta.DeltaVenue;
import io.dpp.streams.venue.deribit.DeribitVenue;
import io.dpp.streams.venue.gateio.GateioVenue;
import io.dpp.streams.venue.gemini.GeminiVenue;
import io.dpp.streams.venue.hitbtc.HitbtcVenue;
import io.dpp.streams.venue.independentreserve.IndependentReserveVenue;
import io.dpp.streams.venue.huobi.HuobiVenue;
import io.dpp.streams.venue.kraken.KrakenVenue;
import io.dpp.streams.venue.kucoin.KucoinVenue;
import io.dpp.streams.venue.krakenfutures.KrakenFuturesVenue;
import io.dpp.streams.venue.okx.OkxVenue;
import io.dpp.streams.venue.phemex.PhemexVenue;
import io.dpp.streams.venue.poloniex.PoloniexVenue;
import io.dpp.streams.venue.probit.ProbitVenue;
import io.dpp.streams.venue.upbit.UpbitVenue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every venue DPP supports, by id. */
public final class Venues {

    private static final Map<String, Venue> BY_ID = new LinkedHashMap<>();

    static {
        for (Venue v : List.<Venue>of(new BinanceVenue(), new BinanceFuturesVenue(), new KrakenVenue(), new OkxVenue(),
                new BitfinexVenue(), new CoinbaseVenue(), new BitstampVenue(), new BybitVenue(), new KrakenFuturesVenue(),
                new DeribitVenue(), new BitmexVenue(), new BinanceUsVenue(), new BinanceDeliveryVenue(),
                OkxVenue.okcoin(), new GateioVenue(), new GeminiVenue(), GateioVenue.futures(),
                new PoloniexVenue(), new UpbitVenue(), new HuobiVenue(), HuobiVenue.swap(),
                new ProbitVenue(), new BitflyerVenue(), new BlockchainVenue(), new DeltaVenue(),
                new AscendexVenue(), AscendexVenue.futures(), new PhemexVenue(),
                new HitbtcVenue(), HitbtcVenue.bequant(), new KucoinVenue(), new BitgetVenue(),
                new BitcomVenue(), BitcomVenue.linear(), new IndependentReserveVenue())) {
            BY_ID.put(v.id(), v);
        }
    }

    private Venues() {
    }

    /**
     * The venue with this id.
     *
     * @throws IllegalArgumentException listing the known ids
     */
    public static Venue get(String id) {
        Venue v = BY_ID.get(id);
        if (v == null) {
            throw new IllegalArgumentException("unknown venue '" + id + "'; venues: " + String.join(", ", ids()));
        }
        return v;
    }

    /**
     * The venue a URL belongs to (a capture's connection, say): the venue whose WebSocket or REST
     * host it is (of several on one host, the one whose listing path the URL's path is closest to),
     * else the one venue whose domain it is under (ws-feed.pro.coinbase.com is
     * Coinbase's, though Coinbase has moved its feed since); empty when none or several match (the
     * simulator's URLs, kraken.com of Kraken and Kraken Futures).
     */
    public static java.util.Optional<String> ofUrl(String url) {
        String host = host(url);
        if (host == null) {
            return java.util.Optional.empty();
        }
        // A WebSocket URL is first matched against the venues' WebSocket hosts, any other against their REST hosts.
        boolean socket = url.strip().regionMatches(true, 0, "ws", 0, 2);
        List<Venue> byHost = new java.util.ArrayList<>();
        List<Venue> byOtherHost = new java.util.ArrayList<>();
        List<String> byDomain = new java.util.ArrayList<>();
        for (Venue v : BY_ID.values()) {
            String ws = host(v.protocol().defaultWsUrl());
            String rest = host(v.protocol().defaultRestUrl());
            if (host.equals(socket ? ws : rest)) {
                byHost.add(v);
            } else if (host.equals(socket ? rest : ws)) {
                byOtherHost.add(v);
            }
            String domain = domain(host);
            if (domain != null && (domain.equals(domain(ws)) || domain.equals(domain(rest))) && !byDomain.contains(v.id())) {
                byDomain.add(v.id());
            }
        }
        if (byHost.size() == 1) {
            return java.util.Optional.of(byHost.get(0).id());
        }
        if (byHost.size() > 1) {
            return byPath(byHost, url);
        }
        if (!byOtherHost.isEmpty()) {
            return byOtherHost.size() == 1 ? java.util.Optional.of(byOtherHost.get(0).id()) : byPath(byOtherHost, url);
        }
        return byDomain.size() == 1 ? java.util.Optional.of(byDomain.get(0)) : java.util.Optional.empty();
    }

    /**
     * Of venues that share a host (Gate.io's spot and futures at api.gateio.ws, AscendEX's at
     * ascendex.com), the one whose listing or socket path has the longest start in common with the
     * URL's path; empty on a tie.
     */
    private static java.util.Optional<String> byPath(List<Venue> venues, String url) {
        String path;
        try {
            path = java.util.Objects.requireNonNullElse(java.net.URI.create(url.strip()).getPath(), "");
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
        String best = null;
        int bestLength = -1;
        boolean tie = false;
        for (Venue v : venues) {
            int common = 0;
            List<String> paths = new java.util.ArrayList<>(v.protocol().listingPaths());
            paths.addAll(v.protocol().socketPaths());
            for (String listing : paths) {
                int n = 0;
                while (n < Math.min(listing.length(), path.length()) && listing.charAt(n) == path.charAt(n)) {
                    n++;
                }
                common = Math.max(common, n);
            }
            if (common > bestLength) {
                best = v.id();
                bestLength = common;
                tie = false;
            } else if (common == bestLength) {
                tie = true;
            }
        }
        return tie ? java.util.Optional.empty() : java.util.Optional.ofNullable(best);
    }

    private static String host(String url) {
        try {
            String h = url == null ? null : java.net.URI.create(url.strip()).getHost();
            return h == null ? null : h.toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The last two labels of a host name ("coinbase.com"), or null. */
    private static String domain(String host) {
        if (host == null) {
            return null;
        }
        int last = host.lastIndexOf('.');
        int before = last <= 0 ? -1 : host.lastIndexOf('.', last - 1);
        return last <= 0 ? null : host.substring(before + 1);
    }

    /** Every venue id. */
    public static List<String> ids() {
        return List.copyOf(BY_ID.keySet());
    }
}
