package dev.distlab.verify.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.distlab.verify.report.Html;

/**
 * One comparison's scale curves as a plain inline SVG (no scripts, no external resources, as the verifier's
 * report draws them): requests/s on the left and p99 on the right, both against concurrency on a log scale.
 */
final class ScalePlot {

    /** One measured point of a series. */
    record Point(int connections, double requestsPerSec, double p99Ms) {
    }

    static final int PANEL_WIDTH = 440;
    static final int HEIGHT = 260;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 34;
    private static final int BOTTOM = 40;
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759"};

    private ScalePlot() {
    }

    static String svg(String title, Map<String, List<Point>> series) {
        int width = 2 * PANEL_WIDTH;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "role=\"img\"><title>%s</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>",
                width, HEIGHT, width, HEIGHT, escape(title), width, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"14\" font-size=\"13\" font-family=\"sans-serif\">"
                + "%s</text>", escape(title)));
        int minC = series.values().stream().flatMap(List::stream).mapToInt(Point::connections).min().orElse(1);
        int maxC = series.values().stream().flatMap(List::stream).mapToInt(Point::connections).max().orElse(2);
        panel(svg, 0, "requests/s", series, minC, Math.max(maxC, minC + 1), true);
        panel(svg, PANEL_WIDTH, "p99 ms", series, minC, Math.max(maxC, minC + 1), false);
        int i = 0;
        double x = PANEL_WIDTH + 60; // the legend on the title's line, clear of the axes' labels
        for (String name : series.keySet()) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" font-family=\"sans-serif\">%s</text>", x,
                    4, COLORS[i % COLORS.length], x + 14, 13, escape(name)));
            x += 14 + 5.5 * name.length() + 10; // about 5.5 px per character at 11 px
            i++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder svg, int x0, String unit, Map<String, List<Point>> series, int minC,
            int maxC, boolean throughput) {
        double maxY = series.values().stream().flatMap(List::stream)
                .mapToDouble(p -> throughput ? p.requestsPerSec() : p.p99Ms()).filter(v -> !Double.isNaN(v)).max()
                .orElse(1);
        maxY = Math.max(maxY, 1e-9) * 1.1;
        int bottom = HEIGHT - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", x0 + LEFT, bottom,
                x0 + PANEL_WIDTH - RIGHT, bottom, x0 + LEFT, TOP, x0 + LEFT, bottom));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" font-family=\"sans-serif\">"
                + "%s %s</text><text x=\"%d\" y=\"%d\" font-size=\"11\" font-family=\"sans-serif\">0</text>", x0 + 4,
                TOP - 4, escape(throughput ? Fmt.rate(maxY) : String.format(Locale.ROOT, "%.0f", maxY)),
                escape(unit), x0 + LEFT - 12, bottom));
        for (int c = 1; c <= maxC; c *= 2) {
            if (c >= minC) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" "
                        + "font-family=\"sans-serif\" text-anchor=\"middle\">%d</text>", x(x0, c, minC, maxC),
                        bottom + 14, c));
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" font-family=\"sans-serif\">"
                + "connections (log scale)</text>", x0 + LEFT + 100, bottom + 27));
        int i = 0;
        for (Map.Entry<String, List<Point>> s : series.entrySet()) {
            String color = COLORS[i++ % COLORS.length];
            StringBuilder points = new StringBuilder();
            for (Point p : s.getValue()) {
                double value = throughput ? p.requestsPerSec() : p.p99Ms();
                if (Double.isNaN(value)) {
                    continue;
                }
                double px = x(x0, p.connections(), minC, maxC);
                double py = bottom - (bottom - TOP) * value / maxY;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\">"
                        + "<title>%s, %d connections: %s</title></circle>", px, py, color, escape(s.getKey()),
                        p.connections(), escape(throughput ? Fmt.rate(value) + " req/s" : Fmt.ms(value))));
            }
            svg.append(String.format(Locale.ROOT, "<polyline class=\"series\" fill=\"none\" stroke=\"%s\" "
                    + "stroke-width=\"1.5\" points=\"%s\"><title>%s</title></polyline>", color,
                    points.toString().trim(), escape(s.getKey())));
        }
    }

    private static double x(int x0, int connections, int minC, int maxC) {
        double span = Math.log(maxC) - Math.log(minC);
        double share = span > 0 ? (Math.log(connections) - Math.log(minC)) / span : 0;
        return x0 + LEFT + 12 + (PANEL_WIDTH - LEFT - RIGHT - 24) * share;
    }

    private static String escape(String text) {
        return Html.escape(text);
    }
}
