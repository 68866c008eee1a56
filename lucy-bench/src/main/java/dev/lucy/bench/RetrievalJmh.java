package dev.lucy.bench;

import dev.lucy.tools.Bm25ToolIndex;
import dev.lucy.tools.RetrievalConfig;
import dev.lucy.tools.RetrievalFilter;
import dev.lucy.tools.ScoredTool;
import dev.lucy.tools.ToolRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One top-8 tool search over a catalogue of synthetic tools (the same generator as {@code ./lucy bench retrieval
 * --tools N}), with Lucy's default retrieval settings. Average time per search.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RetrievalJmh {
    private static final List<String> REQUESTS = List.of(
            "create an issue for the login bug in the web repo",
            "what's on my calendar tomorrow afternoon",
            "send the weekly report to the sales channel",
            "find the invoice for order 4211 and refund it",
            "list open pull requests waiting for my review");

    @Param({"200", "10000"})
    public int tools;

    private Bm25ToolIndex index;
    private int next;

    @Setup(Level.Trial)
    public void build() {
        ToolRegistry registry = new ToolRegistry();
        registry.registerAll(SyntheticTools.generate(tools, 42));
        index = Bm25ToolIndex.following(registry, RetrievalConfig.defaults());
        index.search(REQUESTS.get(0), RetrievalFilter.all(), 8); // builds the index outside the measurement
    }

    @TearDown(Level.Trial)
    public void close() {
        index.close();
    }

    @Benchmark
    public List<ScoredTool> search() {
        next = (next + 1) % REQUESTS.size();
        return index.search(REQUESTS.get(next), RetrievalFilter.all(), 8);
    }
}
