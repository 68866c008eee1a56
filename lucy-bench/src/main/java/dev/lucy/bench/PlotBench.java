package dev.lucy.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import picocli.CommandLine.Option;

/**
 * {@code ./lucy bench plot [--data docs/perf] [--out docs/img]}: draws the headline figures kept in the repository
 * (the benches' JSON lines, see {@link PerfData}) as SVG charts ({@link PerfCharts}), so the charts in
 * docs/performance.md are made again from data anyone can read and extend. Measures nothing itself.
 */
final class PlotBench extends OptionsBench<PlotBench.Options> {

    /**
     * @param data the folder of {@code .jsonl} files holding the runs
     * @param out the folder the SVG files are written to, made when missing
     */
    record Options(Path data, Path out) {}

    /** The options of {@code ./lucy bench plot}. */
    static final class Args implements BenchArgs<Options> {
        @Option(
                names = "--data",
                paramLabel = "DIR",
                defaultValue = "docs/perf",
                description = "Folder of .jsonl files: each line a bench's last line, with a \"label\" added.")
        Path data;

        @Option(
                names = "--out",
                paramLabel = "DIR",
                defaultValue = "docs/img",
                description = "Folder the SVG charts are written to; made when missing.")
        Path out;

        @Override
        public Options settings() {
            return new Options(data, out);
        }
    }

    PlotBench() {
        super(
                "plot",
                Args::new,
                "Charts of the figures kept in docs/perf, as SVG: latency under load, CPU per turn against"
                        + " LangChain4j, retrieval recall.",
                "Reads the runs of runtime-load, load, baseline and retrieval; measures nothing itself.");
    }

    @Override
    int measure(Options options, PrintStream out, PrintStream err) {
        PerfData data;
        switch (PerfData.read(options.data())) {
            case PerfData.Loaded loaded -> data = loaded.data();
            case PerfData.Unreadable unreadable -> {
                err.println("lucy bench plot: " + unreadable.why());
                return BenchMain.FAILED;
            }
        }
        try {
            Files.createDirectories(options.out());
        } catch (IOException e) {
            err.println("lucy bench plot: cannot make " + options.out() + ": " + e.getMessage());
            return BenchMain.FAILED;
        }
        List<Path> written = new ArrayList<>();
        out.printf(Locale.ROOT, "%-58s %s%n", "chart", "file");
        for (PerfCharts.Chart chart : PerfCharts.all()) {
            Optional<JFreeChart> drawn = chart.draw().apply(data);
            if (drawn.isEmpty()) {
                out.printf(Locale.ROOT, "%-58s %s%n", chart.what(), "not drawn: no such run in " + options.data());
                continue;
            }
            Path file = options.out().resolve(chart.file());
            try {
                Files.writeString(file, PerfCharts.svg(drawn.get()), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("lucy bench plot: cannot write " + file + ": " + e.getMessage());
                return BenchMain.FAILED;
            }
            written.add(file);
            out.printf(Locale.ROOT, "%-58s %s%n", chart.what(), file);
        }
        out.printf(
                Locale.ROOT,
                "{\"bench\":\"plot\",\"data\":\"%s\",\"out\":\"%s\",\"charts\":%d,\"files\":[%s]}%n",
                json(options.data().toString()),
                json(options.out().toString()),
                written.size(),
                String.join(
                        ",",
                        written.stream()
                                .map(f -> "\"" + json(f.toString()) + "\"")
                                .toList()));
        if (written.isEmpty()) {
            err.println("lucy bench plot: no chart drawn: " + options.data() + " holds no run of load, runtime-load,"
                    + " baseline or retrieval");
            return BenchMain.FAILED;
        }
        return BenchMain.OK;
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
