package dev.distlab.participant.bank;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface BranchRepository extends JpaRepository<Branch, String> {

    List<Branch> findByStateOrderByPreparedAtAsc(BranchState state);
}
