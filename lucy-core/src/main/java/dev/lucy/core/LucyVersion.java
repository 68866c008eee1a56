package dev.lucy.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of the Lucy libraries on the class path, as the build stamped it. */
public final class LucyVersion {
    private static final String RESOURCE = "lucy.properties";

    private LucyVersion() {}

    /** The running Lucy version, for example {@code 0.2.0}. */
    public static String current() {
        try (InputStream in = LucyVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        RESOURCE + " is missing from lucy-core; the jar was not built by Maven");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
