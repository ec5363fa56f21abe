package dev.distlab.gateway.discovery;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses an instance list as an operator writes it on one line:
 * {@code participant-1=http://127.0.0.1:8081,participant-2=http://127.0.0.1:8082}. An entry without
 * {@code id=} takes the service name and its position as id ({@code participant-service-1}).
 */
public final class ServiceList {

    public record Entry(String id, URI uri) {
    }

    private ServiceList() {
    }

    public static List<Entry> parse(String service, String spec) {
        List<Entry> entries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String part : spec.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int equals = item.indexOf('=');
            String id = equals > 0 ? item.substring(0, equals).trim() : service + "-" + (entries.size() + 1);
            String url = equals > 0 ? item.substring(equals + 1).trim() : item;
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw invalid(service, spec, "'" + url + "' is not a URL");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw invalid(service, spec, "'" + url + "' is not an http(s) URL with a host");
            }
            if (!ids.add(id)) {
                throw invalid(service, spec, "instance id '" + id + "' appears twice");
            }
            entries.add(new Entry(id, uri));
        }
        return entries;
    }

    private static IllegalArgumentException invalid(String service, String spec, String why) {
        return new IllegalArgumentException("Invalid instance list for " + service + " ('" + spec + "'): " + why
                + ". Expected id=url pairs separated by commas, e.g. participant-1=http://127.0.0.1:8081");
    }
}
