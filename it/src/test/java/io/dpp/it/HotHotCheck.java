package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.it.StreamClients.Stream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * What hot-hot feeds published, read back from Kafka, and the checks of a stream client and of
 * history against it, with copies told apart by the venue's identity of each event (the event as
 * the stream writes it without its receive time), not by which arrived: HotHotFeedsTest (feeds
 * killed) and RollingUpgradeTest (every process restarted).
 */
final class HotHotCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The receive time in an event's JSON: the one field two feeds' copies of an event differ in. */
    static final Pattern RECEIVED = Pattern.compile(",\"local_timestamp\":\"[^\"]*\"");

    private HotHotCheck() {
    }

    /**
     * Every trade and quote in Kafka by identity (the event as the stream writes it, without its
     * receive time), with the partition, the offset of its first copy and its count per feed.
     * Copies are added in partition order and grouped into events as they come: two from one feed
     * are two (a venue can send an event twice word for word); copies from different feeds are one
     * event (the feeds received the same venue message), when it has no venue time only if received
     * less than {@link #SKEW} apart (it can come again later), and in any case only while less than
     * {@link #WINDOW} records apart in the partition: a consumer's filter remembers that many, so
     * copies further apart both pass (bus.kafka.hot-hot.window, decision 035), as when one feed is
     * that far behind the other on a loaded machine.
     */
    static final class Copy {
        private final TopicPartition partition;
        private final long first;
        private final boolean timed;
        private final Map<Long, Integer> perFeed = new HashMap<>();
        /** Each event so far: the feeds whose copy it has, and when its first copy was received. */
        private final List<java.util.Set<Long>> events = new ArrayList<>();
        private final List<Long> eventsFrom = new ArrayList<>();
        /** Each event's first copy's offset. */
        private final List<Long> eventsAt = new ArrayList<>();
        /** Copies from another feed that came {@link #WINDOW} records or more after the event's first. */
        private int beyondWindow;

        Copy(TopicPartition partition, long first, boolean timed) {
            this.partition = partition;
            this.first = first;
            this.timed = timed;
        }

        /** Adds the next copy; true when it is an event of its own rather than another feed's copy of one. */
        boolean add(long feed, long receiveTime, long offset) {
            perFeed.merge(feed, 1, Integer::sum);
            for (int i = 0; i < events.size(); i++) {
                if (!events.get(i).contains(feed) && (timed || receiveTime - eventsFrom.get(i) <= SKEW)) {
                    if (offset - eventsAt.get(i) >= WINDOW) {
                        beyondWindow++;
                        continue;
                    }
                    events.get(i).add(feed);
                    return false;
                }
            }
            events.add(new java.util.HashSet<>(List.of(feed)));
            eventsFrom.add(receiveTime);
            eventsAt.add(offset);
            return true;
        }

        /** Copies another feed published too late for a consumer's filter to know them as copies. */
        int beyondWindow() {
            return beyondWindow;
        }

        TopicPartition partition() {
            return partition;
        }

        long first() {
            return first;
        }

        boolean timed() {
            return timed;
        }

        Map<Long, Integer> perFeed() {
            return perFeed;
        }

        /** The events among the copies. */
        int expected() {
            return events.size();
        }
    }

    private static final long SKEW = 5_000_000;
    /** The consumers' bus.kafka.hot-hot.window: the tests run them with the default. */
    static final int WINDOW = 8192;

    record Published(Map<String, Copy> byIdentity, Map<String, Map<TopicPartition, Long>> lastDeliveredByChannel,
                     Map<TopicPartition, java.util.NavigableMap<Long, String>> delivered, List<JsonNode> trades, List<String> tradeLog) {
        /**
         * Per partition of the channel, the offset of the last record a consumer that never
         * restarted delivers: what a client has once it has everything.
         */
        Map<TopicPartition, Long> lastDelivered(String channel) {
            return lastDeliveredByChannel.getOrDefault(channel, Map.of());
        }

        /** Every copy in Kafka of the instrument's trades with ids from {@code from} to {@code to}, for a failure's message. */
        String idsAround(String instrument, long from, long to) {
            StringBuilder sb = new StringBuilder();
            for (String line : tradeLog) {
                String[] f = line.split(" ");
                if ((f[0] + " " + f[1]).equals(instrument) && f[2].matches("\\d{1,18}")) {
                    long id = Long.parseLong(f[2]);
                    if (id >= from - 1 && id <= to + 1) {
                        sb.append("\n  ").append(line);
                    }
                }
            }
            return sb.toString();
        }
    }

    static Published published(String servers, String prefix) throws Exception {
        Map<String, Copy> byIdentity = new HashMap<>();
        Map<String, Map<TopicPartition, Long>> lastDelivered = new HashMap<>();
        Map<TopicPartition, java.util.NavigableMap<Long, String>> deliveredJson = new HashMap<>();
        List<JsonNode> trades = new ArrayList<>();
        List<String> tradeLog = new ArrayList<>();
        Map<String, java.util.Set<Long>> bookCopies = new HashMap<>();
        Map<TopicPartition, Long> ends = StreamClients.endOffsets(servers, prefix, "trade", "quote", "book_change");
        StreamClients.readPublished(servers, ends, (tp, offset, feed, e, text, delivered) -> {
            String identity = RECEIVED.matcher(text).replaceFirst("");
            if (tp.topic().endsWith("book_change")) {
                bookCopies.computeIfAbsent(e.venue() + "\u0000" + identity, k -> new java.util.HashSet<>()).add(feed);
                return;
            }
            if (tp.topic().endsWith("trade")) {
                JsonNode t = JSON.readTree(text);
                tradeLog.add(t.get("venue").asText() + " " + t.get("symbol").asText() + " " + t.path("id").asText() + " feed "
                        + Long.toHexString(feed) + " at " + offset + " " + t.path("timestamp").asText() + " received "
                        + t.path("local_timestamp").asText());
            }
            Copy c = byIdentity.computeIfAbsent(identity, k -> new Copy(tp, offset,
                    e.exchangeTime() != io.dpp.core.time.Timestamps.UNKNOWN));
            String channel = tp.topic().endsWith("trade") ? "trades" : "quotes";
            if (delivered) {
                lastDelivered.computeIfAbsent(channel, k -> new HashMap<>()).put(tp, offset);
                deliveredJson.computeIfAbsent(tp, k -> new TreeMap<>()).put(offset, text);
            }
            if (c.add(feed, e.receiveTime(), offset)) {
                if (channel.equals("trades")) {
                    trades.add(JSON.readTree(text));
                }
            }
        });
        // Each venue's book changes: the two feeds' copies must be recognised as one (an event
        // carrying something of its connection, such as a number the connection counts, would
        // be two: none would match). Not all of them: each feed was down a third of the run or
        // more, a book's changes right after a feed's own snapshot can be its alone, and an
        // order-level book (Independent Reserve) is summed from each feed's own orders (about a
        // tenth match there, a third to a half elsewhere).
        Map<String, int[]> perVenue = new TreeMap<>();
        Map<String, Map<String, Integer>> perFeed = new HashMap<>(); // per venue: how many each feed published
        for (Map.Entry<String, java.util.Set<Long>> b : bookCopies.entrySet()) {
            String venue = b.getKey().substring(0, b.getKey().indexOf('\u0000'));
            int[] n = perVenue.computeIfAbsent(venue, k -> new int[2]);
            n[0]++;
            if (b.getValue().size() > 1) {
                n[1]++;
            }
            for (long feed : b.getValue()) {
                perFeed.computeIfAbsent(venue, k -> new TreeMap<>()).merge(Long.toHexString(feed), 1, Integer::sum);
            }
        }
        StringBuilder sb = new StringBuilder();
        perVenue.forEach((v, n) -> sb.append(' ').append(v).append('=').append(n[1]).append('/').append(n[0]));
        System.out.println("hot-hot: book changes published by both feeds per venue:" + sb);
        for (Map.Entry<String, int[]> v : perVenue.entrySet()) {
            assertThat(v.getValue()[1]).as("%s: book changes both feeds published as one event, of %d (each feed's: %s)",
                    v.getKey(), v.getValue()[0], perFeed.get(v.getKey())).isGreaterThan(v.getValue()[0] / 50);
        }
        assertThat(perVenue).as("venues with book changes").hasSizeGreaterThan(10);
        return new Published(byIdentity, lastDelivered, deliveredJson, trades, tradeLog);
    }

    /**
     * The client's events of one subscription against Kafka: each identity as often as the feed that
     * sent it most, for every identity first published at or after the client's first position in
     * its partition, and no other; trade ids per instrument, as a consumer delivers them from the
     * start of each partition, without a gap or a repeat. Returns the copies in
     * Kafka the client rightly did not get.
     */
    static long verifyStream(Stream s, Published published, String prefix) throws Exception {
        // Exactly what a consumer that never restarted delivers: per partition, from the client's
        // first event on, every position the filter delivers, in order, once, each as published.
        Map<TopicPartition, List<Long>> positions = new HashMap<>();
        for (String m : s.messages()) {
            Matcher x = StreamClients.ENVELOPE.matcher(m);
            assertThat(x.matches()).as("an event of %s with its bus position: %s", s.channel(), m).isTrue();
            TopicPartition tp = StreamClients.topicPartition(prefix, Long.parseLong(x.group(2)));
            long pos = Long.parseLong(x.group(3));
            positions.computeIfAbsent(tp, k -> new ArrayList<>()).add(pos);
            assertThat("{" + x.group(1) + "}").as("%s %s@%d as published", s.channel(), tp, pos)
                    .isEqualTo(published.delivered().getOrDefault(tp, new TreeMap<>()).get(pos));
        }
        for (Map.Entry<TopicPartition, List<Long>> e : positions.entrySet()) {
            List<Long> want = new ArrayList<>(published.delivered().get(e.getKey()).tailMap(e.getValue().get(0), true).keySet());
            assertThat(e.getValue()).as("%s %s: the positions a consumer delivers, each once, in order", s.channel(), e.getKey())
                    .isEqualTo(want);
        }
        Map<TopicPartition, Long> firstPosition = new HashMap<>();
        Map<String, Integer> got = new HashMap<>();
        Map<String, List<Long>> tradeIds = new TreeMap<>();
        for (String m : s.messages()) {
            Matcher x = StreamClients.ENVELOPE.matcher(m);
            assertThat(x.matches()).as("an event of %s with its bus position: %s", s.channel(), m).isTrue();
            TopicPartition tp = StreamClients.topicPartition(prefix, Long.parseLong(x.group(2)));
            firstPosition.merge(tp, Long.parseLong(x.group(3)), Math::min);
            String identity = RECEIVED.matcher("{" + x.group(1) + "}").replaceFirst("");
            got.merge(identity, 1, Integer::sum);
        }
        if (s.channel().equals("trades")) {
            // Trade ids are checked on all a consumer delivers from the start of each partition, not
            // on the client's events alone: a feed lagging behind the other publishes its own
            // unique trades late, so a client that started between the other feed's copies of
            // trades 381-459 and the late feed's unique 379-380 rightly has 379, 380, 460 (the
            // positions check above holds it to exactly what a consumer delivers from its start).
            for (Map.Entry<TopicPartition, java.util.NavigableMap<Long, String>> p : published.delivered().entrySet()) {
                if (!p.getKey().topic().equals(prefix + "trade")) {
                    continue;
                }
                for (String text : p.getValue().values()) {
                    JsonNode t = JSON.readTree(text);
                    String id = t.path("id").asText("");
                    if (id.matches("\\d{1,18}")) {
                        tradeIds.computeIfAbsent(t.get("venue").asText() + " " + t.get("symbol").asText(), k -> new ArrayList<>())
                                .add(Long.parseLong(id));
                    }
                }
            }
        }
        long skipped = 0;
        long extra = 0;
        long beyond = 0; // copies beyond the window among those the client was checked on
        long beyondAll = 0; // and among all, as a consumer from the start delivers them
        int checked = 0;
        int untimed = 0;
        String topic = prefix + (s.channel().equals("trades") ? "trade" : "quote");
        for (Map.Entry<String, Copy> e : published.byIdentity().entrySet()) {
            Copy c = e.getValue();
            if (!c.partition().topic().equals(topic)) {
                continue;
            }
            beyondAll += c.beyondWindow();
            Long first = firstPosition.get(c.partition());
            if (first == null || c.first() < first) {
                continue;
            }
            checked++;
            beyond += c.beyondWindow();
            int copies = c.perFeed().values().stream().mapToInt(Integer::intValue).sum();
            int had = got.getOrDefault(e.getKey(), 0);
            if (c.timed()) {
                assertThat(had).as("%s: %s (%s copies per feed)", s.channel(), e.getKey(), c.perFeed()).isEqualTo(c.expected());
            } else {
                // Without a venue time, id or sequence, the same words recur (a quote back at the same
                // prices) and nothing tells which copies are one event: every copy passes (decision
                // 035). Counted: how many more than one per moment the feeds saw it.
                assertThat(had).as("%s: %s (%s copies per feed)", s.channel(), e.getKey(), c.perFeed()).isEqualTo(copies);
                extra += Math.max(0, had - c.expected());
                untimed++;
            }
            skipped += copies - had;
        }
        for (String identity : got.keySet()) {
            assertThat(published.byIdentity()).as(s.channel() + ": an event the feeds published").containsKey(identity);
        }
        assertThat(checked).as(s.channel() + ": events checked").isGreaterThan(1000);
        List<String> gaps = new ArrayList<>();
        long repeats = 0;
        for (Map.Entry<String, List<Long>> e : tradeIds.entrySet()) {
            List<Long> ids = e.getValue();
            ids.sort(null);
            for (int k = 1; k < ids.size(); k++) {
                if (ids.get(k).equals(ids.get(k - 1))) {
                    repeats++; // a copy published beyond the window passes again; counted below
                } else if (ids.get(k) != ids.get(k - 1) + 1) {
                    gaps.add(e.getKey() + ": " + ids.get(k - 1) + " then " + ids.get(k) + "; published per feed: "
                            + published.idsAround(e.getKey(), ids.get(k - 1), ids.get(k)));
                }
            }
        }
        assertThat(gaps).as(s.channel() + ": trade ids a consumer delivers from the start, without a gap").isEmpty();
        assertThat(repeats).as(s.channel() + ": trade ids delivered twice, at most the copies published beyond the window")
                .isLessThanOrEqualTo(beyondAll);
        if (s.channel().equals("trades")) {
            assertThat(tradeIds).as("instruments whose trade ids were checked").hasSizeGreaterThan(10);
        }
        System.out.printf("hot-hot: %s: %d events as published once (%d without a venue time, each copy delivered:"
                + " %d beyond one per moment; %d copies published %d records or more after the first, delivered"
                + " again)%s%n", s.channel(), checked, untimed, extra, beyond, WINDOW,
                tradeIds.isEmpty() ? "" : ", " + tradeIds.size() + " instruments' trade ids without a gap");
        return skipped;
    }

    /** History holds every trade the feeds published, once: per instrument, the trades of Kafka without their copies. */
    static void verifyHistory(int port, String key, Published published) throws Exception {
        Map<String, List<String>> expected = new TreeMap<>();
        for (JsonNode t : published.trades()) {
            expected.computeIfAbsent(t.get("venue").asText() + "\u0000" + t.get("symbol").asText(), k -> new ArrayList<>())
                    .add(trade(t));
        }
        long rows = 0;
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            String[] vs = e.getKey().split("\u0000");
            List<String> want = e.getValue();
            want.sort(null);
            List<String> have = StreamApiTest.eventually(Duration.ofSeconds(60), () -> {
                HttpResponse<String> r = DppProcess.get(port, "/api/v1/trades?venue=" + enc(vs[0]) + "&symbol=" + enc(vs[1])
                        + "&limit=100000", key);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                List<String> list = new ArrayList<>();
                for (JsonNode t : JSON.readTree(r.body())) {
                    list.add(trade(t));
                }
                list.sort(null);
                assertThat(list).as("history of %s %s", vs[0], vs[1]).isEqualTo(want);
                return list;
            });
            rows += have.size();
        }
        System.out.printf("hot-hot: history holds %d trades of %d instruments, each once%n", rows, expected.size());
        assertThat(expected).as("instruments with trades in history").hasSizeGreaterThan(10);
    }

    private static String trade(JsonNode t) {
        return t.path("timestamp").asText() + " " + t.path("id").asText() + " " + t.path("price").asText() + " "
                + t.path("amount").asText() + " " + t.path("side").asText();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
