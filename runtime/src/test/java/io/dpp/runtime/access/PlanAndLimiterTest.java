package io.dpp.runtime.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.rate.TokenBucket;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanAndLimiterTest {

    private static final Plan FREE = new Plan("free", Set.of("kraken", "binance"), Set.of("trades", "quotes"), 7, 5, 10, 5);

    @Test
    void aBucketGrantsOneSecondsWorthThenRefusesWithTheWait() {
        long[] now = {1_000_000_000L};
        TokenBucket limiter = TokenBucket.perSecond(5, () -> now[0]);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire()).as("request " + i).isZero();
        }
        assertThat(limiter.tryAcquire()).as("the sixth waits 200 ms for a token").isEqualTo(200_000_000L);
        now[0] += 100_000_000L;
        assertThat(limiter.tryAcquire()).as("half a token later: 100 ms to go").isEqualTo(100_000_000L);
        now[0] += 100_000_000L;
        assertThat(limiter.tryAcquire()).isZero();
        now[0] += 10_000_000_000L;
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire()).as("a quiet spell refills one second's worth, no more").isZero();
        }
        assertThat(limiter.tryAcquire()).isPositive();
        assertThat(TokenBucket.unlimited().tryAcquire()).isZero();
    }

    @Test
    void aKeyHoldsAtMostItsPlansConnections() {
        WebSocketSlots slots = new WebSocketSlots(2);
        Plan three = new Plan("free", Set.of("kraken"), Set.of("trades"), 7, 5, 10, 5, 3);
        Grant g = new Grant("alice", "k1", three, TokenBucket.perSecond(5));
        Grant other = new Grant("bob", "k2", three, TokenBucket.perSecond(5));
        assertThat(slots.open(g)).isNull();
        assertThat(slots.open(g)).isNull();
        assertThat(slots.open(g)).isNull();
        assertThat(slots.open(g)).contains("allows 3 WebSocket connections per key");
        assertThat(slots.open(other)).as("another key has places of its own").isNull();
        slots.close(g);
        assertThat(slots.open(g)).isNull();
        assertThat(slots.open("k1")).isEqualTo(3);
        assertThat(slots.enterPending()).isTrue();
        assertThat(slots.enterPending()).isTrue();
        assertThat(slots.enterPending()).as("beyond http.max-pending-auth").isFalse();
        slots.leavePending();
        assertThat(slots.enterPending()).isTrue();
    }

    @Test
    void openModeAnswersItsOwnOriginAndTheListedOnes() {
        OriginCheck check = new OriginCheck(java.util.List.of("https://console.example.com"));
        assertThat(OriginCheck.normalize("HTTPS://Console.Example.com")).isEqualTo("https://console.example.com:443");
        assertThat(OriginCheck.normalize("null")).isNull();
        assertThat(OriginCheck.normalize("file:///etc/passwd")).isNull();
        assertThat(check.refusal(request(null, "localhost:8080"))).isNull();
        assertThat(check.refusal(request("http://localhost:8080", "localhost:8080"))).isNull();
        assertThat(check.refusal(request("https://console.example.com", "dpp.internal:8080"))).isNull();
        assertThat(check.refusal(request("http://evil.example", "localhost:8080"))).contains("are refused");
        assertThat(check.refusal(request("http://localhost:8081", "localhost:8080"))).contains("are refused");
        assertThat(check.refusal(request("null", "localhost:8080"))).contains("are refused");
        assertThat(check.refusal(request("http://localhost", "localhost"))).isNull();
    }

    private static io.vertx.core.http.HttpServerRequest request(String origin, String host) {
        return (io.vertx.core.http.HttpServerRequest) java.lang.reflect.Proxy.newProxyInstance(getClass0(),
                new Class<?>[] {io.vertx.core.http.HttpServerRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getHeader") && args.length == 1 && args[0] instanceof String name) {
                        return name.equalsIgnoreCase("Origin") ? origin : name.equalsIgnoreCase("Host") ? host : null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static ClassLoader getClass0() {
        return PlanAndLimiterTest.class.getClassLoader();
    }

    @Test
    void aGrantChecksVenuesChannelsAndHistoryDepth() {
        Grant g = new Grant("alice", "k", FREE, TokenBucket.perSecond(5));
        g.checkVenue("kraken");
        g.checkChannel("trades");
        assertThatThrownBy(() -> g.checkVenue("okx")).isInstanceOf(HttpProblem.class)
                .hasMessage("plan free does not include venue \"okx\"; it includes " + FREE.venues())
                .satisfies(e -> assertThat(((HttpProblem) e).status()).isEqualTo(403));
        assertThatThrownBy(() -> g.checkChannel("book_changes")).hasMessageContaining("does not include channel \"book_changes\"");
        long now = 1_700_000_000_000_000L;
        long week = 7L * 86_400_000_000L;
        g.checkHistory(now - week, now);
        assertThatThrownBy(() -> g.checkHistory(now - week - 1, now)).hasMessageContaining("reaches 7 days of history");
        Grant open = Grant.open();
        open.checkVenue("okx");
        open.checkChannel("book_changes");
        open.checkHistory(Long.MIN_VALUE + 1, now);
        assertThat(open.earliestMicros(now)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void plansRefuseNonsenseLimits() {
        assertThatThrownBy(() -> new Plan("x", Set.of("*"), Set.of("*"), 0, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
