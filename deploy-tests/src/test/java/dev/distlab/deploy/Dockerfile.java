package dev.distlab.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the deployment files rely on in the root Dockerfile: its build argument, defaults and entry point; and
 * the last stage's instructions in order (the runtime image's own).
 */
record Dockerfile(String serviceArgDefault, Set<String> serviceChoices, Map<String, String> env, String user,
        List<String> volumes, String healthcheck, List<String> entrypoint, List<String> baseImages,
        List<String> runInstructions, List<String> lastStage) {

    private static final Pattern CASE = Pattern.compile("case\\s+\"?\\$\\{?SERVICE}?\"?\\s+in\\s+([A-Za-z0-9_|-]+)\\)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");

    static Dockerfile parse(String text) {
        String serviceArg = null;
        Set<String> choices = new LinkedHashSet<>();
        Map<String, String> env = new LinkedHashMap<>();
        String user = null;
        List<String> volumes = new ArrayList<>();
        String healthcheck = null;
        List<String> entrypoint = new ArrayList<>();
        List<String> from = new ArrayList<>();
        List<String> runs = new ArrayList<>();
        List<String> lastStage = new ArrayList<>();
        for (String instruction : instructions(text)) {
            String keyword = instruction.split("\\s+", 2)[0].toUpperCase();
            String rest = instruction.substring(keyword.length()).trim();
            if (keyword.equals("FROM")) {
                lastStage.clear();
            }
            lastStage.add(instruction);
            switch (keyword) {
                case "ARG" -> {
                    if (serviceArg == null && rest.startsWith("SERVICE=")) {
                        serviceArg = rest.substring("SERVICE=".length()).trim();
                    }
                }
                case "ENV" -> {
                    Matcher pair = ENV_PAIR.matcher(rest);
                    while (pair.find()) {
                        String value = pair.group(2);
                        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                            value = value.substring(1, value.length() - 1);
                        }
                        env.put(pair.group(1), value);
                    }
                }
                case "USER" -> user = rest;
                case "VOLUME" -> volumes.addAll(rest.startsWith("[") ? quoted(rest) : List.of(rest.split("\\s+")));
                case "HEALTHCHECK" -> healthcheck = rest;
                case "ENTRYPOINT" -> {
                    entrypoint.clear();
                    entrypoint.addAll(quoted(rest));
                }
                case "FROM" -> from.add(rest.split("\\s+")[0]);
                case "RUN" -> {
                    runs.add(rest);
                    Matcher cases = CASE.matcher(rest);
                    if (cases.find()) {
                        choices.addAll(List.of(cases.group(1).split("\\|")));
                    }
                }
                default -> {
                }
            }
        }
        return new Dockerfile(serviceArg, choices, env, user, volumes, healthcheck, entrypoint, from, runs,
                lastStage);
    }

    /** Instructions with their continuation lines joined; comments and blank lines dropped. */
    private static List<String> instructions(String text) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                current.append(trimmed);
                instructions.add(current.toString().trim());
                current.setLength(0);
            }
        }
        return instructions;
    }

    private static List<String> quoted(String jsonArray) {
        List<String> items = new ArrayList<>();
        Matcher item = QUOTED.matcher(jsonArray);
        while (item.find()) {
            items.add(item.group(1));
        }
        return items;
    }

    /** Where the last stage's first instruction starting with PREFIX is, or -1 where there is none. */
    int lastStageIndexOf(String prefix) {
        for (int i = 0; i < lastStage.size(); i++) {
            if (lastStage.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    /** The port every service listens on inside its container (SERVER_PORT). */
    String port() {
        return env.getOrDefault("SERVER_PORT", "8080");
    }

    /** The data directory of every service unless its arguments say otherwise (PLATFORM_DATA_DIR). */
    String dataDir() {
        return env.get("PLATFORM_DATA_DIR");
    }
}
