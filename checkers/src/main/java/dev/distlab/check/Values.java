package dev.distlab.check;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the JSON-shaped values of operations (see {@link dev.distlab.check.history.Op}) with the checks a
 * checker needs: a value of the wrong shape is a {@link MalformedValueException}, which the checkers turn
 * into a {@code malformed-op} anomaly instead of crashing on a broken history.
 */
public final class Values {

    private Values() {
    }

    /** A value that does not have the shape its workload's contract gives it. */
    public static final class MalformedValueException extends IllegalArgumentException {
        public MalformedValueException(String message) {
            super(message);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new MalformedValueException(what + " should be an object, was " + value);
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value, String what) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new MalformedValueException(what + " should be a list, was " + value);
    }

    /** An integral number as a long; JSON reads give Long, hand-built histories may hold Integer. */
    public static long number(Object value, String what) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return d.longValue();
        }
        throw new MalformedValueException(what + " should be an integer, was " + value);
    }

    /** The member {@code name} of an object value as an integer. */
    public static long number(Map<String, Object> object, String name) {
        return number(object.get(name), name);
    }

    public static String string(Object value, String what) {
        if (value instanceof String s) {
            return s;
        }
        throw new MalformedValueException(what + " should be a string, was " + value);
    }

    /**
     * A value in the form checkers compare: integral numbers become Long, so that {@code 3} written by hand
     * and {@code 3L} read from JSON are the same value. Other values are returned as they are.
     */
    public static Object canonical(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        return value;
    }

    /** Equality of two register values after {@link #canonical}. */
    public static boolean same(Object a, Object b) {
        return Objects.equals(canonical(a), canonical(b));
    }
}
