package dev.distlab.verify.cli;

import dev.distlab.verify.bench.BenchMain;
import dev.distlab.verify.check.CheckerRegistry;
import dev.distlab.verify.run.VerifyRun;

/**
 * {@code java -jar verify-<version>-exec.jar --workload ...}: exits 0 valid, 1 anomaly, 2 bad usage or no cluster.
 * With {@code bench} first, the same jar runs {@code ./cluster bench} instead ({@link BenchMain}).
 */
public final class VerifyMain {

    private VerifyMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length > 0 && args[0].equals("bench")) {
            return BenchMain.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
        }
        if (args.length == 0 || (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h")))) {
            System.out.print(OptionsParser.USAGE);
            return args.length == 0 ? VerifyRun.CANNOT_RUN : VerifyRun.VALID;
        }
        if (args[0].equals("--check")) {
            if (args.length != 2) {
                System.err.println("verify: --check takes one history file (history.jsonl) and nothing else");
                return VerifyRun.CANNOT_RUN;
            }
            return Recheck.run(java.nio.file.Path.of(args[1]), System.out);
        }
        Options options;
        try {
            options = new OptionsParser().parse(args);
        } catch (UsageException e) {
            System.err.println("verify: " + e.getMessage());
            System.err.print(OptionsParser.USAGE);
            return VerifyRun.CANNOT_RUN;
        }
        return new VerifyRun(options, CheckerRegistry.all(), System.getenv("DISTLAB_TOKEN"), System.out).run();
    }
}
