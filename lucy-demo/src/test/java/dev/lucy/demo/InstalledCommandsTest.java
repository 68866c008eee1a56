package dev.lucy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.Subcommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** lucy-app's ./lucy finds demo and sim here, as it does when ./lucy runs lucy-demo's jar. */
class InstalledCommandsTest {
    private static final int USAGE = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void lucy_app_finds_the_demo_and_the_simulators_on_the_class_path() {
        assertThat(Subcommand.installed("demo")).get().isInstanceOf(DemoCommand.class);
        assertThat(Subcommand.installed("sim")).get().isInstanceOf(SimCommand.class);
        assertThat(Subcommand.installed("console")).isEmpty();
    }

    @Test
    void sim_without_a_known_server_names_it_and_exits_with_usage_code() {
        assertThat(sim(List.of("teams"))).isEqualTo(USAGE);
        assertThat(text(err)).contains("unknown server 'teams'").contains("./lucy sim --help");
    }

    @Test
    void sim_without_a_server_name_exits_with_usage_code() {
        assertThat(sim(List.of())).isEqualTo(USAGE);
        assertThat(text(err)).contains("Usage: ./lucy sim").contains("SERVER").contains("model-server");
    }

    private int sim(List<String> args) {
        return Subcommand.installed("sim").orElseThrow().run(args, utf8(out), utf8(err));
    }

    private static PrintStream utf8(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
