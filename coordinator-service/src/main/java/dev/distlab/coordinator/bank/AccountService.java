package dev.distlab.coordinator.bank;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.common.problem.Problems;
import dev.distlab.coordinator.BankProblems;
import dev.distlab.coordinator.BankProperties;
import dev.distlab.coordinator.bank.AccountJson.AccountView;
import dev.distlab.coordinator.participant.ParticipantClient;
import dev.distlab.coordinator.participant.ParticipantClient.Reply;
import dev.distlab.coordinator.participant.Participants.Participant;
import dev.distlab.coordinator.shard.ShardMap;

/** Creates and reads single accounts: the shard map says where, the owning participant keeps the balance. */
@Service
class AccountService {

    private final ShardMap shards;
    private final ParticipantClient participants;
    private final BankProperties properties;

    AccountService(ShardMap shards, ParticipantClient participants, BankProperties properties) {
        this.shards = shards;
        this.participants = participants;
        this.properties = properties;
    }

    /** Places the account (shard map entry, create-only), then creates it on its participant. */
    AccountView create(String id, long balance) {
        Participant owner = shards.assign(id);
        Reply reply = participants.createAccount(owner, id, balance, properties.participantTimeout());
        if (reply.is(201) || reply.is(200)) {
            return new AccountView(id, reply.body().path("balance").asLong(balance), owner.id());
        }
        if (reply.is(409)) {
            ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "Account '" + id + "' already exists");
            problem.setProperty("account", id);
            throw new ProblemException(problem);
        }
        throw unavailable(owner, "create account '" + id + "'", reply);
    }

    /** The account's committed balance at its owner; 404 if it does not exist. */
    AccountView get(String id) {
        Participant owner = shards.owner(id).orElseThrow(() -> missing(id));
        Reply reply = participants.account(owner, id, properties.participantTimeout());
        if (reply.is(200)) {
            return new AccountView(id, reply.body().path("balance").asLong(), owner.id());
        }
        if (reply.is(404)) {
            throw missing(id);
        }
        throw unavailable(owner, "read account '" + id + "'", reply);
    }

    static ProblemException missing(String id) {
        return BankProblems.notFound("Account '" + id + "' does not exist", "account", id);
    }

    private static ProblemException unavailable(Participant owner, String what, Reply reply) {
        return BankProblems.unavailable("Could not " + what + " at " + owner.id() + ": " + reply.describe());
    }
}
