package dev.distlab.coordinator;

import java.util.regex.Pattern;

/** The checks of the bank API's input; each refusal is a 400 problem, thrown before anything is changed or sent. */
public final class Requests {

    public static final long MAX_BALANCE = 1_000_000_000_000_000L;
    public static final long MAX_AMOUNT = 1_000_000_000_000L;
    public static final int MAX_OPERATIONS = 1_000;
    public static final int MAX_KEY_LENGTH = 128;

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern TX_ID = Pattern
            .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Requests() {
    }

    public static String accountId(String id, String field) {
        if (id == null || !ACCOUNT_ID.matcher(id).matches()) {
            throw BankProblems.bad("'" + field + "' must be an account id: 1-64 characters of [A-Za-z0-9_-]");
        }
        return id;
    }

    public static long balance(Long balance) {
        return within(balance, "balance", 0, MAX_BALANCE, "0 and 10^15");
    }

    public static long amount(Long amount) {
        return within(amount, "amount", 1, MAX_AMOUNT, "1 and 10^12");
    }

    /** A required integer field between {@code min} and {@code max}. */
    private static long within(Long value, String field, long min, long max, String range) {
        if (value == null) {
            throw BankProblems.bad("Field '" + field + "' is required: an integer number of minor units");
        }
        if (value < min || value > max) {
            throw BankProblems.bad("Field '" + field + "' must be between " + range);
        }
        return value;
    }

    public static long delta(Long delta, int index) {
        if (delta == null) {
            throw BankProblems.bad("operations[" + index + "].delta is required: a non-zero integer");
        }
        if (delta == 0 || delta < -MAX_AMOUNT || delta > MAX_AMOUNT) {
            throw BankProblems.bad("operations[" + index + "].delta must be non-zero and between -10^12 and 10^12");
        }
        return delta;
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
