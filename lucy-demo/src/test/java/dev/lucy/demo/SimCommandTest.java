package dev.lucy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code ./lucy demo} and {@code ./lucy sim} read their command lines; the servers are the testkit's. */
class SimCommandTest {
    private static final int OK = 0;
    private static final int USAGE = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int sim(String... args) {
        return new SimCommand().run(List.of(args), utf8(out), utf8(err));
    }

    @Test
    void help_on_demo_and_on_every_server_prints_the_usage_without_starting_anything() {
        for (List<String> command : List.of(
                List.of("demo"),
                List.of("sim"),
                List.of("sim", "slack"),
                List.of("sim", "model-server"),
                List.of("sim", "postgres"))) {
            out.reset();
            List<String> args = command.subList(1, command.size());
            PrintStream to = utf8(out);
            int code = command.get(0).equals("demo")
                    ? new DemoCommand().run(List.of("--help"), to, utf8(err))
                    : new SimCommand().run(concat(args, "--help"), to, utf8(err));
            assertThat(code).as("./lucy %s --help", command).isEqualTo(OK);
            assertThat(text(out)).startsWith("Usage: ./lucy " + String.join(" ", command));
        }
        assertThat(text(out)).doesNotContain("listening");
        assertThat(text(err)).isEmpty();
    }

    @Test
    void the_server_options_show_their_defaults() {
        assertThat(sim("model-server", "--help")).isEqualTo(OK);
        assertThat(text(out)).contains("--port=N", "Default: 0", "--model=NAME");
    }

    @Test
    void a_bad_option_is_a_usage_error_in_one_line_without_a_stack_trace() {
        assertThat(sim("slack", "--colour")).isEqualTo(USAGE);
        assertThat(text(err).lines())
                .singleElement()
                .asString()
                .startsWith("lucy sim slack: unknown option '--colour'")
                .doesNotContain("Exception");
        err.reset();
        assertThat(sim("slack", "--port", "http")).isEqualTo(USAGE);
        assertThat(text(err)).startsWith("lucy sim slack: --port must be a port number from 0 to 65535, not 'http'");
        err.reset();
        assertThat(sim("postgres", "--port", "5432")).isEqualTo(USAGE);
        assertThat(text(err)).startsWith("lucy sim postgres: unknown option '--port'");
    }

    @Test
    void a_bad_port_is_refused_without_starting() {
        assertThat(sim("model-server", "--port", "70000")).isEqualTo(USAGE);
        assertThat(text(err)).contains("--port must be a port number");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void an_unknown_server_is_named_with_the_closest_one() {
        assertThat(sim("sack")).isEqualTo(USAGE);
        assertThat(text(err).lines())
                .singleElement()
                .asString()
                .startsWith("lucy sim: unknown server 'sack'; did you mean slack?");
        err.reset();
        assertThat(sim("mainframe")).isEqualTo(USAGE);
        assertThat(text(err)).startsWith("lucy sim: unknown server 'mainframe' (");
    }

    @Test
    void no_server_name_prints_the_servers_as_a_usage_error() {
        assertThat(sim()).isEqualTo(USAGE);
        assertThat(text(err)).startsWith("Usage: ./lucy sim").contains("slack", "model-server", "postgres");
        assertThat(text(out)).isEmpty();
    }

    private static List<String> concat(List<String> args, String last) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(args);
        all.add(last);
        return all;
    }

    private static PrintStream utf8(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
