package dev.distlab.verify.report;

import java.util.List;

import dev.distlab.check.Anomaly;
import dev.distlab.check.CheckResult;
import dev.distlab.check.history.Op;
import dev.distlab.verify.cluster.Http;

/**
 * index.html: the verdict first, then each checker with its anomalies and the operations involved, the plots,
 * and the seed with the command that repeats the run. One self-contained page: inline CSS and SVG, no script,
 * no external resource; every piece of text from the run is escaped.
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    public static String render(RunSummary run) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>distlab verify: ")
                .append(run.valid() ? "VALID" : "INVALID").append("</title><style>")
                .append("body{font-family:sans-serif;margin:24px;max-width:1000px;color:#222}")
                .append(".verdict{font-size:48px;font-weight:bold;padding:12px 20px;border-radius:6px;color:#fff}")
                .append(".valid{background:#2e7d32}.invalid{background:#c62828}")
                .append("table{border-collapse:collapse;margin:8px 0;font-size:13px}")
                .append("td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}")
                .append("code,pre{background:#f4f4f4;padding:2px 4px}pre{white-space:pre-wrap}")
                .append(".anomaly{border-left:4px solid #c62828;padding-left:10px;margin:12px 0}")
                .append("</style></head><body>\n");
        html.append("<div class=\"verdict ").append(run.valid() ? "valid\">VALID" : "invalid\">INVALID")
                .append("</div>\n");
        html.append("<h2>Run</h2><table>");
        row(html, "Seed", Long.toString(run.seed()));
        rowHtml(html, "Rerun with", "<code>" + Html.escape(run.command()) + "</code>");
        row(html, "Workloads", String.join(", ", run.workloads()));
        row(html, "Nemesis", run.nemesis());
        row(html, "Network faults", run.network());
        row(html, "Unsafe switches on", run.unsafe().isEmpty() ? "none" : String.join(", ", run.unsafe()));
        row(html, "Started", run.startedAt().toString());
        row(html, "Duration", run.durationMs() / 1000.0 + " s");
        row(html, "Operations", String.valueOf(ResultsJson.counts(run.ops())));
        html.append("</table>\n");

        html.append("<h2>Checkers</h2>\n");
        for (String workload : run.workloads()) {
            CheckResult result = run.checkers().get(workload);
            if (result == null) {
                continue;
            }
            html.append("<h3>").append(Html.escape(workload)).append(": ")
                    .append(result.valid() ? "valid" : "INVALID (" + result.anomalies().size() + " anomalies)")
                    .append("</h3>\n");
            for (Anomaly anomaly : result.anomalies()) {
                anomaly(html, anomaly);
            }
            if (!result.stats().isEmpty()) {
                html.append(statsTable(result.stats())).append('\n');
            }
        }

        List<FaultWindow> windows = FaultWindow.of(run.ops());
        html.append("<h2>Latency</h2>\n").append(Plots.latency(run.ops(), windows)).append('\n');
        html.append("<h2>Throughput</h2>\n").append(Plots.throughput(run.ops(), windows)).append('\n');
        String shares = Plots.shares(run.ops());
        if (!shares.isEmpty()) {
            html.append("<h2>Balancing: share per instance</h2>\n").append(shares).append('\n');
        }
        html.append("<p>Shaded: fault windows (hover for what and where).</p>\n");
        html.append("<h2>Fault windows</h2><table><tr><th>from (s)</th><th>to (s)</th><th>fault</th></tr>");
        for (FaultWindow w : windows) {
            html.append("<tr><td>").append(seconds(w.startNanos())).append("</td><td>").append(seconds(w.endNanos()))
                    .append("</td><td>").append(Html.escape(w.label())).append("</td></tr>");
        }
        html.append("</table>\n<p>The full history is in <code>history.jsonl</code> (Jepsen's shape), the verdict in "
                + "<code>results.json</code>.</p>\n</body></html>\n");
        return html.toString();
    }

    private static void anomaly(StringBuilder html, Anomaly anomaly) {
        html.append("<div class=\"anomaly\"><p><b>").append(Html.escape(anomaly.type())).append("</b>: ")
                .append(Html.escape(anomaly.description())).append("</p>");
        if (!anomaly.ops().isEmpty()) {
            html.append("<table><tr><th>index</th><th>time (s)</th><th>process</th><th>type</th><th>f</th>"
                    + "<th>value</th><th>node</th><th>error</th></tr>");
            for (Op op : anomaly.ops()) {
                html.append("<tr><td>").append(op.index()).append("</td><td>").append(seconds(op.time()))
                        .append("</td><td>").append(op.isNemesis() ? "nemesis" : Integer.toString(op.process()))
                        .append("</td><td>").append(op.type().json()).append("</td><td>").append(Html.escape(op.f()))
                        .append("</td><td><code>").append(Html.escape(Http.json(op.value()))).append("</code></td><td>")
                        .append(Html.escape(op.node() == null ? "" : op.node())).append("</td><td>")
                        .append(Html.escape(op.error() == null ? "" : op.error())).append("</td></tr>");
            }
            html.append("</table>");
        }
        html.append("</div>\n");
    }

    /** A checker's figures: nested maps (per phase, per watcher) become nested tables, not raw JSON. */
    private static String statsTable(java.util.Map<?, ?> stats) {
        StringBuilder table = new StringBuilder("<table>");
        stats.forEach((name, value) -> rowHtml(table, String.valueOf(name), statsValue(value)));
        return table.append("</table>").toString();
    }

    private static String statsValue(Object value) {
        if (value instanceof java.util.Map<?, ?> map && !map.isEmpty()) {
            return statsTable(map);
        }
        if (value instanceof Double d) {
            return Html.escape(String.format(java.util.Locale.ROOT, "%.4g", d));
        }
        return Html.escape(value instanceof String text ? text : Http.json(value));
    }

    private static void row(StringBuilder html, String name, String value) {
        rowHtml(html, name, Html.escape(value));
    }

    private static void rowHtml(StringBuilder html, String name, String escapedValue) {
        html.append("<tr><th>").append(Html.escape(name)).append("</th><td>").append(escapedValue)
                .append("</td></tr>");
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e9);
    }
}
