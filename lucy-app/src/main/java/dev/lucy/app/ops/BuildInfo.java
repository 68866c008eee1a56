package dev.lucy.app.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/**
 * Which build of Lucy runs: its version and the commit it was built from (both written into the jar by the build;
 * the commit only when the build was told it, as the container build is), and the Java version it runs on.
 *
 * @param version Lucy's version, such as {@code 0.1.0}
 * @param commit the commit the jar was built from, or {@code unknown}
 * @param javaVersion the running Java's version, such as {@code 21.0.4+7}
 */
public record BuildInfo(String version, String commit, String javaVersion) {
    /** What a value reads as when the build did not say. */
    public static final String UNKNOWN = "unknown";

    private static final String RESOURCE = "build-info.properties";

    public BuildInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(javaVersion, "javaVersion");
    }

    /** This process's build, read from the jar. */
    public static BuildInfo current() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new BuildInfo(
                known(properties.getProperty("version")),
                known(properties.getProperty("commit")),
                Runtime.version().toString());
    }

    /** A value the build filled in, or {@link #UNKNOWN} for one it left empty or as its placeholder. */
    private static String known(String value) {
        return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.strip();
    }
}
