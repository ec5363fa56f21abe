package dev.distlab.participant.config;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.distlab.paxos.kv.KvEntry;
import dev.distlab.paxos.kv.KvEvent;

/** The JSON shapes of the config API. */
final class ConfigJson {

    private ConfigJson() {
    }

    /** {@code PUT} body: {@code {"value": "..."}}; taken as a node so that only a JSON string is accepted. */
    record PutBody(tools.jackson.databind.JsonNode value) {
    }

    record Entry(String key, String value, long version, long createRevision, long modRevision) {
        static Entry of(KvEntry e) {
            return new Entry(e.key(), e.value(), e.version(), e.createRevision(), e.modRevision());
        }
    }

    record EntryList(long revision, List<Entry> entries) {
    }

    /** One change; {@code value} is null (and present) for a DELETE. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Event(String type, String key, String value, long modRevision) {
        static Event of(KvEvent e) {
            return new Event(e.type().name(), e.key(), e.value(), e.modRevision());
        }
    }

    record Events(long revision, List<Event> events) {
    }
}
