package io.dpp.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.client.DppClient;
import io.dpp.runtime.config.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dpp tail}: the live events of one venue, symbol and channel, one JSON object per line. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Print the live events of a running DPP's stream (/api/v1/stream), one JSON object per line, "
            + "through the Java client (reconnects and resubscribes by itself). Ctrl-C to stop."})
final class TailCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--venue", required = true, description = "Venue id or pattern (* and ?).")
    String venue;

    @Option(names = "--symbol", defaultValue = "*", description = "Native or normalized symbol, or a pattern (default *).")
    String symbol;

    @Option(names = "--channel", defaultValue = "trades",
            description = "trades (default), book_changes, book_snapshots, quotes, candles, derivative_tickers, liquidations, feed_status.")
    String channel;

    @Option(names = "--limit", defaultValue = "0", description = "Stop after this many events (default: never).")
    @Bounded(min = 0, max = 1e15)
    long limit;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            description = "Give up, with a message, after this long without an event (default: 60 s with --limit, else never).")
    @Bounded(min = 1, max = 86_400)
    Long idleTimeout;

    @Option(names = "--url", description = "The platform's address (default: ws://127.0.0.1:<http.port>).")
    String url;

    @Mixin
    ApiKeyOption apiKey;

    @Mixin
    ConfigFileOption configFile;

    @Override
    public Integer call() throws Exception {
        String base = url;
        if (base == null) {
            try {
                base = configFile.localAddress("ws");
            } catch (ConfigException e) {
                System.err.println("dpp tail: " + e.getMessage());
                return Main.EXIT_USAGE;
            }
        }
        String key = apiKey.key();
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong printed = new AtomicLong();
        String[] error = {null};
        boolean keyless = key == null || key.isBlank();
        DppClient.Builder builder = DppClient.builder(URI.create(base)).onError(m -> {
            error[0] = m;
            System.err.println("dpp tail: " + m);
            if (keyless && m.endsWith("(401)")) {
                System.err.println("dpp tail: the platform requires an API key: give --api-key or set DPP_API_KEY "
                        + "(dpp keys create --user NAME --plan PLAN makes one)");
            }
        });
        if (key != null && !key.isBlank()) {
            builder.apiKey(key);
        }
        DppClient client;
        try {
            client = builder.build();
        } catch (Exception e) {
            if (error[0] != null) {
                return Main.EXIT_USAGE; // refused (401/403), already said
            }
            System.err.println("dpp tail: no DPP stream answers at " + base + " (" + e.getMessage() + "); start one (./dpp up) or give --url");
            return Main.EXIT_FAILURE;
        }
        try (client) {
            DppClient.Subscription s = client.subscribe(DppClient.Request.of(channel, venue, symbol), e -> {
                long n = printed.incrementAndGet();
                if (limit > 0 && n > limit) {
                    return;
                }
                try {
                    ObjectNode o = (ObjectNode) JSON.readTree(e.json());
                    o.remove("sub");
                    o.remove("seq");
                    System.out.println(o);
                } catch (Exception ex) {
                    System.out.println(e.json());
                }
                if (limit > 0 && n == limit) {
                    System.out.flush();
                    done.countDown();
                }
            });
            try {
                s.awaitSubscribed(Duration.ofSeconds(10));
            } catch (Exception e) {
                if (error[0] == null) {
                    System.err.println("dpp tail: the subscription was not acknowledged: " + e.getMessage());
                }
                return Main.EXIT_USAGE;
            }
            Long idle = idleTimeout != null ? idleTimeout : limit > 0 ? Long.valueOf(60) : null;
            if (idle == null) {
                done.await();
            } else {
                // Waits while events keep coming: an idle stretch of the given length ends the wait.
                long seen = -1;
                while (!done.await(idle, java.util.concurrent.TimeUnit.SECONDS)) {
                    long now = printed.get();
                    if (now == seen) {
                        System.out.flush();
                        System.err.println("dpp tail: no event for " + idle + " s (" + Math.min(now, limit > 0 ? limit : now)
                                + " printed); the channel may be quiet or not recorded for " + venue + " " + symbol
                                + " (--idle-timeout waits longer)");
                        return Main.EXIT_FAILURE;
                    }
                    seen = now;
                }
            }
            System.out.flush();
        }
        return Main.EXIT_OK;
    }
}
