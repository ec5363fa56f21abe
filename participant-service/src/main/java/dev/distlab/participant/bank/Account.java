package dev.distlab.participant.bank;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One account of this shard with its committed balance. A commit changes the balance in plain JDBC
 * ({@link BankRows}, as {@link BankImage.AccountRow#withBalance}); this entity maps the row for the rest: creation,
 * the API's reads, snapshots, the log's replay.
 */
@Entity
@Table(name = "bank_account")
class Account extends StoredEntity {

    @Id
    @Column(length = 64)
    private String id;

    @Column(nullable = false)
    private long balance;

    @Column(nullable = false)
    private Instant createdAt;

    /** Counts the changes of the balance; the write-ahead log's replay keeps the newest (see {@link BankImage}). */
    @Column(nullable = false)
    private long version;

    protected Account() {
    }

    Account(String id, long balance, Instant createdAt) {
        this.id = id;
        this.balance = balance;
        this.createdAt = createdAt;
    }

    @Override
    public String getId() {
        return id;
    }

    long getBalance() {
        return balance;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    long getVersion() {
        return version;
    }

    /** An account as the write-ahead log remembers it, for a database that lost it in a crash. */
    static Account restored(BankImage.AccountRow row) {
        Account a = new Account(row.id(), row.balance(), row.createdAt());
        a.version = row.version();
        return a;
    }

    /** Takes the logged row if it is newer than this one; true if it was. */
    boolean catchUp(BankImage.AccountRow row) {
        if (row.version() <= version) {
            return false;
        }
        balance = row.balance();
        version = row.version();
        return true;
    }
}
