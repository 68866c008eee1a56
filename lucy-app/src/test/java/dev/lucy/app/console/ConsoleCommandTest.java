package dev.lucy.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.config.ConfigLoader;
import dev.lucy.app.config.LucyConfig;
import dev.lucy.core.runtime.RuntimeConfig;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleCommandTest {
    @TempDir
    Path dataDir;

    @Test
    void piped_input_faster_than_the_per_person_limit_gets_every_answer() {
        int lines = RuntimeConfig.DEFAULT_USER_EVENTS_PER_MINUTE + 10;
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        ByteArrayOutputStream notes = new ByteArrayOutputStream();
        try (ScriptedModelServer model = ScriptedModelServer.start()) {
            LucyConfig config = ConfigLoader.load(
                    Map.of("LUCY_MODEL_BASE_URL", model.baseUrl().toString(), "LUCY_DATA_DIR", dataDir.toString()));
            byte[] input = "hi\n".repeat(lines).getBytes(StandardCharsets.UTF_8);

            int code = new ConsoleCommand(
                            new ByteArrayInputStream(input),
                            new PrintStream(answers, true, StandardCharsets.UTF_8),
                            new PrintStream(notes, true, StandardCharsets.UTF_8),
                            false)
                    .run(config);

            assertThat(code).isZero();
        }
        String out = answers.toString(StandardCharsets.UTF_8);
        assertThat(out.lines()).hasSize(lines).allMatch(line -> line.startsWith("lucy: "));
        assertThat(out + notes.toString(StandardCharsets.UTF_8)).doesNotContain("faster than I can take");
    }
}
