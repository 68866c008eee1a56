package dev.lucy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.app.cli.Values;
import dev.lucy.slack.FormatOptions;
import dev.lucy.slack.SlackFormatter;
import dev.lucy.slack.SlackMessage;
import dev.lucy.slack.SlackOutputCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * {@code ./lucy bench formatter}: Lucy's formatter against slackify-markdown 4.5.0 (npm, run on Node) over the
 * formatter corpus. Installs the peer into {@code lucy-bench/target/peer} on first run, runs both single-threaded
 * (warm-up, then timed passes over the whole corpus), and reports throughput, the ratio, and where the outputs
 * differ in meaning: raw tables, lost task state, unescaped {@code >}, and output Slack would show wrongly.
 */
final class FormatterBench extends OptionsBench<FormatterBench.Args> {
    static final String PEER = "slackify-markdown@4.5.0";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Sum of output lengths; read at the end so the timed work has an observable result. */
    private long checksum;

    private static final Pattern DELIMITER_ROW =
            Pattern.compile("(?m)^\\s*\\|?\\s*:?-+:?\\s*(\\|\\s*:?-+:?\\s*)+\\|?\\s*$");
    private static final Pattern TASK = Pattern.compile("(?m)^\\s*(?:[-*+]|\\d+\\.)\\s+\\[([ xX])\\]\\s");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");

    /** The ways an output can differ in meaning from its Markdown. */
    enum Difference {
        RAW_TABLE("raw Markdown table"),
        LOST_TASK_STATE("lost task state"),
        UNESCAPED_GT("unescaped '>'"),
        INVALID("invalid for Slack");

        final String label;

        Difference(String label) {
            this.label = label;
        }
    }

    /** The options of {@code ./lucy bench formatter}. */
    static final class Args extends BenchArgs.AsParsed<Args> {
        @Option(
                names = "--corpus",
                paramLabel = "DIR",
                description = "The Markdown answers to format (default: lucy-slack's formatter corpus).")
        Path corpus;

        @Option(
                names = "--seconds",
                paramLabel = "S",
                defaultValue = "5",
                converter = Values.Positive.class,
                description = "Timed seconds per formatter.")
        int seconds;

        @Option(
                names = "--warmup",
                paramLabel = "S",
                defaultValue = "3",
                converter = Values.NonNegative.class,
                description = "Warm-up seconds per formatter, not timed.")
        int warmup;

        @Option(
                names = "--peer-dir",
                paramLabel = "DIR",
                description = "Where " + PEER + " is installed with npm (default: lucy-bench/target/peer).")
        Path peerDir;
    }

    FormatterBench() {
        super(
                "formatter",
                Args::new,
                "Lucy's formatter against " + PEER + " (npm, on Node) over the corpus: throughput and differences.",
                "Differences in meaning: raw tables, lost task state, unescaped '>', output Slack would show wrongly.");
    }

    @Override
    int measure(Args args, PrintStream out, PrintStream err) {
        Path root = repositoryRoot();
        Path corpus = args.corpus != null ? args.corpus : root.resolve("lucy-slack/src/test/resources/corpus");
        Path peerDir = args.peerDir != null ? args.peerDir : root.resolve("lucy-bench/target/peer");
        int seconds = args.seconds;
        int warmup = args.warmup;
        try {
            return compare(corpus, peerDir, warmup, seconds, out, err);
        } catch (IOException | RuntimeException e) {
            err.println("lucy bench formatter: " + e.getMessage());
            return BenchMain.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("lucy bench formatter: interrupted");
            return BenchMain.FAILED;
        }
    }

    private int compare(Path corpus, Path peerDir, int warmup, int seconds, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        List<Path> files;
        try (Stream<Path> list = Files.list(corpus)) {
            files = list.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        if (files.isEmpty()) {
            err.println("lucy bench formatter: no .md documents in " + corpus);
            return BenchMain.FAILED;
        }
        List<String> docs = new ArrayList<>();
        long inputChars = 0;
        for (Path file : files) {
            String doc = Files.readString(file, StandardCharsets.UTF_8);
            docs.add(doc);
            inputChars += doc.length();
        }
        installPeer(peerDir, out);
        JsonNode peer = runPeer(peerDir, files, warmup, seconds);
        JsonNode peerOutputs = JSON.readTree(peerDir.resolve("outputs.json").toFile());

        SlackFormatter lucy = SlackFormatter.defaults();
        List<String> timedDocs = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            if (peerOutputs.get(i).path("ok").asBoolean()) {
                timedDocs.add(docs.get(i)); // time both on the same documents
            }
        }
        Throughput lucyTime = timeLucy(lucy, timedDocs, warmup, seconds);
        Throughput peerTime =
                new Throughput(peer.path("docs").asLong(), peer.path("nanos").asLong());

        Map<Difference, Integer> peerDiffs = new EnumMap<>(Difference.class);
        Map<Difference, Integer> lucyDiffs = new EnumMap<>(Difference.class);
        int peerInvalid = 0;
        int lucyValidWherePeerInvalid = 0;
        int peerFailed = 0;
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            String doc = docs.get(i);
            JsonNode result = peerOutputs.get(i);
            List<Difference> peerFound;
            if (!result.path("ok").asBoolean()) {
                peerFailed++;
                peerFound = List.of(Difference.INVALID);
            } else {
                peerFound = differences(doc, List.of(result.path("text").asText()));
            }
            List<String> lucyTexts =
                    lucy.format(doc).stream().map(SlackMessage::text).toList();
            List<Difference> lucyFound = differences(doc, lucyTexts);
            peerFound.forEach(d -> peerDiffs.merge(d, 1, Integer::sum));
            lucyFound.forEach(d -> lucyDiffs.merge(d, 1, Integer::sum));
            if (peerFound.contains(Difference.INVALID)) {
                peerInvalid++;
                if (!lucyFound.contains(Difference.INVALID)) {
                    lucyValidWherePeerInvalid++;
                }
            }
            if (!lucyFound.isEmpty() && examples.size() < 5) {
                examples.add(files.get(i).getFileName() + ": " + lucyFound);
            }
        }

