package dev.distlab.participant.bank;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One account of this shard with its committed balance. */
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

    void setBalance(long balance) {
        this.balance = balance;
    }
}
