package dev.lucy.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./lucy bench jmh [JMH options] [regexp]}: the JMH micro-benchmarks, with JMH's own options. Only
 * {@code --help} is Lucy's; everything else, {@code -h} included, goes to JMH as it is.
 */
final class JmhBench implements BenchMain.Bench {

    @Override
    public String name() {
        return "jmh";
    }

    @Override
    public CommandLine command(PrintStream out, PrintStream err) {
        return new CommandLine(new Jmh(err)).setStopAtUnmatched(true);
    }

    @Command(
            name = "jmh",
            customSynopsis = "./lucy bench jmh [--help] [JMH options] [REGEXP]",
            description = {
                "JMH micro-benchmarks, with JMH's own options, for example: ./lucy bench jmh -f 1 -wi 2 -i 3 Formatter",
                "./lucy bench jmh -l lists the benchmarks, ./lucy bench jmh -h JMH's options."
            })
    static final class Jmh implements Callable<Integer> {
        private final PrintStream err;

        @Option(names = "--help", usageHelp = true, description = "Show this help and exit (-h is JMH's help).")
        boolean help;

        @Unmatched
        List<String> jmhArgs = new ArrayList<>();

        Jmh(PrintStream err) {
            this.err = err;
        }

        @Override
        public Integer call() {
            try {
                CommandLineOptions options = new CommandLineOptions(jmhArgs.toArray(String[]::new));
                Runner runner = new Runner(options);
                // as JMH's own main: -h and -l answer without running anything
                if (options.shouldHelp()) {
                    options.showHelp();
                } else if (options.shouldList()) {
                    runner.list();
                } else {
                    runner.run();
                }
                return BenchMain.OK;
            } catch (CommandLineOptionException | IOException e) {
                err.println("lucy bench jmh: " + e.getMessage());
                return BenchMain.USAGE;
            } catch (RunnerException | RuntimeException e) {
                // JMH reports a missing benchmark list or a failed fork as a bare RuntimeException.
                err.println("lucy bench jmh: the benchmark run failed: " + e.getMessage());
                return BenchMain.FAILED;
            }
        }
    }
}
