package dev.distlab.verify.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads wrk's text output (with or without {@code --latency}, and the bank scripts' STATUS line). */
public final class WrkParser {

    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m),");
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern P50 = Pattern.compile("^\\s+50%\\s+([\\d.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE);
    private static final Pattern P99 = Pattern.compile("^\\s+99%\\s+([\\d.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern STATUS_LINE = Pattern.compile("^STATUS (.*)$", Pattern.MULTILINE);
    private static final Pattern STATUS = Pattern.compile("(\\d{3})x(\\d+)");

    private WrkParser() {
    }

    /** Throws IllegalArgumentException, quoting wrk, when the output holds no result (wrk could not connect). */
    public static WrkResult parse(String output) {
        Matcher total = TOTAL.matcher(output);
        Matcher rate = RATE.matcher(output);
        if (!total.find() || !rate.find()) {
            throw new IllegalArgumentException("wrk gave no result: " + output.strip());
        }
        long socketErrors = 0;
        Matcher socket = SOCKET.matcher(output);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                socketErrors += Long.parseLong(socket.group(g));
            }
        }
        Matcher non2xx = NON_2XX.matcher(output);
        return new WrkResult(Long.parseLong(total.group(1)),
                millis(total.group(2), total.group(3)) / 1000, Double.parseDouble(rate.group(1)),
                quantile(P50, output), quantile(P99, output), non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
                socketErrors, statuses(output));
    }

    private static double quantile(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        return m.find() ? millis(m.group(1), m.group(2)) : Double.NaN;
    }

    private static Map<Integer, Long> statuses(String output) {
        Map<Integer, Long> counts = new TreeMap<>();
        Matcher line = STATUS_LINE.matcher(output);
        if (line.find()) {
            Matcher m = STATUS.matcher(line.group(1));
            while (m.find()) {
                counts.merge(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Long::sum);
            }
        }
        return counts;
    }

    static double millis(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "us" -> v / 1000;
            case "ms" -> v;
            case "s" -> v * 1000;
            case "m" -> v * 60_000;
            default -> throw new IllegalArgumentException("unknown time unit " + unit);
        };
    }
}
