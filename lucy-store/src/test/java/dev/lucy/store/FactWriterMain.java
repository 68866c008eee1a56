package dev.lucy.store;

import dev.lucy.memory.Category;
import dev.lucy.memory.Fact;
import dev.lucy.memory.Source;
import dev.lucy.memory.Target;
import dev.lucy.memory.Tier;
import dev.lucy.memory.spi.MemoryStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A writer process for the SIGKILL test: writes facts from several virtual threads into the SQLite database in
 * the directory given as the first argument, forever, printing {@code ACK <id>} after each write returned.
 */
public final class FactWriterMain {
    private FactWriterMain() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        PrintStream out = System.out;
        ReentrantLock printing = new ReentrantLock();
        Database db = Database.open(DatabaseConfig.sqlite(dir));
        MemoryStore store = SqliteMemoryStore.open(db);
        out.println("READY");
        out.flush();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (long n = 0; ; n++) {
                        String id = UUID.randomUUID().toString();
                        store.write(new Fact(
                                id,
                                "T1",
                                Optional.empty(),
                                Tier.SESSION,
                                "writer " + thread + " fact " + n,
                                "Writer " + thread + " wrote fact number " + n + ".",
                                "writer " + thread + " wrote fact number " + n,
                                Category.FACT,
                                Target.COMPANY,
                                new Source("U" + thread, "C" + thread, Instant.now()),
                                Instant.now(),
                                Optional.empty(),
                                Optional.empty(),
                                1,
                                Instant.now()));
                        printing.lock();
                        try {
                            out.println("ACK " + id);
                            out.flush();
                        } finally {
                            printing.unlock();
                        }
                    }
                });
            }
        }
    }
}
