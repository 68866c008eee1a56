package dev.lucy.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.agent.Agent;
import dev.lucy.core.runtime.AgentRunHandler;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.LucyRuntime;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Keeps the fakes' snippet in the testkit README compiling and passing. */
class ReadmeExampleTest {

    @Test
    void a_runtime_over_the_fakes_answers_into_the_recording_port() {
        ScriptedChatModel model = new ScriptedChatModel().thenAnswer("Invoice 42 is paid.");
        RecordingPort port = new RecordingPort();
        try (LucyRuntime runtime = LucyRuntime.builder()
                .port(port)
                .handler(AgentRunHandler.of(tier -> Agent.builder().model(model).build(), port))
                .build()
                .start()) {
            runtime.submit(
                    new InboundEvent("E1", new Caller("T1", "U1", "C1"), "1.0", "is invoice 42 paid?", Instant.now()));
            assertThat(port.awaitPosts("C1", 1)).containsExactly("Invoice 42 is paid.");
        }
        assertThat(model.lastRequest().messages().getLast().content()).isEqualTo("is invoice 42 paid?");
    }
}
