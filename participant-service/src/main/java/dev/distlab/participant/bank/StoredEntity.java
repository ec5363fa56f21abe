package dev.distlab.participant.bank;

import org.springframework.data.domain.Persistable;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;

/**
 * An entity with an assigned id that {@code save} inserts while it is new (never merging it over an existing
 * row, which would overwrite an account or a branch created concurrently) and updates once stored or loaded.
 */
@MappedSuperclass
abstract class StoredEntity implements Persistable<String> {

    @Transient
    private boolean fresh = true;

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
