package io.dpp.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultSpecTest {

    @Test
    void readsEveryKindAndParameter() {
        FaultSpec spec = FaultSpec.parse("drop@kraken:n=500; close:every=3s ;stall@okx:n=100,for=10s;"
                + "rest-429@binance:count=2,retry-after=5;corrupt@bybit:n=7,capture=BYBIT.ws.25.0;rest-5xx");
        assertEquals(6, spec.faults().size());
        FaultSpec.Fault drop = spec.faults().get(0);
        assertEquals(FaultSpec.Kind.DROP, drop.kind());
        assertEquals("kraken", drop.venue());
        assertEquals(500, drop.message());
        FaultSpec.Fault close = spec.faults().get(1);
        assertNull(close.venue());
        assertEquals(Duration.ofSeconds(3), close.every());
        assertEquals(Duration.ofSeconds(10), spec.faults().get(2).duration());
        FaultSpec.Fault limited = spec.faults().get(3);
        assertEquals(2, limited.count());
        assertEquals(5, limited.retryAfter());
        assertTrue(spec.faults().get(4).appliesTo("bybit", "BYBIT.ws.25.0"));
        assertTrue(!spec.faults().get(4).appliesTo("bybit", "BYBIT.ws.26.0"));
        assertEquals(1, spec.faults().get(5).count());
        assertEquals(FaultSpec.NONE, FaultSpec.parse("  "));
        assertTrue(FaultSpec.parse("drop@binance:n=9,synced=true").faults().get(0).synced());
        assertTrue(!drop.synced());
    }

    @Test
    void mistakesAreExplained() {
        for (String bad : new String[] {"explode@kraken:n=1", "drop@kraken", "drop:n=x", "drop:n=1,every=2s",
            "close:colour=red", "stall:every=0s", "rest-429:count=0", "drop:n",
            "drop:n=1,synced=yes", "close:every=3s,synced=true"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultSpec.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--faults: ") && e.getMessage().contains("KIND[@VENUE]"), e.getMessage());
        }
    }
}
