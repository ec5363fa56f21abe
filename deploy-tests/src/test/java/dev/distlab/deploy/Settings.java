package dev.distlab.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads the settings the services take: {@code --name=value} arguments, URL lists and instance lists. */
final class Settings {

    private Settings() {
    }

    /**
     * The {@code --name=value} arguments by name. Spring joins a repeated argument's values with commas,
     * which would silently merge two lists, so a repeated name is reported in {@code problems}.
     */
    static Map<String, String> arguments(List<String> args, String where, List<String> problems) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                problems.add(where + ": argument '" + arg + "' is not of the form --name=value");
                continue;
            }
            String name = arg.substring(2, arg.indexOf('='));
            if (byName.put(name, arg.substring(arg.indexOf('=') + 1)) != null) {
                problems.add(where + ": --" + name + " is given twice");
            }
        }
        return byName;
    }

    /** A comma-separated list, each item trimmed and without a trailing slash; empty for null or blank. */
    static List<String> list(String commaSeparated) {
        List<String> items = new ArrayList<>();
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return items;
        }
        for (String item : commaSeparated.split(",")) {
            items.add(withoutTrailingSlash(item.trim()));
        }
        return items;
    }

    /** An instance list {@code id=url,id=url} in its order; an item without '=' maps to null. */
    static Map<String, String> instances(String spec) {
        Map<String, String> instances = new LinkedHashMap<>();
        for (String item : list(spec)) {
            int eq = item.indexOf('=');
            instances.put(eq < 0 ? item : item.substring(0, eq), eq < 0 ? null : item.substring(eq + 1));
        }
        return instances;
    }

    /** The list {@code name-1=url1,name-2=url2,...} for the given base URLs. */
    static Map<String, String> numbered(String prefix, List<String> urls) {
        Map<String, String> instances = new LinkedHashMap<>();
        for (int i = 0; i < urls.size(); i++) {
            instances.put(prefix + "-" + (i + 1), urls.get(i));
        }
        return instances;
    }

    /**
     * The participants' peer URLs in the container deployments: each member's URL on the service's port + 100 (as
     * under ./cluster), where the replicas take each other's protocol messages.
     */
    static List<String> onPeerPort(List<String> members, String servicePort) {
        int peerPort = Integer.parseInt(servicePort) + 100;
        return members.stream().map(url -> url.substring(0, url.lastIndexOf(':') + 1) + peerPort).toList();
    }

    /** Adds a problem unless the argument {@code --name}, read by {@code read}, equals {@code expected}. */
    static <T> void expect(Map<String, String> args, String name, Function<String, T> read, T expected,
            String where, List<String> problems) {
        T given = read.apply(args.get(name));
        if (!given.equals(expected)) {
            problems.add(where + ": --" + name + " is " + given + ", expected " + expected);
        }
    }

    static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A map from the YAML tree, or an empty one for anything else. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
    }

    /** A list from the YAML tree, or an empty one for anything else. */
    @SuppressWarnings("unchecked")
    static List<Object> seq(Object node) {
        return node instanceof List<?> list ? (List<Object>) list : new ArrayList<>();
    }

    /** Follows a path of map keys; null where it ends. */
    static Object at(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    static String text(Object node) {
        return node == null ? null : String.valueOf(node);
    }
}
