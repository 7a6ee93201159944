package io.dpp.accounts;

import io.dpp.runtime.access.Grant;
import io.dpp.runtime.http.HttpProblem;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Feedback (docs/support.md "Feedback"): a user rates a service or feature (1-5, with a comment,
 * optionally naming what: a backtest's id, a venue), answers the NPS question (0-10: how likely
 * they are to recommend DPP), and rates a solved ticket (1-5, once per ticket). Staff read the
 * answers and their aggregates by service and by ISO week (UTC, weeks starting on Monday).
 */
final class Feedback {

    /** What a rating may be about. */
    static final List<String> SERVICES = List.of("backtests", "venue_data", "live_stream", "history", "trading", "strategies",
            "console", "api", "support", "other");
    static final int PER_HOUR = 30;
    static final int MAX_COMMENT = 2000;
    /** Rows one summary reads at most (a year of a busy platform's feedback). */
    static final int MAX_ROWS = 200_000;

    record Entry(long id, String user, String kind, String service, String subject, int score, String comment, Instant createdAt) {
    }

    private final Sql sql;
    private final UsersDb users;
    private final Clock clock;
    private final RateLimits limits;
    private final Counter given;

    Feedback(UsersDb users, Clock clock, LongSupplier ticker, PrometheusRegistry metrics) {
        this.sql = users.sql();
        this.users = users;
        this.clock = clock;
        this.limits = new RateLimits(PER_HOUR, Duration.ofHours(1), "hour", ticker);
        this.given = Counter.builder().name("dpp_support_feedback_total").help("Feedback given, by kind (rating, nps, csat)")
                .labelNames("kind").register(metrics);
    }

    /** A rating (1-5) of {@code service}, about {@code subject} when given. */
    Entry rate(Grant grant, String service, String subject, int score, String comment) {
        if (!SERVICES.contains(service)) {
            throw Users.bad("service must be one of " + SERVICES + "; got \"" + Users.cut(service) + "\"");
        }
        if (score < 1 || score > 5) {
            throw Users.bad("rating must be a whole number from 1 to 5");
        }
        return add(grant, "rating", service, subject, score, comment);
    }

    /** An answer to the NPS question, 0-10. */
    Entry nps(Grant grant, int score, String comment) {
        if (score < 0 || score > 10) {
            throw Users.bad("score must be a whole number from 0 to 10");
        }
        return add(grant, "nps", "dpp", null, score, comment);
    }

    /** The satisfaction rating (1-5) of the caller's own solved or closed ticket, once. */
    Entry satisfaction(Grant grant, Tickets.Ticket ticket, int score, String comment) {
        if (!ticket.owner().equals(grant.user())) {
            throw new HttpProblem(404, "not_found", "no ticket " + ticket.id());
        }
        if (!(ticket.status().equals("solved") || ticket.status().equals("closed")) || ticket.mergedInto() != null) {
            throw new HttpProblem(409, "conflict", "ticket " + ticket.id() + " is " + ticket.status() + "; it can be rated once solved");
        }
        if (score < 1 || score > 5) {
            throw Users.bad("rating must be a whole number from 1 to 5");
        }
        String subject = Long.toString(ticket.id());
        if (sql.one("SELECT id FROM feedback WHERE kind = 'csat' AND subject = ?", rs -> rs.getLong(1), subject) != null) {
            throw new HttpProblem(409, "conflict", "ticket " + ticket.id() + " was rated already");
        }
        return add(grant, "csat", "support", subject, score, comment);
    }

    private Entry add(Grant grant, String kind, String service, String subject, int score, String comment) {
        UsersDb.User u = users.byName(grant.user());
        if (u == null) {
            throw new HttpProblem(404, "not_found", "no user " + grant.user());
        }
        limits.check(u.name(), "feedback answers per user");
        Instant now = clock.instant();
        String text = comment == null ? "" : comment.strip();
        long id = sql.transaction(c -> {
            List<String> columns = new ArrayList<>(List.of("user_id", "kind", "service", "score", "comment", "created_at"));
            List<Object> values = new ArrayList<>(List.of(u.id(), kind, service, score, text, now));
            if (subject != null) {
                columns.add("subject");
                values.add(subject);
            }
            return Sql.insert(c, "INSERT INTO feedback (" + String.join(", ", columns) + ") VALUES (" + "?, ".repeat(columns.size() - 1)
                    + "?)", values.toArray());
        });
        given.labelValues(kind).inc();
        return new Entry(id, u.name(), kind, service, subject, score, text, now);
    }

