package dev.distlab.participant.bank;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface BranchRepository extends JpaRepository<Branch, String> {

    List<Branch> findByStateOrderByPreparedAtAsc(BranchState state);

    /** Ids of branches in one of {@code states} decided before {@code cutoff}, at most a page of them. */
    @Query("select b.txId from Branch b where b.state in :states and b.decidedAt < :cutoff")
    List<String> findIdsDecidedBefore(@Param("states") Collection<BranchState> states,
            @Param("cutoff") Instant cutoff, Pageable page);

    /** Deletes those of {@code ids} still in one of {@code states} and decided before {@code cutoff}. */
    @Modifying
    @Query("delete from Branch b where b.txId in :ids and b.state in :states and b.decidedAt < :cutoff")
    int deleteDecidedBefore(@Param("ids") Collection<String> ids, @Param("states") Collection<BranchState> states,
            @Param("cutoff") Instant cutoff);
}
