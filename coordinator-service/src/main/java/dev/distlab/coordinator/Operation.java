package dev.distlab.coordinator;

/** One change of one account's balance, in minor units. */
public record Operation(String account, long delta) {
}
