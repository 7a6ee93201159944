package io.dpp.trader.backtest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one self-contained HTML page (no script, no external resource): the run and its
 * metrics, the equity curve, the drawdown, the price of the first traded instrument with every
 * fill marked (buys up, sells down), positions and the fills. Inline SVG, so it opens anywhere
 * offline; the same report gives the same bytes.
 */
public final class HtmlReport {

    private static final int W = 960;
    private static final int H = 220;
    private static final int PAD = 48;

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
                .append(".axis{font-size:11px;fill:#666}</style></head><body>\n");
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
        chart(sb, times, equity, "#1f5fbf", List.of());
        List<Double> drawdown = new ArrayList<>();
        double peak = Double.NEGATIVE_INFINITY;
        for (double e : equity) {
            peak = Math.max(peak, e);
            drawdown.add(peak > 0 ? -(peak - e) / peak * 100 : 0);
        }
        sb.append("<h2>Drawdown (%)</h2>\n");
        chart(sb, times, drawdown, "#c0392b", List.of());
        if (r.primary() != null) {
            List<Double> prices = new ArrayList<>();
            List<Long> priceTimes = new ArrayList<>();
            for (int i = 0; i < r.marks().size(); i++) {
                if (r.marks().get(i) != null) {
                    prices.add(r.marks().get(i).doubleValue());
                    priceTimes.add(times.get(i));
                }
            }
            List<double[]> marks = new ArrayList<>();
            for (var f : r.fills()) {
                if (f.instrument().equals(r.primary())) {
                    marks.add(new double[] {f.time(), f.price().doubleValue(), f.side() == io.dpp.core.model.Side.BUY ? 1 : -1});
                }
            }
            sb.append("<h2>Price of ").append(esc(r.primary().nativeSymbol())).append(" and fills</h2>\n");
            chart(sb, priceTimes, prices, "#555", marks);
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

    /** A line chart of values over times, with optional markers {time, value, +1 buy / -1 sell}. */
    private static void chart(StringBuilder sb, List<Long> times, List<Double> values, String color, List<double[]> markers) {
        if (values.isEmpty()) {
            sb.append("<p>No data.</p>\n");
            return;
        }
        long t0 = times.get(0);
        long t1 = Math.max(times.get(times.size() - 1), t0 + 1);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        for (double[] m : markers) {
            lo = Math.min(lo, m[1]);
            hi = Math.max(hi, m[1]);
            t1 = Math.max(t1, (long) m[0]);
        }
        if (hi - lo < 1e-12) {
            hi = lo + 1;
        }
        double plotW = W - 2 * PAD;
        double plotH = H - 2 * 20;
        sb.append("<svg width=\"").append(W).append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W).append(' ')
                .append(H).append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.append("<text class=\"axis\" x=\"4\" y=\"24\">").append(num(hi)).append("</text>");
        sb.append("<text class=\"axis\" x=\"4\" y=\"").append(H - 16).append("\">").append(num(lo)).append("</text>");
        sb.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.5\" points=\"");
        for (int i = 0; i < values.size(); i++) {
            double x = PAD + (times.get(i) - t0) / (double) (t1 - t0) * plotW;
            double y = 20 + (hi - values.get(i)) / (hi - lo) * plotH;
            sb.append(num(x)).append(',').append(num(y)).append(' ');
        }
        sb.append("\"/>");
        for (double[] m : markers) {
            double x = PAD + (m[0] - t0) / (t1 - t0) * plotW;
            double y = 20 + (hi - m[1]) / (hi - lo) * plotH;
            boolean buy = m[2] > 0;
            sb.append("<path d=\"M").append(num(x)).append(',').append(num(buy ? y - 7 : y + 7)).append(" l-5,")
                    .append(buy ? "8" : "-8").append(" h10 z\" fill=\"").append(buy ? "#1e8449" : "#c0392b").append("\"/>");
        }
        sb.append("</svg>\n");
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
