package dev.lucy.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A temporary directory for one run's files (a demo's or a benchmark's database, a test's data), removed with
 * everything in it on {@link #close()}. Removal is best effort: a file the system will not delete is left behind,
 * which is harmless in the temporary directory and never changes a run's result.
 */
public final class ScratchDirectory implements AutoCloseable {
    private final Path path;

    private ScratchDirectory(Path path) {
        this.path = path;
    }

    /** A new, empty directory under the system's temporary directory, its name starting with {@code prefix}. */
    public static ScratchDirectory create(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        try {
            return new ScratchDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary directory", e);
        }
    }

    public Path path() {
        return path;
    }

    /** Removes the directory and everything in it. */
    @Override
    public void close() {
        deleteTree(path);
    }

    /** Removes {@code root} and everything below it, best effort; a missing {@code root} is fine. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort, see the class comment
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // as above
        }
    }
}
