package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.app.Platform;
import io.dpp.runtime.config.DppConfig;
import io.dpp.bench.fanout.FanoutBenchmark;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Clients that never read, beside clients that do, on the real stream API over loopback
 * WebSockets: the readers lose nothing and stay fast, the non-readers are dropped with a reason
 * once their bounded queue cannot be helped by conflation (so server memory stays bounded).
 */
@org.junit.jupiter.api.parallel.Isolated("bounds the latency readers see")
class SlowConsumerTest {

    @Test
    void aClientThatNeverReadsIsDroppedWithAReasonAndDelaysNoOne() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("DPP_HTTP_PORT", "0", "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_STREAM_CLIENT_QUEUE", "2000", "DPP_LOG_LEVEL", "warn"));
        DppConfig config = DppConfig.load(null, env, Platform.configSections());
        FanoutBenchmark.Result r = FanoutBenchmark.run(config, 20, 16000, 100, 10, 2, Duration.ofSeconds(4), Duration.ofSeconds(10),
                FanoutBenchmark.ClientKind.VERTX);
        System.out.println("slow consumers: " + r.json());
        assertThat(r.slowDisconnected()).as("both non-reading clients dropped").isEqualTo(2);
        assertThat(r.lost()).as("readers lose nothing").isZero();
        assertThat(r.deliveredPerSec()).as("readers keep receiving").isGreaterThan(0.9 * r.inputPerSec() * 20 * 10 / 100);
        // The latency target itself is measured by dpp bench fanout on a quiet machine; here a loose bound.
        assertThat(r.p99Ms()).as("readers are not held up").isLessThan(100);
    }
}
