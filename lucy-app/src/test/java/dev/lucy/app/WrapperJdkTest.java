package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code ./mvnw -q verify} builds with the JDK {@code ./lucy} would use: a {@code JAVA_HOME} older
 * than Java 21, or none, gives way to a JDK 21+ found the way {@code scripts/jdk.sh} finds it. The real wrapper
 * runs under {@code /bin/sh} against fake JDKs (a {@code release} file and two scripts) and a fake Maven in the
 * wrapper's own cache layout that prints the {@code JAVA_HOME} it was handed, so nothing is built or downloaded.
 */
class WrapperJdkTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Path jdk17;
    private Path jdk21;

    @BeforeEach
    void fakeJdksAndMaven() throws IOException {
        jdk17 = fakeJdk("jdk-17", "17.0.15");
        jdk21 = fakeJdk("jdk-21", "21.0.8");
        String url = Files.readAllLines(ROOT.resolve(".mvn/wrapper/maven-wrapper.properties")).stream()
                .filter(line -> line.startsWith("distributionUrl="))
                .map(line -> line.substring("distributionUrl=".length()).strip())
                .findFirst()
                .orElseThrow();
        String distribution = url.substring(url.lastIndexOf('/') + 1).replaceAll("(-bin)?\\.zip$", "");
        // The wrapper names its cache folder after Java's String.hashCode of the URL, in hex.
        Path maven = dir.resolve("m2/wrapper/dists").resolve(distribution).resolve(Integer.toHexString(url.hashCode()));
        executable(maven.resolve("bin/mvn"), "#!/bin/sh\necho \"JAVA_HOME=$JAVA_HOME\"\n");
    }

    @Test
    void a_java_home_older_than_21_gives_way_to_a_jdk_21_and_the_wrapper_says_so() throws Exception {
        Result result = mvnw(Map.of("JAVA_HOME", jdk17.toString()));

        assertThat(result.out()).isEqualTo("JAVA_HOME=" + jdk21 + "\n");
        assertThat(result.err()).contains("JAVA_HOME (" + jdk17 + ") is not a JDK 21 or newer");
    }

    @Test
    void without_java_home_the_wrapper_finds_a_jdk_21_quietly() throws Exception {
        Result result = mvnw(Map.of());

        assertThat(result.out()).isEqualTo("JAVA_HOME=" + jdk21 + "\n");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void a_java_home_of_21_or_newer_is_kept() throws Exception {
        Path jdk25 = fakeJdk("jdk-25", "25.0.3");

        Result result = mvnw(Map.of("JAVA_HOME", jdk25.toString()));

        assertThat(result.out()).isEqualTo("JAVA_HOME=" + jdk25 + "\n");
        assertThat(result.err()).isEmpty();
    }

    /** Runs {@code sh ./mvnw -v} with the fake JDK 21 first on PATH and nothing else of the test's environment. */
    private Result mvnw(Map<String, String> settings) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        List.of("sh", ROOT.resolve("mvnw").toString(), "-v"))
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", jdk21.resolve("bin") + ":/usr/bin:/bin");
        env.put("HOME", dir.toString());
        env.put("MAVEN_USER_HOME", dir.resolve("m2").toString());
        env.putAll(settings);
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Result result = new Result(
                Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
        assertThat(process.exitValue())
                .as("exit code; stderr: %s", result.err())
                .isZero();
        return result;
    }

    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name)).toRealPath();
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        executable(home.resolve("bin/java"), "#!/bin/sh\nexit 1\n");
        executable(home.resolve("bin/javac"), "#!/bin/sh\nexit 1\n");
        return home;
    }

    private static void executable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Result(String out, String err) {}
}
