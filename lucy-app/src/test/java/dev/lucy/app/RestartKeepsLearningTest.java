package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.ToolArguments;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.testkit.fake.RecordingPort;
import dev.lucy.testkit.fake.ScriptedChatModel;
import dev.lucy.tools.Tool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lucy restarted on the same SQLite file still knows which services the workspace connected and which tool served
 * which kind of request: the second process offers the tool for a request whose words appear nowhere in the tool's
 * own description, as the first one learned to.
 */
class RestartKeepsLearningTest {
    private static final Caller ANA = new Caller("T1", "U-ana", "C1:1.0");
    private static final String SERVED = "wake up whoever looks after the billing database tonight";
    private static final String ASKED_AFTER_RESTART = "can you wake up the billing database owner?";

    @TempDir
    Path dataDir;

    @Test
    void a_restart_keeps_the_connection_and_the_recall_of_a_learned_tool() {
        try (Database database = Database.open(DatabaseConfig.sqlite(dataDir))) {
            LucyEngine before = engine(database);
            before.connections().connectWorkspace("T1", "pagerduty");
            assertThat(offered(before, ASKED_AFTER_RESTART)).doesNotContain("page_oncall");

            before.tools().toolsFor(ANA, SERVED);
            ToolCall call = new ToolCall("call-1", "page_oncall", "{}");
            assertThat(before.tools().execute(ANA, call, ToolArguments.parse(call.arguments())))
                    .isInstanceOf(ToolResult.Success.class);
            before.shutdown(Duration.ofSeconds(5));
        }

        try (Database database = Database.open(DatabaseConfig.sqlite(dataDir))) {
            LucyEngine after = engine(database);
            try {
                assertThat(offered(after, ASKED_AFTER_RESTART)).contains("page_oncall");
            } finally {
                after.shutdown(Duration.ofSeconds(5));
            }
        }
    }

    private static LucyEngine engine(Database database) {
        Tool pager = Tool.builder("page_oncall")
                .description("Page the person on call")
                .provider("pagerduty")
                .handler((caller, args) -> ToolResult.success("{\"paged\":true}"))
                .build();
        return LucyEngine.builder(new RecordingPort(), new ScriptedChatModel(), database)
                .tools(List.of(pager))
                .build()
                .start();
    }

    private static List<String> offered(LucyEngine engine, String request) {
        return engine.tools().toolsFor(ANA, request).stream()
                .map(ToolSpec::name)
                .toList();
    }
}
