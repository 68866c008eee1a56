package dev.lucy.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The raw bytes of a SQLite database's files, for tests that check what never reaches the disk. */
final class SqliteFiles {
    private SqliteFiles() {}

    /** The write-ahead log beside {@code database}, which may not exist. */
    static Path wal(Path database) {
        return database.resolveSibling(database.getFileName() + "-wal");
    }

    /** {@code file}'s bytes, one character each so any text in them can be searched; empty if there is no file. */
    static String bytes(Path file) throws IOException {
        return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
    }
}