        double ratio = lucyTime.docsPerSecond() / peerTime.docsPerSecond();
        out.printf(
                Locale.ROOT,
                "Formatter benchmark: %d documents, %.1f KB of Markdown, %ds timed after %ds warm-up%n",
                docs.size(),
                inputChars / 1024.0,
                seconds,
                warmup);
        out.printf(Locale.ROOT, "%-28s %14s %12s%n", "", "documents/s", "MB/s");
        double corpusMb = timedDocs.stream()
                        .mapToLong(d -> d.getBytes(StandardCharsets.UTF_8).length)
                        .sum()
                / 1_000_000.0;
        out.printf(
                Locale.ROOT,
                "%-28s %14.1f %12.2f%n",
                "Lucy SlackFormatter (mrkdwn)",
                lucyTime.docsPerSecond(),
                lucyTime.docsPerSecond() / timedDocs.size() * corpusMb);
        out.printf(
                Locale.ROOT,
                "%-28s %14.1f %12.2f%n",
                PEER + " (Node " + nodeVersion() + ")",
                peerTime.docsPerSecond(),
                peerTime.docsPerSecond() / timedDocs.size() * corpusMb);
        out.printf(Locale.ROOT, "Throughput ratio (Lucy / peer): %.2fx%n%n", ratio);
        out.printf(Locale.ROOT, "%-28s %8s %8s%n", "Documents with ...", "peer", "Lucy");
        for (Difference d : Difference.values()) {
            out.printf(
                    Locale.ROOT,
                    "%-28s %8d %8d%n",
                    d.label,
                    peerDiffs.getOrDefault(d, 0),
                    lucyDiffs.getOrDefault(d, 0));
        }
        out.printf(Locale.ROOT, "Peer failed (threw) on %d documents%n", peerFailed);
        out.printf(
                Locale.ROOT,
                "Lucy valid where the peer is invalid: %d of %d%n",
                lucyValidWherePeerInvalid,
                peerInvalid);
        examples.forEach(e -> out.println("  Lucy: " + e));
        out.printf(Locale.ROOT, "(output checksum %d)%n", checksum);
        StringBuilder json = new StringBuilder();
        json.append(String.format(
                Locale.ROOT,
                "{\"bench\":\"formatter\",\"documents\":%d,\"lucy_docs_per_s\":%.1f,\"peer_docs_per_s\":%.1f,"
                        + "\"ratio\":%.2f,\"peer_invalid_documents\":%d,\"lucy_valid_where_peer_invalid\":%d",
                docs.size(),
                lucyTime.docsPerSecond(),
                peerTime.docsPerSecond(),
                ratio,
                peerInvalid,
                lucyValidWherePeerInvalid));
        for (Difference d : Difference.values()) {
            String key = d.name().toLowerCase(Locale.ROOT);
            json.append(String.format(
                    Locale.ROOT,
                    ",\"peer_%s\":%d,\"lucy_%s\":%d",
                    key,
                    peerDiffs.getOrDefault(d, 0),
                    key,
                    lucyDiffs.getOrDefault(d, 0)));
        }
        out.println(json.append('}'));
        return BenchMain.OK;
    }

    record Throughput(long docs, long nanos) {
        double docsPerSecond() {
            return docs / (nanos / 1e9);
        }
    }

    private Throughput timeLucy(SlackFormatter lucy, List<String> docs, int warmup, int seconds) {
        long sink = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
        while (System.nanoTime() < end) {
            sink += pass(lucy, docs);
        }
        long start = System.nanoTime();
        end = start + TimeUnit.SECONDS.toNanos(seconds);
        long passes = 0;
        while (System.nanoTime() < end) {
            sink += pass(lucy, docs);
            passes++;
        }
        long nanos = System.nanoTime() - start;
        checksum += sink; // keeps the work observable, so the JIT cannot drop it
        return new Throughput(passes * docs.size(), nanos);
    }

    private static long pass(SlackFormatter lucy, List<String> docs) {
        long chars = 0;
        for (String doc : docs) {
            for (SlackMessage message : lucy.format(doc)) {
                chars += message.text().length();
            }
        }
        return chars;
    }

    /** The differences in meaning between a Markdown document and the mrkdwn messages made from it. */
    static List<Difference> differences(String markdown, List<String> messages) {
        List<Difference> found = new ArrayList<>();
        String all = String.join("\n", messages);
        String prose = maskCode(all);
        if (DELIMITER_ROW.matcher(markdown).find()
                && DELIMITER_ROW.matcher(prose).find()) {
            found.add(Difference.RAW_TABLE);
        }
        var tasks = TASK.matcher(markdown);
        int checked = 0;
        int open = 0;
        while (tasks.find()) {
            if (tasks.group(1).isBlank()) {
                open++;
            } else {
                checked++;
            }
        }
        if (checked + open > 0) {
            int shownChecked = count(all, "✅")
                    + count(all, "☑")
                    + count(all, ":white_check_mark:")
                    + count(all, "[x]")
                    + count(all, "[X]");
            int shownOpen = count(all, "⬜") + count(all, "☐") + count(all, ":white_large_square:") + count(all, "[ ]");
            if (shownChecked < checked || shownOpen < open) {
                found.add(Difference.LOST_TASK_STATE);
            }
        }
        boolean invalid = false;
        boolean gt = false;
        for (String message : messages) {
            List<String> problems =
                    SlackOutputCheck.mrkdwnProblems(maskCode(message), FormatOptions.DEFAULT_MAX_TEXT_CHARS, false);
            for (String problem : problems) {
                if (problem.startsWith("unescaped '>'")) {
                    gt = true;
                } else {
                    invalid = true;
                }
            }
            if (fences(message) % 2 == 1) {
                invalid = true;
            }
        }
        if (gt) {
            found.add(Difference.UNESCAPED_GT);
        }
        if (invalid) {
            found.add(Difference.INVALID);
        }
        return found;
    }

    /** The text with code contents blanked, so that checks look at prose only (code may hold raw characters). */
    static String maskCode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean inFence = false;
        for (String line : text.split("\n", -1)) {
            String stripped = line.stripLeading();
            while (stripped.startsWith(">")) {
                stripped = stripped.substring(1).stripLeading();
            }
            boolean fence = stripped.startsWith("```");
            if (fence) {
                inFence = !inFence;
                out.append("```");
                if (!inFence && !stripped.substring(3).isBlank()) {
                    inFence = true; // "```text" opens again on the same line in some outputs
                }
            } else if (inFence) {
                out.append(" ".repeat(Math.min(line.length(), 1)));
            } else {
                out.append(INLINE_CODE.matcher(line).replaceAll("` `"));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static int fences(String text) {
        return count(text, "```");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    private static void installPeer(Path peerDir, PrintStream out) throws IOException, InterruptedException {
        if (Files.exists(peerDir.resolve("node_modules/slackify-markdown/package.json"))) {
            return;
        }
        Files.createDirectories(peerDir);
        out.println("Installing " + PEER + " into " + peerDir + " (first run only)...");
        Process npm = new ProcessBuilder(
                        "npm", "install", "--no-audit", "--no-fund", "--prefix", peerDir.toString(), PEER)
                .redirectErrorStream(true)
                .start();
        String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IOException("npm could not install " + PEER + ": " + log.strip());
        }
    }

    private static JsonNode runPeer(Path peerDir, List<Path> files, int warmup, int seconds)
            throws IOException, InterruptedException {
        Path runner = peerDir.resolve("slackify-runner.js");
        try (InputStream script = FormatterBench.class.getResourceAsStream("slackify-runner.js")) {
            if (script == null) {
                throw new IOException("the peer runner script is missing from the benchmark jar");
            }
            Files.write(runner, script.readAllBytes());
        }
        Path list = peerDir.resolve("files.json");
        JSON.writeValue(
                list.toFile(),
                files.stream().map(p -> p.toAbsolutePath().toString()).toList());
        Path outputs = peerDir.resolve("outputs.json");
        Process node = new ProcessBuilder(
                        "node",
                        runner.toString(),
                        peerDir.toAbsolutePath().toString(),
                        list.toString(),
                        outputs.toString(),
                        Long.toString(warmup * 1000L),
                        Long.toString(seconds * 1000L))
                .redirectErrorStream(true)
                .start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!node.waitFor(seconds + warmup + 120L, TimeUnit.SECONDS) || node.exitValue() != 0) {
            node.destroyForcibly();
            throw new IOException("the peer run failed: " + output.strip());
        }
        String[] lines = output.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static String nodeVersion() {
        try {
            Process node = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            String version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            node.waitFor(10, TimeUnit.SECONDS);
            return version;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The repository root: two levels above this benchmark's jar or classes, else the working directory. */
    static Path repositoryRoot() {
        try {
            Path location = Path.of(FormatterBench.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            for (Path p = location; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("lucy-slack")) && Files.isDirectory(p.resolve("lucy-bench"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
