package dev.lucy.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * MCP servers Lucy did not write, installed from the npm registry the first time a test asks for one and kept in
 * {@code ~/.cache/lucy/npm} (or {@code $LUCY_TEST_CACHE/npm}), so later runs start them at once. Needs {@code node}
 * and {@code npm} on the {@code PATH}; a failed install fails the test that asked, it is never skipped.
 *
 * <p>Safe to call from several test JVMs at once: installs take a file lock.
 */
public final class NpmMcpServers {
    /** The reference server of the MCP project, with tools of every kind; pinned so tests see the same tools. */
    public static final String EVERYTHING = "@modelcontextprotocol/server-everything@2026.8.31";

    private static final String EVERYTHING_BIN = "mcp-server-everything";

    private NpmMcpServers() {}

    /** The command line that starts {@link #EVERYTHING} over stdio. */
    public static List<String> everythingStdio() {
        Path bin = install(EVERYTHING).resolve("node_modules/.bin").resolve(EVERYTHING_BIN);
        return List.of(bin.toString(), "stdio");
    }

    /** Installs {@code packageSpec} ({@code name@version}) unless it is already; returns its install directory. */
    public static Path install(String packageSpec) {
        Path root = cacheRoot().resolve(packageSpec.replaceAll("[^A-Za-z0-9.@-]", "_"));
        Path done = root.resolve(".installed");
        if (Files.exists(done)) {
            return root;
        }
        try {
            Files.createDirectories(root);
            try (FileChannel channel = FileChannel.open(
                            root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (Files.exists(done)) {
                    return root;
                }
                Path log = root.resolve("npm-install.log");
                Process npm = new ProcessBuilder(
                                "npm",
                                "install",
                                "--no-audit",
                                "--no-fund",
                                "--loglevel=error",
                                "--prefix",
                                root.toString(),
                                packageSpec)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                    npm.destroyForcibly();
                    throw new IllegalStateException(
                            "npm could not install " + packageSpec + "; see " + log + ":\n" + Files.readString(log));
                }
                Files.writeString(done, packageSpec);
                return root;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not install " + packageSpec + " with npm", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing " + packageSpec, e);
        }
    }

    private static Path cacheRoot() {
        String configured = System.getenv("LUCY_TEST_CACHE");
        Path base = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "lucy");
        return base.resolve("npm");
    }
}
