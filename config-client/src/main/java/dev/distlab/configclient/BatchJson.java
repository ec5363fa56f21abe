package dev.distlab.configclient;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of the store's batch endpoint: {@code {"items": [{"method", "key", "value", "ifMatch", "ifNoneMatch"}]}}
 * out, {@code {"results": [{"key", "status", "revision", "body"}]}} back.
 */
final class BatchJson {

    /** One item's answer: its status and body (an entry or a problem, as JSON text; empty for none). */
    record Item(int status, String body) {
    }

    private static final JsonMapper JSON = JsonMapper.shared();

    private BatchJson() {
    }

    static String request(List<Write> writes) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode items = root.putArray("items");
        for (Write write : writes) {
            ObjectNode item = items.addObject();
            item.put("method", write.method().name());
            item.put("key", write.key());
            if (write.value() != null) {
                item.put("value", write.value());
            }
            if (write.ifAbsent()) {
                item.put("ifNoneMatch", "*");
            } else if (write.ifMatch() != Write.ANY_REVISION) {
                item.put("ifMatch", write.ifMatch());
            }
        }
        return JSON.writeValueAsString(root);
    }

    /**
     * The answers of {@code writes} in their order, or null unless the answer holds exactly one result per write,
     * each naming its write's key and a status.
     */
    static List<Item> items(JsonNode root, List<Write> writes) {
        JsonNode results = root == null ? null : root.get("results");
        if (results == null || !results.isArray() || results.size() != writes.size()) {
            return null;
        }
        List<Item> items = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            JsonNode result = results.get(i);
            JsonNode status = result.get("status");
            if (!result.path("key").asString("").equals(writes.get(i).key()) || status == null
                    || !status.isIntegralNumber()) {
                return null;
            }
            JsonNode body = result.get("body");
            items.add(new Item(status.asInt(), body == null || body.isNull() ? "" : JSON.writeValueAsString(body)));
        }
        return items;
    }
}
