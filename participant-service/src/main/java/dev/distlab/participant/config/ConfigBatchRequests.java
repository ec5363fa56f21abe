package dev.distlab.participant.config;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.distlab.common.problem.InvalidField;
import dev.distlab.common.problem.ProblemException;
import dev.distlab.common.problem.Problems;
import dev.distlab.participant.config.ConfigBatchJson.Item;
import dev.distlab.participant.config.ConfigParams.Precondition;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;

/**
 * A batch's input, checked whole before anything is written: an envelope that is not 1 to {@value #MAX_ITEMS}
 * items, or any item its single request would refuse with 400 (method, key, value, precondition), refuses the
 * whole request with one 400 problem naming every refused field ({@code items[3].key}), so that bad input changes
 * nothing. Then every key passes the {@link ReservedKeyGuard}, as a single write's does.
 */
@Component
class ConfigBatchRequests {

    /**
     * More per request saves little more of the per-request work, and holds the first items' answers back until
     * the last is committed; the same bound as a participant's batch of branch operations.
     */
    static final int MAX_ITEMS = 256;
    /** An If-Match modRevision, as in the single request's header: a whole number of at most 18 digits. */
    private static final long MAX_REVISION = 999_999_999_999_999_999L;

    private final ReservedKeyGuard reserved;

    ConfigBatchRequests(ReservedKeyGuard reserved) {
        this.reserved = reserved;
    }

    /** The writes of a valid batch, in item order; a 400 (or 403) problem for the whole request otherwise. */
    List<ConfigWrite> writes(ConfigBatchJson.Batch batch, HttpServletRequest request) {
        List<Item> items = batch.items();
        if (items == null || items.isEmpty() || items.size() > MAX_ITEMS) {
            throw ProblemException.invalid("items", "is required: 1 to " + MAX_ITEMS + " writes");
        }
        List<InvalidField> invalid = new ArrayList<>();
        List<ConfigWrite> writes = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            ConfigWrite write = write(items.get(i), "items[" + i + "]", invalid);
            if (write != null) {
                writes.add(write);
            }
        }
        if (!invalid.isEmpty()) {
            throw new ProblemException(Problems.invalid(invalid));
        }
        writes.forEach(write -> reserved.checkWrite(request, write.key()));
        return writes;
    }

    /** The item as a write, or null after adding what is wrong with it to {@code invalid}. */
    private static ConfigWrite write(Item item, String at, List<InvalidField> invalid) {
        if (item == null) {
            invalid.add(new InvalidField(at, "must be an object {\"method\",\"key\",\"value\",\"ifMatch\","
                    + "\"ifNoneMatch\"}"));
            return null;
        }
        int refused = invalid.size();
        boolean put = "PUT".equals(item.method());
        if (!put && !"DELETE".equals(item.method())) {
            invalid.add(new InvalidField(at + ".method", "is PUT or DELETE"));
        }
        String keyProblem = ConfigKeys.keyProblem(item.key());
        if (keyProblem != null) {
            invalid.add(new InvalidField(at + ".key", keyProblem + "; " + ConfigKeys.KEY_RULE));
        }
        String value = put ? value(item.value(), at, invalid) : null;
        if (!put && present(item.value())) {
            invalid.add(new InvalidField(at + ".value", "must be absent: a DELETE has no value"));
        }
        Precondition precondition = precondition(item, put, at, invalid);
        if (invalid.size() > refused) {
            return null;
        }
        return put ? ConfigWrite.put(item.key(), value, precondition) : ConfigWrite.delete(item.key(), precondition);
    }

    private static String value(JsonNode value, String at, List<InvalidField> invalid) {
        if (value == null || !value.isString()) {
            invalid.add(new InvalidField(at + ".value", "is required for a PUT and must be a JSON string"));
            return null;
        }
        String problem = ConfigParams.valueProblem(value.stringValue());
        if (problem != null) {
            invalid.add(new InvalidField(at + ".value", problem));
            return null;
        }
        return value.stringValue();
    }

    /** The single request's If-Match / If-None-Match rules, on the item's fields. */
    private static Precondition precondition(Item item, boolean put, String at, List<InvalidField> invalid) {
        boolean ifMatch = present(item.ifMatch());
        if (ifMatch && item.ifNoneMatch() != null) {
            invalid.add(new InvalidField(at, "use ifMatch or ifNoneMatch, not both"));
            return null;
        }
        if (item.ifNoneMatch() != null) {
            if (!put) {
                invalid.add(new InvalidField(at + ".ifNoneMatch", "is for a PUT only"));
            } else if (!item.ifNoneMatch().equals("*")) {
                invalid.add(new InvalidField(at + ".ifNoneMatch", "must be \"*\" (create only)"));
            }
            return Precondition.ABSENT;
        }
        if (ifMatch) {
            JsonNode revision = item.ifMatch();
            if (!revision.isIntegralNumber() || !revision.canConvertToLong() || revision.longValue() < 0
                    || revision.longValue() > MAX_REVISION) {
                invalid.add(new InvalidField(at + ".ifMatch", "must be a modRevision: a whole number from 0 to "
                        + MAX_REVISION));
                return null;
            }
            return new Precondition(revision.longValue(), false);
        }
        return Precondition.NONE;
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }
}
