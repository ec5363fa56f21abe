package dev.distlab.paxos.core;

public enum Role {
    FOLLOWER, CANDIDATE, LEADER
}