    /** Answers from {@code from} to {@code to}, newest first: the caller's own, or for staff everyone's. */
    List<Entry> list(Grant grant, String kind, Instant from, Instant to, int limit) {
        StringBuilder where = new StringBuilder(" WHERE f.created_at >= ? AND f.created_at < ?");
        List<Object> args = new ArrayList<>(List.of(from, to));
        if (kind != null) {
            where.append(" AND f.kind = ?");
            args.add(kind);
        }
        if (!grant.staff()) {
            where.append(" AND u.name = ?");
            args.add(grant.user());
        }
        return sql.query("SELECT f.id, u.name, f.kind, f.service, f.subject, f.score, f.comment, f.created_at FROM feedback f"
                + " JOIN users u ON u.id = f.user_id" + where + " ORDER BY f.id DESC FETCH FIRST " + limit + " ROWS ONLY",
                rs -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                        rs.getString(7), Sql.time(rs, 8)), args.toArray());
    }

    /**
     * Aggregates from {@code from} to {@code to} (staff): ratings by service and by week (count,
     * mean), NPS by week (promoters 9-10, passives 7-8, detractors 0-6, score = % promoters - %
     * detractors), ticket satisfaction by week (count, mean, share of 4 and 5).
     */
    Map<String, Object> summary(Instant from, Instant to) {
        List<Object[]> rows = sql.query("SELECT kind, service, score, created_at FROM feedback WHERE created_at >= ? AND created_at < ?"
                + " ORDER BY created_at FETCH FIRST " + MAX_ROWS + " ROWS ONLY", rs -> new Object[] {rs.getString(1), rs.getString(2),
                rs.getInt(3), Sql.time(rs, 4)}, from, to);
        Map<String, Stats> byService = new TreeMap<>();
        Map<String, Stats> ratingsByWeek = new TreeMap<>();
        Map<String, Stats> npsByWeek = new TreeMap<>();
        Map<String, Stats> csatByWeek = new TreeMap<>();
        Stats nps = new Stats();
        Stats csat = new Stats();
        for (Object[] r : rows) {
            String kind = (String) r[0];
            int score = (Integer) r[2];
            String week = week((Instant) r[3]);
            switch (kind) {
                case "rating" -> {
                    byService.computeIfAbsent((String) r[1], k -> new Stats()).add(score);
                    ratingsByWeek.computeIfAbsent(week, k -> new Stats()).add(score);
                }
                case "nps" -> {
                    npsByWeek.computeIfAbsent(week, k -> new Stats()).add(score);
                    nps.add(score);
                }
                default -> {
                    csatByWeek.computeIfAbsent(week, k -> new Stats()).add(score);
                    csat.add(score);
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("answers", rows.size());
        out.put("truncated", rows.size() == MAX_ROWS);
        out.put("ratings_by_service", views(byService, Stats::rating));
        out.put("ratings_by_week", views(ratingsByWeek, Stats::rating));
        out.put("nps", nps.nps());
        out.put("nps_by_week", views(npsByWeek, Stats::nps));
        out.put("satisfaction", csat.csat());
        out.put("satisfaction_by_week", views(csatByWeek, Stats::csat));
        return out;
    }

    /** The Monday (UTC) of {@code t}'s ISO week. */
    static String week(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
    }

    private static Map<String, Object> views(Map<String, Stats> stats, java.util.function.Function<Stats, Map<String, Object>> view) {
        Map<String, Object> out = new LinkedHashMap<>();
        stats.forEach((k, v) -> out.put(k, view.apply(v)));
        return out;
    }

    /** Counts of each score 0-10. */
    private static final class Stats {
        final long[] counts = new long[11];
        long n;
        long sum;

        void add(int score) {
            counts[score]++;
            n++;
            sum += score;
        }

        double mean() {
            return n == 0 ? 0 : Math.round(sum * 100.0 / n) / 100.0;
        }

        Map<String, Object> rating() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", n);
            m.put("mean", mean());
            return m;
        }

        Map<String, Object> nps() {
            long promoters = counts[9] + counts[10];
            long passives = counts[7] + counts[8];
            long detractors = n - promoters - passives;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", n);
            m.put("promoters", promoters);
            m.put("passives", passives);
            m.put("detractors", detractors);
            m.put("score", n == 0 ? 0 : Math.round((promoters - detractors) * 1000.0 / n) / 10.0);
            return m;
        }

        Map<String, Object> csat() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", n);
            m.put("mean", mean());
            m.put("satisfied_share", n == 0 ? 0 : Math.round((counts[4] + counts[5]) * 1000.0 / n) / 1000.0);
            return m;
        }
    }
}
