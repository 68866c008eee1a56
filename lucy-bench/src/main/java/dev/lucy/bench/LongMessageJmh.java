package dev.lucy.bench;

import dev.lucy.memory.Extraction;
import dev.lucy.memory.RuleBasedExtractor;
import dev.lucy.slack.Reaction;
import dev.lucy.slack.ReactionClassifier;
import dev.lucy.slack.SlackFormatter;
import dev.lucy.slack.SlackMessage;
import dev.lucy.tools.Bm25ToolIndex;
import dev.lucy.tools.RetrievalConfig;
import dev.lucy.tools.RetrievalFilter;
import dev.lucy.tools.ScoredTool;
import dev.lucy.tools.ToolRegistry;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one message costs each step that reads a person's text, from 1,000 characters up to Slack's 40,000, for
 * ordinary words and for shapes that make backtracking patterns explode (a line of capitals, angle brackets, one
 * giant word). Cost per character should stay flat as the message grows: linear, never quadratic.
 *
 * <p>Run: {@code ./lucy bench jmh -f 1 -wi 2 -i 3 LongMessageJmh}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LongMessageJmh {

    @Param({"1000", "10000", "40000"})
    public int chars;

    @Param({"words", "capitals", "brackets", "one-word"})
    public String shape;

    private String message;
    private Bm25ToolIndex index;
    private final RuleBasedExtractor extractor = RuleBasedExtractor.create();
    private final ReactionClassifier classifier = ReactionClassifier.defaults();
    private final SlackFormatter formatter = SlackFormatter.defaults();

    @Setup(Level.Trial)
    public void setUp() {
        message = message(shape, chars);
        ToolRegistry registry = new ToolRegistry();
        registry.registerAll(SyntheticTools.generate(200, 42));
        index = Bm25ToolIndex.following(registry, RetrievalConfig.defaults());
        index.search("warm the index", RetrievalFilter.all(), 8);
    }

    @TearDown(Level.Trial)
    public void close() {
        index.close();
    }

    static String message(String shape, int chars) {
        String unit = switch (shape) {
            case "words" -> words(chars);
            case "capitals" -> "A";
            case "brackets" -> "<a <b [c](d) *e _f ";
            case "one-word" -> "x";
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        };
        return unit.repeat(chars / unit.length() + 1).substring(0, chars);
    }

    private static String words(int chars) {
        Random random = new Random(42);
        String[] vocabulary = {
            "remember",
            "our",
            "launch",
            "date",
            "is",
            "the",
            "deploy",
            "please",
            "check",
            "tasks",
            "report",
            "we",
            "use",
            "postgres",
            "for",
            "billing",
            "and",
            "Lisbon",
            "office",
            "can",
            "you",
            "summarise",
            "thread"
        };
        StringBuilder text = new StringBuilder(chars + 16);
        while (text.length() < chars) {
            text.append(vocabulary[random.nextInt(vocabulary.length)]).append(random.nextInt(9) == 0 ? ". " : " ");
        }
        return text.toString();
    }

    @Benchmark
    public List<ScoredTool> toolSearch() {
        return index.search(message, RetrievalFilter.all(), 8);
    }

    @Benchmark
    public Extraction memoryExtraction() {
        return extractor.extract(message);
    }

    @Benchmark
    public Reaction reactionTriage() {
        return classifier.classify(message, false);
    }

    @Benchmark
    public List<SlackMessage> formatting() {
        return formatter.format(message);
    }
}
