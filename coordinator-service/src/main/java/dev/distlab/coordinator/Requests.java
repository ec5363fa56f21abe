package dev.distlab.coordinator;

import java.util.regex.Pattern;

/**
 * The bank API's input limits, the messages of the Bean Validation rules on its bodies, and the checks that
 * do not fit an annotation; each refusal is a 400 problem, thrown before anything is changed or sent.
 */
public final class Requests {

    public static final long MAX_BALANCE = 1_000_000_000_000_000L;
    public static final long MAX_AMOUNT = 1_000_000_000_000L;
    public static final int MAX_OPERATIONS = 1_000;
    public static final int MAX_KEY_LENGTH = 128;

    public static final String MINOR_UNITS = "is required: an integer number of minor units";
    public static final String BALANCE_RANGE = "must be between 0 and 10^15";
    public static final String AMOUNT_RANGE = "must be between 1 and 10^12";
    public static final String DELTA_REQUIRED = "is required: a non-zero integer";
    public static final String DELTA_RANGE = "must be non-zero and between -10^12 and 10^12";
    public static final String OPERATIONS_REQUIRED = "is required: at least one {\"account\",\"delta\"}";
    public static final String OPERATIONS_TOO_MANY = "has more than " + MAX_OPERATIONS + " entries";
    public static final String OPERATION_OBJECT = "must be an object {\"account\",\"delta\"}";

    private static final Pattern TX_ID = Pattern
            .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Requests() {
    }

    /** The Idempotency-Key header: absent (null), or 1-128 characters. */
    public static String idempotencyKey(String key) {
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw BankProblems.bad("The Idempotency-Key header must be 1-128 characters");
        }
        return key;
    }

    public static String txId(String id) {
        if (id == null || !TX_ID.matcher(id).matches()) {
            throw BankProblems.bad("A transaction id is a UUID in lowercase hex (8-4-4-4-12)");
        }
        return id;
    }
}
