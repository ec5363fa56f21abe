package dev.distlab.configclient;

import java.util.List;

/** The entries under a prefix, sorted by key, as of store revision {@code revision}. */
public record EntryList(long revision, List<Entry> entries) {

    public EntryList {
        entries = List.copyOf(entries);
    }
}
