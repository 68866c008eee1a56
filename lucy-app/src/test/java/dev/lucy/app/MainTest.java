package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.LucyVersion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Main main = new Main(utf8(out), utf8(err));

    @Test
    void without_arguments_prints_version_and_usage() {
        assertThat(main.run(List.of())).isEqualTo(Main.OK);
        assertThat(text(out)).contains("Lucy " + LucyVersion.current()).contains("Usage: ./lucy");
        assertThat(text(err)).isEmpty();
    }

    @Test
    void version_prints_only_the_version() {
        assertThat(main.run(List.of("version"))).isEqualTo(Main.OK);
        assertThat(text(out).strip()).isEqualTo(LucyVersion.current());
    }

    @Test
    void unknown_command_names_it_and_exits_with_usage_code() {
        assertThat(main.run(List.of("frobnicate"))).isEqualTo(Main.USAGE);
        assertThat(text(err)).contains("unknown command 'frobnicate'").contains("Usage: ./lucy");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void sim_without_a_known_server_names_it_and_exits_with_usage_code() {
        assertThat(main.run(List.of("sim", "teams"))).isEqualTo(Main.USAGE);
        assertThat(text(err)).contains("unknown server 'teams'").contains("slack");
    }

    @Test
    void sim_without_a_server_name_exits_with_usage_code() {
        assertThat(main.run(List.of("sim"))).isEqualTo(Main.USAGE);
        assertThat(text(err)).contains("lucy sim SERVER").contains("model-server");
    }

    private static PrintStream utf8(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
