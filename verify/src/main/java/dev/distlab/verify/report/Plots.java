package dev.distlab.verify.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.distlab.check.history.Op;
import dev.distlab.check.history.OpType;

/**
 * The report's charts as inline SVG (no scripts, no external resources): latency of every client op over time
 * with p50/p99 per second, throughput per second, fault windows shaded in both, and per-instance shares of the
 * lb workload's requests per phase.
 */
final class Plots {

    static final int WIDTH = 900;
    static final int HEIGHT = 240;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 16;
    private static final int BOTTOM = 36;
    private static final int MAX_POINTS = 20_000;
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f"};

    /** A completed client op: when it ended, how long it took, how it ended. */
    record Point(double seconds, double latencyMs, OpType type) {
    }

    private Plots() {
    }

    static List<Point> points(List<Op> ops) {
        Map<Integer, Op> open = new HashMap<>();
        List<Point> points = new ArrayList<>();
        for (Op op : ops) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                open.put(op.process(), op);
            } else {
                Op invoke = open.remove(op.process());
                if (invoke != null) {
                    points.add(new Point(op.time() / 1e9, (op.time() - invoke.time()) / 1e6, op.type()));
                }
            }
        }
        return points;
    }

    static String latency(List<Op> ops, List<FaultWindow> windows) {
        List<Point> points = points(ops);
        double maxX = maxSeconds(ops);
        double maxY = Math.max(1, points.stream().mapToDouble(Point::latencyMs).max().orElse(1));
        StringBuilder svg = open("Latency of each operation (ms) over time (s); lines: p50 and p99 per second");
        shade(svg, windows, maxX);
        axes(svg, maxX, maxY, "ms");
        int step = Math.max(1, points.size() / MAX_POINTS);
        for (int i = 0; i < points.size(); i += step) {
            Point p = points.get(i);
            String color = switch (p.type()) {
                case OK -> "#59a14f";
                case FAIL -> "#f28e2b";
                default -> "#e15759";
            };
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\" fill=\"%s\" "
                    + "fill-opacity=\"0.6\"/>", x(p.seconds(), maxX), y(p.latencyMs(), maxY), color));
        }
        Map<Integer, List<Double>> perSecond = new TreeMap<>();
        points.forEach(p -> perSecond.computeIfAbsent((int) p.seconds(), s -> new ArrayList<>()).add(p.latencyMs()));
        line(svg, perSecond, 0.5, maxX, maxY, "#1f3b63", "p50");
        line(svg, perSecond, 0.99, maxX, maxY, "#8b1e3f", "p99");
        legend(svg, List.of("ok", "fail", "info", "p50", "p99"),
                List.of("#59a14f", "#f28e2b", "#e15759", "#1f3b63", "#8b1e3f"));
        return svg.append("</svg>").toString();
    }

    static String throughput(List<Op> ops, List<FaultWindow> windows) {
        double maxX = maxSeconds(ops);
        Map<Integer, Integer> perSecond = new TreeMap<>();
        for (Point p : points(ops)) {
            if (p.type() == OpType.OK) {
                perSecond.merge((int) p.seconds(), 1, Integer::sum);
            }
        }
        double maxY = Math.max(1, perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(1));
        StringBuilder svg = open("Successful operations per second over time (s)");
        shade(svg, windows, maxX);
        axes(svg, maxX, maxY, "ops/s");
        double barWidth = Math.max(1, (WIDTH - LEFT - RIGHT) / Math.max(1, maxX) - 1);
        perSecond.forEach((second, count) -> svg.append(String.format(Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4e79a7\"><title>%d s: %d ok"
                        + "</title></rect>", x(second, maxX), y(count, maxY), barWidth, HEIGHT - BOTTOM - y(count, maxY),
                second, count)));
        return svg.append("</svg>").toString();
    }

    /** Bars of each instance's share of the lb workload's successful requests, one group per phase. */
    static String shares(List<Op> ops) {
        Map<String, Map<String, Integer>> byPhase = new TreeMap<>();
        TreeSet<String> instances = new TreeSet<>();
        for (Op op : ops) {
            if (!op.isNemesis() && op.type() == OpType.OK && op.f().equals("request") && op.node() != null
                    && op.value() instanceof Map<?, ?> value && value.get("phase") != null) {
                byPhase.computeIfAbsent(String.valueOf(value.get("phase")), p -> new TreeMap<>())
                        .merge(op.node(), 1, Integer::sum);
                instances.add(op.node());
            }
        }
        if (byPhase.isEmpty()) {
            return "";
        }
        List<String> ids = List.copyOf(instances);
        StringBuilder svg = open("Share of requests served by each instance, per balancing phase");
        double groupWidth = (WIDTH - LEFT - RIGHT) / (double) byPhase.size();
        double barWidth = Math.max(2, (groupWidth - 20) / ids.size());
        axes(svg, 0, 1, "share");
        int g = 0;
        for (Map.Entry<String, Map<String, Integer>> phase : byPhase.entrySet()) {
            int total = phase.getValue().values().stream().mapToInt(Integer::intValue).sum();
            double x0 = LEFT + g * groupWidth + 10;
            for (int i = 0; i < ids.size(); i++) {
                int count = phase.getValue().getOrDefault(ids.get(i), 0);
                double share = count / (double) total;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                        + "fill=\"%s\"><title>%s in %s: %d of %d (%.1f%%)</title></rect>", x0 + i * barWidth,
                        y(share, 1), barWidth - 1, HEIGHT - BOTTOM - y(share, 1), COLORS[i % COLORS.length],
                        Html.escape(ids.get(i)), Html.escape(phase.getKey()), count, total, share * 100));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>", x0,
                    HEIGHT - BOTTOM + 28, Html.escape(phase.getKey())));
            g++;
        }
        legend(svg, ids, ids.stream().map(id -> COLORS[ids.indexOf(id) % COLORS.length]).toList());
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String title) {
        return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\"><title>%s</title>", WIDTH, HEIGHT, WIDTH, HEIGHT,
                Html.escape(title)));
    }

    private static void shade(StringBuilder svg, List<FaultWindow> windows, double maxX) {
        for (FaultWindow w : windows) {
            double x1 = x(w.startNanos() / 1e9, maxX);
            double x2 = Math.max(x1 + 1, x(w.endNanos() / 1e9, maxX));
            svg.append(String.format(Locale.ROOT, "<rect class=\"fault-window\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
                    + "height=\"%d\" fill=\"#f6d55c\" fill-opacity=\"0.35\"><title>%s</title></rect>", x1, TOP,
                    x2 - x1, HEIGHT - TOP - BOTTOM, Html.escape(w.label())));
        }
    }

    private static void axes(StringBuilder svg, double maxX, double maxY, String unit) {
        int bottom = HEIGHT - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", LEFT, bottom, WIDTH - RIGHT,
                bottom, LEFT, TOP, LEFT, bottom));
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"11\">%s</text>"
                + "<text x=\"4\" y=\"%d\" font-size=\"11\">0</text>", TOP + 10, Html.escape(trim(maxY) + " " + unit),
                bottom));
        if (maxX > 0) {
            for (int i = 0; i <= 5; i++) {
                double seconds = maxX * i / 5;
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s s</text>",
                        x(seconds, maxX) - 8, bottom + 14, trim(seconds)));
            }
        }
    }

    private static void line(StringBuilder svg, Map<Integer, List<Double>> perSecond, double quantile, double maxX,
            double maxY, String color, String name) {
        StringBuilder points = new StringBuilder();
        perSecond.forEach((second, latencies) -> {
            List<Double> sorted = latencies.stream().sorted().toList();
            double value = sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(quantile * sorted.size())));
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(second + 0.5, maxX), y(value, maxY)));
        });
        svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
                + "points=\"%s\"><title>%s</title></polyline>", color, points.toString().trim(), name));
    }

    private static void legend(StringBuilder svg, List<String> names, List<String> colors) {
        for (int i = 0; i < names.size(); i++) {
            double x = WIDTH - RIGHT - 90.0 * (names.size() - i);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"2\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"11\" font-size=\"11\">%s</text>", x, colors.get(i), x + 14,
                    Html.escape(names.get(i))));
        }
    }

    private static double maxSeconds(List<Op> ops) {
        return ops.isEmpty() ? 1 : Math.max(1, ops.get(ops.size() - 1).time() / 1e9);
    }

    private static double x(double seconds, double maxX) {
        return LEFT + (WIDTH - LEFT - RIGHT) * Math.min(1, seconds / Math.max(1e-9, maxX));
    }

    private static double y(double value, double maxY) {
        return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * Math.min(1, value / maxY);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
