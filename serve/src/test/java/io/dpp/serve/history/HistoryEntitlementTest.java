package io.dpp.serve.history;

import io.dpp.historical.HistoricalConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.bus.BusSubscription;
import io.dpp.bus.InProcessBus;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.serve.history.HistoryApi;
import io.dpp.historical.recorder.Recorder;
import io.dpp.historical.recorder.RecorderStats;
import io.dpp.runtime.RuntimeSections;
import io.dpp.runtime.access.Access;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.access.Plan;
import io.dpp.runtime.config.ConfigSection;
import io.dpp.runtime.config.DppConfig;
import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.module.Lifecycle;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import io.dpp.runtime.rate.TokenBucket;
import io.dpp.store.QuestDbStore;
import io.dpp.store.StoreConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history API's entitlements on a real embedded store: a plan's history depth bounds every
 * value an answer is computed from, the indicator warm-up included, and instruments of venues
 * outside the plan are not listed.
 */
class HistoryEntitlementTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY = 86_400_000_000L;
    private static final Instrument XBT = Instrument.builder("kraken", "XBT/USD").assets("BTC", "USD").type(InstrumentType.SPOT).build();
    private static final Instrument OKX = Instrument.builder("okx", "BTC-USDT").assets("BTC", "USDT").type(InstrumentType.SPOT).build();

    @TempDir
    Path data;

    /** Two keys: "week" on a plan of kraken with 7 days of history, "all" on one of everything. */
    private static final class Keys implements Access {
        final Grant week = new Grant("w", "week", new Plan("week", Set.of("kraken"), Set.of("*"), 7, 1000, 10, 10), TokenBucket.perSecond(1000));
        final Grant all = new Grant("a", "all", new Plan("all", Set.of("*"), Set.of("*"), 0, 1000, 10, 10), TokenBucket.perSecond(1000));

        @Override
        public boolean open() {
            return false;
        }

        @Override
        public CompletionStage<Grant> authenticate(String key) {
            return key.equals("week") ? CompletableFuture.completedFuture(week) : key.equals("all")
                    ? CompletableFuture.completedFuture(all) : CompletableFuture.failedFuture(new HttpProblem(401, "unauthorized", "no"));
        }

        @Override
        public void denied(String api, String reason) {
        }
    }

    @Test
    void aPlansHistoryDepthBoundsTheIndicatorWarmUpAndTheListings() throws Exception {
        List<ConfigSection<?>> sections = new ArrayList<>(RuntimeSections.all());
        sections.add(new ConfigSection<>("store", StoreConfig.class, (c, p) -> { }));
        sections.add(new ConfigSection<>("historical", HistoricalConfig.class, HistoricalConfig::check));
        sections.add(new ConfigSection<>("historical.api", HistoryApiConfig.class, HistoryApiConfig::check));
        DppConfig config = DppConfig.load(null, Map.of("DPP_HTTP_PORT", "0", "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.toString(), "DPP_LOG_LEVEL", "warn"), sections);
        ModuleDescriptor access = new ModuleDescriptor(Access.MODULE, ModuleDescriptor.ON_DEMAND, List.of(HttpModule.NAME),
                () -> new RuntimeModule() {
                    @Override
                    public void start(ModuleContext context) {
                        context.module(HttpModule.class).access(new Keys());
                    }

                    @Override
                    public void stop(Duration budget) {
                    }
                });
        Lifecycle platform = new Lifecycle(List.of(HttpModule.descriptor(), access, QuestDbStore.descriptor(), HistoryApi.descriptor()),
                config, new PrometheusRegistry());
        platform.start(Duration.ofSeconds(60));
        try {
            record(platform.module(QuestDbStore.class));
            int port = platform.module(HttpModule.class).port();
            String candles = "/api/v1/candles?venue=kraken&symbol=XBT/USD&interval=1d";
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (JSON.readTree(get(port, candles, "all").body()).size() < 40 && System.nanoTime() < end) {
                Thread.sleep(100); // the one-second candle view refreshes after the trades commit
            }
            assertThat(JSON.readTree(get(port, candles, "all").body())).as("a candle a day for 40 days").hasSize(40);
            assertThat(JSON.readTree(get(port, candles, "week").body())).as("the week the plan reaches").hasSize(7);

            // SMA(10) of daily candles: with all of history a value for each of the last 31 days. With a
            // week there are 7 candles the key may see, never ten: no value at all, because the warm-up
            // may not read the candles before the plan's reach either.
            String sma = "/api/v1/indicators/sma?venue=kraken&symbol=XBT/USD&interval=1d&period=10";
            assertThat(JSON.readTree(get(port, sma, "all").body())).hasSize(31);
            assertThat(JSON.readTree(get(port, sma, "week").body())).as("SMA(10) from 7 visible days").isEmpty();
            // SMA(3): the first value comes from the third visible candle, and equals their mean.
            JsonNode three = JSON.readTree(get(port, sma.replace("period=10", "period=3"), "week").body());
            assertThat(three).hasSize(5);
            long earliest = Timestamps.now() - 7 * DAY;
            assertThat(Timestamps.parseTimeOrDate(three.get(0).get("t").asText())).isGreaterThanOrEqualTo(earliest + DAY);

            // Venues outside the plan are not listed.
            List<String> venues = new ArrayList<>();
            JSON.readTree(get(port, "/api/v1/instruments", "week").body()).forEach(i -> venues.add(i.get("venue").asText()));
            assertThat(venues).containsOnly("kraken");
            List<String> every = new ArrayList<>();
            JSON.readTree(get(port, "/api/v1/instruments", "all").body()).forEach(i -> every.add(i.get("venue").asText()));
            assertThat(every).contains("kraken", "okx");
        } finally {
            platform.stop(Duration.ofSeconds(10), Duration.ZERO);
        }
    }

    /** One trade a day for the last 40 days (an hour before now's time of day) on kraken, priced by the day; one on okx. */
    private static void record(QuestDbStore store) throws Exception {
        long now = Timestamps.now();
        try (InProcessBus bus = new InProcessBus(1024, Duration.ofMillis(20))) {
            BusSubscription s = bus.subscribe("recorder", new Recorder(store, 1000, Duration.ofMillis(50), new RecorderStats()));
            Trade t = new Trade();
            for (int d = 39; d >= 0; d--) {
                long at = now - d * DAY - 3_600_000_000L;
                t.instrument(XBT);
                t.times(at, at + 1000);
                t.id().set(d);
                bus.publish(t.set(Decimal64.of(100 + d, 0), Decimal64.of(1, 0), Side.BUY));
            }
            t.instrument(OKX);
            t.times(now - DAY, now - DAY + 1000);
            t.id().set(1);
            bus.publish(t.set(Decimal64.of(100, 0), Decimal64.of(1, 0), Side.SELL));
            s.close(Duration.ofSeconds(10));
        }
    }

    private static HttpResponse<String> get(int port, String path, String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-Key", key).build(), HttpResponse.BodyHandlers.ofString());
    }
}
