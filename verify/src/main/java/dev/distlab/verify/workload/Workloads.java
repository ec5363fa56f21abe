package dev.distlab.verify.workload;

/** Builds a workload by its command-line name. */
public final class Workloads {

    private Workloads() {
    }

    public static Workload create(String name, WorkloadContext context) {
        return switch (name) {
            case "bank" -> new BankWorkload(context);
            case "register" -> new RegisterWorkload(context);
            case "watch" -> new WatchWorkload(context);
            case "lb" -> new LbWorkload(context);
            case "hostile" -> new HostileWorkload(context);
            default -> throw new IllegalArgumentException("unknown workload " + name);
        };
    }
}
