package dev.lucy.bench;

import java.io.PrintStream;
import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/** {@code ./lucy bench jmh [JMH options] [regexp]}: the JMH micro-benchmarks, with JMH's own options. */
final class JmhBench implements BenchMain.Bench {

    @Override
    public String summary() {
        return "JMH micro-benchmarks (JMH options, e.g. -f 1 -wi 2 -i 3 Formatter)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            new Runner(new CommandLineOptions(args.toArray(String[]::new))).run();
            return BenchMain.OK;
        } catch (CommandLineOptionException e) {
            err.println("lucy bench jmh: " + e.getMessage());
            return BenchMain.USAGE;
        } catch (RunnerException | RuntimeException e) {
            // JMH reports a missing benchmark list or a failed fork as a bare RuntimeException.
            err.println("lucy bench jmh: the benchmark run failed: " + e.getMessage());
            return BenchMain.FAILED;
        }
    }
}
