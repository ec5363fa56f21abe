package dev.distlab.participant.config;

/**
 * A write would take the config store past its space quota: it is refused and changes nothing (507). Reads
 * and deletes go on, so an operator can make room (etcd's "database space exceeded").
 */
public class StoreQuotaExceededException extends RuntimeException {

    public StoreQuotaExceededException(String message) {
        super(message);
    }
}
