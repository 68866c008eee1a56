package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.agent.Agent;
import dev.lucy.core.agent.AgentObserver;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.LucyRuntime;
import dev.lucy.core.runtime.RuntimeNotices;
import dev.lucy.core.spi.ConversationPort;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.SessionMemory;
import dev.lucy.memory.ThreadMemory;
import dev.lucy.memory.spi.MemoryAdminStore;
import dev.lucy.memory.spi.MemoryStore;
import dev.lucy.memory.spi.ThreadHistory;
import dev.lucy.slack.ProgressNarrator;
import dev.lucy.testkit.fake.RecordingPort;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the bot's run handler remembers, and when, as the person sees it. */
class LucyRunHandlerMemoryTest {
    private static final String THREAD = "C1:1700000000.000100";

    private final ScriptedModelServer model = ScriptedModelServer.start();
    private final OpenAiCompatibleChatModel client = OpenAiCompatibleChatModel.create(
            ModelClientConfig.builder().baseUrl(model.baseUrl()).noApiKey().build());
    private LucyRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.shutdown(Duration.ofSeconds(5));
        }
        client.close();
        model.close();
    }

    @Test
    void a_fact_is_remembered_before_the_answer_shows_so_a_question_right_after_it_finds_it() {
        model.script(request -> Reply.text("Got it, May 2 it is."));
        MemoryAdminStore facts = MemoryStore.inMemory();
        RecordingPort recording = new RecordingPort();
        List<Integer> factsWhenPosted = new CopyOnWriteArrayList<>();
        ConversationPort port = new ConversationPort() {
            @Override
            public String post(String conversationId, String text) {
                factsWhenPosted.add(facts.list(FactQuery.workspace("T1")).size());
                return recording.post(conversationId, text);
            }

            @Override
            public void update(String conversationId, String messageId, String text) {
                recording.update(conversationId, messageId, text);
            }

            @Override
            public void react(String conversationId, String messageId, String emoji) {
                recording.react(conversationId, messageId, emoji);
            }
        };
        Agent agent =
                Agent.builder().model(client).systemPrompt("You are Lucy.").build();
        runtime = LucyRuntime.builder()
                .port(port)
                .handler(new LucyRunHandler(
                        tier -> agent,
                        port,
                        ThreadMemory.builder(ThreadHistory.none()).build(),
                        SessionMemory.builder(facts).build(),
                        ProgressNarrator.create(new Random(1)),
                        RuntimeNotices.defaults(),
                        conversation -> false,
                        AgentObserver.ignoring(),
                        UnaryOperator.identity(),
                        event -> true,
                        (conversation, awaiting) -> {},
                        Clock.systemUTC()))
                .build()
                .start();

        runtime.submit(new InboundEvent(
                "Ev1",
                new Caller("T1", "U1", THREAD),
                "1.1",
                "Our team decided to launch on May 2 with the new pricing page",
                Instant.now()));

        List<String> posts = recording.awaitPosts(THREAD, 1);
        assertThat(posts.get(0)).isEqualTo("Got it, May 2 it is.");
        assertThat(factsWhenPosted.get(0))
                .as("facts stored when the answer was posted")
                .isPositive();
    }
}
