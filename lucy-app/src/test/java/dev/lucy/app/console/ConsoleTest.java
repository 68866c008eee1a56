package dev.lucy.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.LucyEngine;
import dev.lucy.core.Caller;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.core.spi.ConversationPort;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleTest {
    @TempDir
    Path dataDir;

    private ScriptedModelServer model;
    private OpenAiCompatibleChatModel client;
    private Database database;
    private final ByteArrayOutputStream answers = new ByteArrayOutputStream();
    private final ByteArrayOutputStream notes = new ByteArrayOutputStream();
    private Console console;

    @BeforeEach
    void start() {
        model = ScriptedModelServer.start();
        client = OpenAiCompatibleChatModel.create(
                ModelClientConfig.builder().baseUrl(model.baseUrl()).noApiKey().build());
        database = Database.open(DatabaseConfig.sqlite(dataDir));
        console = new Console(
                new PrintStream(answers, true, StandardCharsets.UTF_8),
                new PrintStream(notes, true, StandardCharsets.UTF_8),
                new Caller("console", "ada", "console:1"),
                Clock.systemUTC(),
                (port, observer) -> LucyEngine.builder(port, client, database)
                        .runtimeObserver(observer)
                        .build());
    }

    @Test
    void what_lucy_says_outside_a_turn_is_printed_when_the_console_closes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicReference<ConversationPort> ports = new AtomicReference<>();
        Console resumed = new Console(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new Caller("console", "ada", "console:2"),
                Clock.systemUTC(),
                (port, observer) -> {
                    ports.set(port);
                    return LucyEngine.builder(port, client, database)
                            .runtimeObserver(observer)
                            .build();
                });
        // as a run resumed at start answers a message an earlier console was stopped before answering
        ports.get().post("console:1", "Your launch is on track.");

        resumed.close(Duration.ofSeconds(5));
        resumed.close(Duration.ofSeconds(5));

        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly("lucy: Your launch is on track.");
    }

    @AfterEach
    void stop() {
        console.close(Duration.ofSeconds(5));
        client.close();
        database.close();
        model.close();
    }

    @Test
    void piped_lines_get_their_answers_in_order_on_standard_output() throws Exception {
        model.enqueue(
                Reply.toolCall("get_projects", "{}"),
                Reply.text("You have **no projects** yet."),
                Reply.text("Lucy speaks Markdown."));
        String input = String.join("\n", "hi", "thanks!", "which projects do we have?", "what do you write in?");

        console.run(new BufferedReader(new StringReader(input)), () -> {});

        List<String> lines = lines(answers);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("lucy: ").doesNotContain("**");
        assertThat(lines.get(1)).matches(":[a-z_+-]+:");
        assertThat(lines.get(2)).isEqualTo("lucy: You have **no projects** yet.");
        assertThat(lines.get(3)).isEqualTo("lucy: Lucy speaks Markdown.");
        assertThat(model.requests()).hasSize(3);
    }

    @Test
    void filler_is_removed_from_answers_as_in_slack() {
        model.enqueue(Reply.text("Great question! The deploy runs at noon. Hope this helps!"));

        console.ask("when does the deploy run?");

        assertThat(lines(answers)).containsExactly("lucy: The deploy runs at noon.");
    }

    @Test
    void a_failing_model_gets_a_plain_notice_and_no_detail() {
        model.enqueue(dev.lucy.testkit.model.Fault.unauthorized());

        console.ask("summarise the incident");

        assertThat(lines(answers))
                .singleElement()
                .asString()
                .startsWith("lucy: ")
                .doesNotContain("401", "Unauthorized", "api key");
    }

    private static List<String> lines(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
