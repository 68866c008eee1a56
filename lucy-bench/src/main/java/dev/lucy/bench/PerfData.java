package dev.lucy.bench;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * The benchmarks' results kept in the repository ({@code docs/perf}), which {@code ./lucy bench plot} draws.
 *
 * <p>Every file ending in {@code .jsonl} in the folder holds one run per line: the JSON line a bench printed last,
 * with a short {@code "label"} added for the chart. Blank lines and lines starting with {@code #} are comments
 * (where the figures come from). Files are read in name order and lines in order; a run belongs to the bench its
 * {@code "bench"} field names, whatever the file is called.
 */
final class PerfData {
    private final List<Run> runs;

    private PerfData(List<Run> runs) {
        this.runs = List.copyOf(runs);
    }

    /**
     * One run of a bench as it printed it.
     *
     * @param bench the bench's name ({@code "runtime-load"})
     * @param label the run's short label, or {@code "run N"} (its place among the bench's runs) when it has none
     * @param fields the whole JSON line
     */
    record Run(String bench, String label, JsonNode fields) {
        /** The number at {@code path} ({@code "p95_ms"}, or {@code "lucy", "single", "recall@5"}), if there is one. */
        OptionalDouble number(String... path) {
            JsonNode node = fields;
            for (String name : path) {
                node = node.path(name);
            }
            return node.isNumber() ? OptionalDouble.of(node.doubleValue()) : OptionalDouble.empty();
        }
    }

    /** What reading the folder gave: the runs, or why they could not be read. */
    sealed interface Read {}

    /** Every run in the folder; none when it holds no {@code .jsonl} file. */
    record Loaded(PerfData data) implements Read {}

    /** The folder or one of its lines could not be read; {@code why} names the file and line. */
    record Unreadable(String why) implements Read {}

    /** Reads every {@code .jsonl} file in {@code folder}. */
    static Read read(Path folder) {
        if (!Files.isDirectory(folder)) {
            return new Unreadable(folder + " is not a folder");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return new Unreadable("cannot list " + folder + ": " + e.getMessage());
        }
        ObjectMapper json = new ObjectMapper();
        List<Run> runs = new ArrayList<>();
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return new Unreadable("cannot read " + file + ": " + e.getMessage());
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String where = file + " line " + (i + 1);
                JsonNode fields;
                try {
                    fields = json.readTree(line);
                } catch (JacksonException e) {
                    return new Unreadable(where + " is not JSON: " + e.getOriginalMessage());
                }
                if (!fields.isObject() || !fields.path("bench").isTextual()) {
                    return new Unreadable(where + " has no \"bench\" name; it should be a bench's last line");
                }
                String bench = fields.get("bench").asText();
                String label = fields.path("label").isTextual()
                        ? fields.get("label").asText()
                        : "run "
                                + (runs.stream()
                                                .filter(r -> r.bench().equals(bench))
                                                .count()
                                        + 1);
                runs.add(new Run(bench, label, fields));
            }
        }
        return new Loaded(new PerfData(runs));
    }

    /** The runs of {@code bench}, in the order they were read. */
    List<Run> runs(String bench) {
        return runs.stream().filter(r -> r.bench().equals(bench)).toList();
    }

    /** The last run of {@code bench} read, the latest by convention. */
    Optional<Run> latest(String bench) {
        List<Run> of = runs(bench);
        return of.isEmpty() ? Optional.empty() : Optional.of(of.getLast());
    }
}
