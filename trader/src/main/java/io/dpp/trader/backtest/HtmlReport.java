package io.dpp.trader.backtest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one self-contained HTML page (no script, no external resource): the run and its
 * metrics, the equity curve, the drawdown, the price of the first traded instrument with every
 * fill marked (buys up, sells down, the tip at the fill price), positions and the fills. Each chart
 * has value ticks, a dated time axis (UTC), a legend and values on hover (SVG titles), and draws
 * gaps in the data as gaps. Inline SVG, so it opens anywhere offline; the same report gives the
 * same bytes.
 */
public final class HtmlReport {

    private static final int W = 960;
    private static final int H = 240;

    private HtmlReport() {
    }

    @SuppressWarnings("unchecked")
    public static String render(Map<String, Object> report, Backtest.Result r) {
        Map<String, Object> run = (Map<String, Object>) report.get("run");
        Map<String, Object> metrics = (Map<String, Object>) report.get("metrics");
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>DPP backtest: ")
                .append(esc(String.valueOf(run.get("strategy")))).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:28px}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
                .append("th{background:#f4f4f4}td.l,th.l{text-align:left}svg{background:#fcfcfc;border:1px solid #ddd}")
                .append(".axis{font-size:11px;fill:#555}.grid{stroke:#e6e6e6;stroke-width:1}.frame{fill:none;stroke:#bbb}")
                .append(".legend{font-size:12px;margin:4px 0}.legend span{display:inline-block;width:18px;border-top:2px solid;")
                .append("vertical-align:middle;margin-right:4px}.buy{color:#1e8449}.sell{color:#c0392b}")
                .append(".hover circle{fill:transparent;stroke:none}.hover circle:hover{fill:currentColor}</style></head><body>\n");
        sb.append("<h1>Backtest: ").append(esc(String.valueOf(run.get("strategy")))).append(" on ")
                .append(esc(String.valueOf(run.get("venue")))).append(' ').append(esc(String.valueOf(run.get("symbols"))))
                .append("</h1>\n");
        sb.append("<h2>Run</h2>\n");
        table(sb, run);
        sb.append("<p>").append(report.get("events")).append(" events from ").append(report.get("first_event")).append(" to ")
                .append(report.get("last_event")).append("; ").append(report.get("orders")).append(" orders, ")
                .append(report.get("fills")).append(" fills.</p>\n");
        sb.append("<h2>Metrics</h2>\n");
        table(sb, metrics);

