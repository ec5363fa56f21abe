package dev.distlab.verify.cluster;

/** One service instance of the cluster: its id ({@code participant-2}), role and base URL. */
public record Instance(String id, Role role, String url) {

    public enum Role { GATEWAY, COORDINATOR, PARTICIPANT }
}
