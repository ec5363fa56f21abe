package dev.distlab.participant.bank;

import java.time.Instant;

import org.springframework.data.domain.Persistable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

/** One account of this shard with its committed balance. */
@Entity
@Table(name = "bank_account")
class Account implements Persistable<String> {

    @Id
    @Column(length = 64)
    private String id;

    @Column(nullable = false)
    private long balance;

    @Column(nullable = false)
    private Instant createdAt;

    /** A new account is inserted (never merged over an existing one). */
    @Transient
    private boolean fresh;

    protected Account() {
    }

    Account(String id, long balance, Instant createdAt) {
        this.id = id;
        this.balance = balance;
        this.createdAt = createdAt;
        this.fresh = true;
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

    @Override
    public boolean isNew() {
        return fresh;
    }

    @PostLoad
    @PostPersist
    void stored() {
        fresh = false;
    }
}
