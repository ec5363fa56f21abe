package dev.distlab.coordinator.participant;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The participants this coordinator knows ({@code platform.bank.participants}, each {@code id=baseUrl}), in the
 * configured order, and where a new account goes: a stable hash of its id over that list.
 */
public final class Participants {

    /** One participant: its instance id and base URL. */
    public record Participant(String id, URI url) {
    }

    private final List<Participant> all;
    private final Map<String, Participant> byId = new LinkedHashMap<>();

    private Participants(List<Participant> all) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("platform.bank.participants names no participant");
        }
        this.all = List.copyOf(all);
        for (Participant p : all) {
            if (byId.put(p.id(), p) != null) {
                throw new IllegalArgumentException("platform.bank.participants names " + p.id() + " twice");
            }
        }
    }

    /** Parses {@code id=baseUrl} entries, e.g. {@code participant-1=http://127.0.0.1:8081}. */
    public static Participants parse(List<String> specs) {
        List<Participant> list = new ArrayList<>();
        for (String spec : specs) {
            String s = spec.trim();
            if (s.isEmpty()) {
                continue;
            }
            int eq = s.indexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw new IllegalArgumentException("A participant is id=baseUrl, not '" + s + "'");
            }
            String url = s.substring(eq + 1).trim();
            URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("A participant's base URL is an absolute http(s) URL, not '"
                        + url + "'");
            }
            list.add(new Participant(s.substring(0, eq).trim(), uri));
        }
        return new Participants(list);
    }

    public List<Participant> all() {
        return all;
    }

    public List<URI> urls() {
        return all.stream().map(Participant::url).toList();
    }

    public Optional<Participant> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The participant a new account with this id is placed on: CRC-32 of its UTF-8 bytes, modulo the count. */
    public Participant place(String accountId) {
        CRC32 crc = new CRC32();
        crc.update(accountId.getBytes(StandardCharsets.UTF_8));
        return all.get((int) (crc.getValue() % all.size()));
    }
}