        List<Long> times = new ArrayList<>();
        for (long[] t : r.equityTimes()) {
            times.add(t[0]);
        }
        List<Double> equity = new ArrayList<>();
        for (BigDecimal e : r.equity()) {
            equity.add(e.doubleValue());
        }
        sb.append("<h2>Equity</h2>\n");
        chart(sb, "equity", times, equity, "#1f5fbf", List.of());
        List<Double> drawdown = new ArrayList<>();
        double peak = Double.NEGATIVE_INFINITY;
        for (double e : equity) {
            peak = Math.max(peak, e);
            drawdown.add(peak > 0 ? -(peak - e) / peak * 100 : 0);
        }
        sb.append("<h2>Drawdown (%)</h2>\n");
        chart(sb, "drawdown %", times, drawdown, "#c0392b", List.of());
        if (r.primary() != null) {
            List<Double> prices = new ArrayList<>();
            boolean any = false;
            for (int i = 0; i < r.marks().size(); i++) {
                any |= r.marks().get(i) != null;
                prices.add(r.marks().get(i) == null ? Double.NaN : r.marks().get(i).doubleValue()); // no price yet: a gap
            }
            List<Long> priceTimes = any ? times : List.of();
            List<Marker> marks = new ArrayList<>();
            for (var f : r.fills()) {
                if (f.instrument().equals(r.primary())) {
                    marks.add(new Marker(f.time(), f.price(), f.side() == io.dpp.core.model.Side.BUY, f.quantity()));
                }
            }
            sb.append("<h2>Price of ").append(esc(r.primary().nativeSymbol())).append(" and fills</h2>\n");
            chart(sb, "mark price", priceTimes, any ? prices : List.of(), "#555", marks);
        }
        sb.append("<h2>Positions</h2>\n");
        rows(sb, (List<Map<String, Object>>) report.get("positions"));
        sb.append("<h2>Fills</h2>\n");
        rows(sb, (List<Map<String, Object>>) report.get("fill_list"));
        sb.append("<p class=\"axis\">DPP backtest report. Times are receive times, UTC.</p>\n</body></html>\n");
        return sb.toString();
    }

    private static void table(StringBuilder sb, Map<String, Object> m) {
        sb.append("<table>");
        for (Map.Entry<String, Object> e : m.entrySet()) {
            sb.append("<tr><th class=\"l\">").append(esc(e.getKey())).append("</th><td>")
                    .append(esc(String.valueOf(e.getValue()))).append("</td></tr>");
        }
        sb.append("</table>\n");
    }

    private static void rows(StringBuilder sb, List<Map<String, Object>> list) {
        if (list.isEmpty()) {
            sb.append("<p>None.</p>\n");
            return;
        }
        sb.append("<table><tr>");
        for (String k : list.get(0).keySet()) {
            sb.append("<th>").append(esc(k)).append("</th>");
        }
        sb.append("</tr>");
        for (Map<String, Object> row : list) {
            sb.append("<tr>");
            for (String k : list.get(0).keySet()) {
                sb.append("<td>").append(esc(String.valueOf(row.get(k)))).append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</table>\n");
    }

    /**
     * A line chart of values over times: value ticks and grid lines in the left margin (never over
     * the line), a time axis with dates (UTC) below, a legend, the line broken where the data has a
     * gap, and optional fill markers whose tip is at their exact price. Hovering a point or a marker shows its values (SVG titles: no script).
     */
    private static void chart(StringBuilder sb, String series, List<Long> times, List<Double> values, String color,
                              List<Marker> markers) {
        if (values.isEmpty()) {
            sb.append("<p>No data.</p>\n");
            return;
        }
        long t0 = times.get(0);
        long t1 = Math.max(times.get(times.size() - 1), t0 + 1);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        for (Marker m : markers) {
            lo = Math.min(lo, m.price().doubleValue());
            hi = Math.max(hi, m.price().doubleValue());
            t0 = Math.min(t0, m.time());
            t1 = Math.max(t1, m.time());
        }
        if (hi - lo < 1e-12) {
            hi = lo + Math.max(1e-6, Math.abs(lo) * 1e-3);
            lo = lo - Math.max(1e-6, Math.abs(lo) * 1e-3);
        }
        double step = niceStep((hi - lo) / 5);
        lo = Math.floor(lo / step) * step;
        hi = Math.ceil(hi / step) * step;
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        Plot p = new Plot(t0, t1, lo, hi);

        sb.append("<div class=\"legend\"><span style=\"border-color:").append(color).append("\"></span>").append(esc(series));
        if (!markers.isEmpty()) {
            sb.append(" <b class=\"buy\">&#9650;</b> buy fill <b class=\"sell\">&#9660;</b> sell fill (tip at the fill price)");
        }
        sb.append("</div>\n");
        sb.append("<svg width=\"").append(W).append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W).append(' ')
                .append(H).append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        // Value ticks: grid lines across the plot, labels in the margin to its left.
        for (long k = Math.round(lo / step); k * step <= hi + step / 2; k++) {
            double v = k == 0 ? 0 : k * step; // a multiple of the step, never "-0"
            double y = p.y(v);
            sb.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(W - RIGHT).append("\" y1=\"")
                    .append(num(y)).append("\" y2=\"").append(num(y)).append("\"/>");
            sb.append("<text class=\"axis\" text-anchor=\"end\" x=\"").append(LEFT - 6).append("\" y=\"").append(num(y + 4))
                    .append("\">").append(String.format(Locale.ROOT, "%,." + decimals + "f", v)).append("</text>");
        }
        // Time ticks: a round step, the time on each, the date under the first and wherever it changes.
        long tick = timeStep((t1 - t0) / 6);
        String lastDate = "";
        for (long t = Math.floorDiv(t0 + tick - 1, tick) * tick; t <= t1; t += tick) {
            double x = p.x(t);
            java.time.LocalDateTime at = java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(t, 1_000_000L),
                    (int) Math.floorMod(t, 1_000_000L) * 1_000, java.time.ZoneOffset.UTC);
            sb.append("<line class=\"grid\" x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"").append(TOP)
                    .append("\" y2=\"").append(H - BOTTOM).append("\"/>");
            String clock = tick % 60_000_000L == 0 ? at.format(HM) : tick % 1_000_000L == 0 ? at.format(HMS) : at.format(HMS_MS);
            sb.append("<text class=\"axis\" text-anchor=\"middle\" x=\"").append(num(x)).append("\" y=\"").append(H - BOTTOM + 14)
                    .append("\">").append(clock).append("</text>");
            String date = at.toLocalDate().toString();
            if (!date.equals(lastDate)) {
                sb.append("<text class=\"axis\" text-anchor=\"middle\" x=\"").append(num(x)).append("\" y=\"")
                        .append(H - BOTTOM + 27).append("\">").append(date).append("</text>");
                lastDate = date;
            }
        }
        sb.append("<text class=\"axis\" text-anchor=\"end\" x=\"").append(W - RIGHT).append("\" y=\"").append(H - 4)
                .append("\">UTC</text>");
        sb.append("<rect class=\"frame\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(W - LEFT - RIGHT).append("\" height=\"").append(H - TOP - BOTTOM).append("\"/>");
        // The line, broken where the data has a gap (a value missing, or a pause far longer than usual).
        long gap = gapAfter(times);
        boolean open = false;
        for (int i = 0; i < values.size(); i++) {
            if (open && (Double.isNaN(values.get(i)) || times.get(i) - times.get(i - 1) > gap)) {
                sb.append("\"/>");
                open = false;
            }
            if (Double.isNaN(values.get(i))) {
                continue;
            }
            if (!open) {
                sb.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.5\" points=\"");
                open = true;
            }
            sb.append(num(p.x(times.get(i)))).append(',').append(num(p.y(values.get(i)))).append(' ');
        }
        if (open) {
            sb.append("\"/>");
        }
        // Hover targets: at most HOVER_POINTS points of the line, each with its time and value.
        int every = Math.max(1, values.size() / HOVER_POINTS);
        sb.append("<g class=\"hover\" style=\"color:").append(color).append("\">");
        for (int i = 0; i < values.size(); i += every) {
            if (Double.isNaN(values.get(i))) {
                continue;
            }
            sb.append("<circle cx=\"").append(num(p.x(times.get(i)))).append("\" cy=\"").append(num(p.y(values.get(i))))
                    .append("\" r=\"4\"><title>").append(time(times.get(i))).append(" UTC: ").append(esc(series)).append(' ')
                    .append(String.format(Locale.ROOT, "%,." + Math.max(2, decimals) + "f", values.get(i))).append("</title></circle>");
        }
        sb.append("</g>");
        for (Marker m : markers) {
            double x = p.x(m.time());
            double y = p.y(m.price().doubleValue());
            sb.append("<path d=\"M").append(num(x)).append(',').append(num(y)).append(" l-5,").append(m.buy() ? "9" : "-9")
                    .append(" h10 z\" fill=\"").append(m.buy() ? "#1e8449" : "#c0392b").append("\"><title>")
                    .append(m.buy() ? "buy " : "sell ").append(plain(m.quantity())).append(" at ")
                    .append(plain(m.price())).append(", ").append(time(m.time())).append(" UTC</title></path>");
        }
        sb.append("</svg>\n");
    }

    private static final int LEFT = 84;
    private static final int RIGHT = 16;
    private static final int TOP = 10;
    private static final int BOTTOM = 42;
    private static final int HOVER_POINTS = 400;
    private static final java.time.format.DateTimeFormatter HM = java.time.format.DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final java.time.format.DateTimeFormatter HMS = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final java.time.format.DateTimeFormatter HMS_MS =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    /** Round time steps for the time axis, in microseconds. */
    private static final long[] TIME_STEPS = {1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000,
        1_000_000, 2_000_000, 5_000_000, 10_000_000, 15_000_000, 30_000_000, 60_000_000, 120_000_000, 300_000_000,
        600_000_000, 900_000_000, 1_800_000_000, 3_600_000_000L, 7_200_000_000L, 10_800_000_000L, 21_600_000_000L,
        43_200_000_000L, 86_400_000_000L, 172_800_000_000L, 604_800_000_000L, 2_592_000_000_000L};

    /** A fill on the price chart. */
    private record Marker(long time, BigDecimal price, boolean buy, BigDecimal quantity) {
    }

    /** Where the plot puts a time and a value. */
    private record Plot(long t0, long t1, double lo, double hi) {
        double x(long t) {
            return LEFT + (t - t0) / (double) (t1 - t0) * (W - LEFT - RIGHT);
        }

        double y(double v) {
            return TOP + (hi - v) / (hi - lo) * (H - TOP - BOTTOM);
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw * (1 - 1e-9)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** The first round time step at least {@code raw} microseconds. */
    static long timeStep(long raw) {
        for (long s : TIME_STEPS) {
            if (s >= raw) {
                return s;
            }
        }
        return TIME_STEPS[TIME_STEPS.length - 1];
    }

    /**
     * How long a pause between two points means that data is missing: ten times the usual (median)
     * spacing of the points, and never under a minute, so that a quiet market is not drawn as a gap.
     */
    static long gapAfter(List<Long> times) {
        if (times.size() < 3) {
            return Long.MAX_VALUE;
        }
        long[] d = new long[times.size() - 1];
        for (int i = 1; i < times.size(); i++) {
            d[i - 1] = times.get(i) - times.get(i - 1);
        }
        java.util.Arrays.sort(d);
        return Math.max(60_000_000L, d[d.length / 2] * 10);
    }

    private static String time(long micros) {
        return java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1_000,
                java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT));
    }

    /** A decimal as the report's tables print it. */
    private static String plain(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
