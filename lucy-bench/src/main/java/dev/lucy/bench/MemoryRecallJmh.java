package dev.lucy.bench;

import dev.lucy.core.Caller;
import dev.lucy.memory.Candidate;
import dev.lucy.memory.Category;
import dev.lucy.memory.Fact;
import dev.lucy.memory.SessionMemory;
import dev.lucy.memory.Target;
import dev.lucy.memory.spi.MemoryStore;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.store.SqliteMemoryStore;
import java.io.IOException;
import java.nio.file.Files;
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
 * Recalling the facts relevant to one question, within a 1,000-token budget, from a workspace's session memory in
 * SQLite holding {@code facts} team facts. Average time per recall. {@code ./lucy bench memory-recall} measures the
 * same with percentiles and 100,000 facts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MemoryRecallJmh {
    private static final String[] TEAMS = {"sales", "platform", "support", "design", "finance"};
    private static final List<String> QUESTIONS = List.of(
            "what is the sales team's revenue target for Q3?",
            "which tool does the platform team use for project 1200?",
            "who leads the support team this quarter?",
            "what did the design team decide about the launch?");

    @Param({"10000"})
    public int facts;

    private Database database;
    private SessionMemory memory;
    private int next;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        database = Database.open(DatabaseConfig.sqlite(Files.createTempDirectory("lucy-jmh-recall")));
        MemoryStore store = SqliteMemoryStore.open(database);
        memory = SessionMemory.builder(store).build();
        for (int i = 0; i < facts; i++) {
            String team = TEAMS[i % TEAMS.length];
            Caller author = new Caller("jmh", "U" + (i % 50), "C" + (i % 500));
            Fact fact = memory.toFact(
                    author,
                    new Candidate(
                            "jmh " + i,
                            "The " + team + " team's revenue target for project " + i + " is $" + (100 + i % 900)
                                    + "K, and it uses Linear for planning.",
                            Category.FACT,
                            Target.TEAM,
                            false,
                            false));
            store.write(fact);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        database.close();
    }

    @Benchmark
    public List<Fact> recall() {
        next = (next + 1) % QUESTIONS.size();
        return memory.recall(new Caller("jmh", "U7", "C77"), QUESTIONS.get(next), 1_000);
    }
}
