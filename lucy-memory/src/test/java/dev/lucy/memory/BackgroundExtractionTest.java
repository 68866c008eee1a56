package dev.lucy.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.FinishReason;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.Usage;
import dev.lucy.memory.ModelExtractorTest.ScriptedModel;
import dev.lucy.memory.spi.MemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundExtractionTest {
    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-02T10:00:00Z"));
    private static final Caller ANA = new Caller("T1", "U_ANA", "C1:1.1");
    private static final String STANDUP = """
            {"results":[{"id":1,"facts":[{"subject":"standup time","statement":"Standup is at 9:30 every day.",\
            "category":"fact","target":"team","personal":false,"valid_from":null,"valid_to":null}]}]}""";

    private BackgroundExtraction extraction(dev.lucy.core.model.ChatModel model, ExtractionConfig config) {
        return BackgroundExtraction.create(model, config, clock);
    }

    @Test
    void rules_answer_at_once_and_the_model_stores_what_they_could_not_settle_later() {
        ScriptedModel model = new ScriptedModel(STANDUP);
        MemoryStore store = MemoryStore.inMemory();
        try (BackgroundExtraction background = extraction(
                model, ExtractionConfig.builder().maxDelay(Duration.ofHours(1)).build())) {
            SessionMemory memory = SessionMemory.builder(store)
                    .clock(clock)
                    .background(background)
                    .build();

            Remembered byRules = memory.remember(ANA, "Our Q1 target is $800K");
            Remembered question = memory.remember(ANA, "What's our Q1 target?");
            Remembered later = memory.remember(ANA, "the office dog is called Biscuit");

            assertThat(byRules).isInstanceOf(Remembered.Stored.class);
            assertThat(question).isInstanceOf(Remembered.NotStored.class);
            assertThat(later).isInstanceOf(Remembered.Deferred.class);
            assertThat(model.requests).isEmpty(); // nothing on the reply's path

            assertThat(background.flush()).isEqualTo(1);
            assertThat(memory.recall(ANA, "when is standup?", 500))
                    .extracting(Fact::text)
                    .contains("Standup is at 9:30 every day.");
        }
    }

    @Test
    void a_full_batch_is_one_call() {
        ScriptedModel model = new ScriptedModel("""
                {"results":[{"id":1,"facts":[]},{"id":2,"facts":[]},{"id":3,"facts":[]}]}""");
        AtomicInteger heard = new AtomicInteger();
        try (BackgroundExtraction background = extraction(
                model,
                ExtractionConfig.builder()
                        .batchSize(3)
                        .maxDelay(Duration.ofHours(1))
                        .build())) {
            for (String m : List.of("one thing here", "another thing here", "a third thing here")) {
                assertThat(background.offer(ANA, m, (c, e) -> heard.incrementAndGet()))
                        .isTrue();
            }
            background.flush();
        }
        assertThat(model.requests).hasSize(1);
        assertThat(heard).hasValue(3);
    }

    @Test
    void past_the_daily_token_budget_the_rules_alone_run_until_the_next_day() {
        List<dev.lucy.core.model.ChatRequest> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.lucy.core.model.ChatModel model = request -> {
            requests.add(request);
            return new ChatResponse("m", Message.assistant(STANDUP), FinishReason.STOP, new Usage(3_000, 100));
        };
        ExtractionConfig config = ExtractionConfig.builder()
                .dailyTokenBudget(3_500)
                .maxDelay(Duration.ofHours(1))
                .build();
        try (BackgroundExtraction background = extraction(model, config)) {
            assertThat(background.offer(ANA, "standup happens at 9:30", (c, e) -> {}))
                    .isTrue();
            background.flush();
            assertThat(background.stats().tokensToday()).isEqualTo(3_100);

            assertThat(background.offer(ANA, "standup happens at 9:45", (c, e) -> {}))
                    .isTrue();
            background.flush(); // the estimate for this batch does not fit in what is left
            assertThat(requests).hasSize(1);
            assertThat(background.stats().skippedForBudget()).isEqualTo(1);

            clock.advance(Duration.ofDays(1));
            assertThat(background.offer(ANA, "standup happens at 10:00", (c, e) -> {}))
                    .isTrue();
            background.flush();
            assertThat(requests).hasSize(2);
        }
    }

    @Test
    void a_message_holding_a_credential_never_reaches_the_model() {
        ScriptedModel model = new ScriptedModel(STANDUP);
        try (BackgroundExtraction background = extraction(
                model, ExtractionConfig.builder().maxDelay(Duration.ofHours(1)).build())) {
            SessionMemory memory = SessionMemory.builder(MemoryStore.inMemory())
                    .clock(clock)
                    .background(background)
                    .build();

            Remembered r = memory.remember(ANA, "the deploy bot runs with sk-live-4f9a8b7c6d5e4f3a2b1c again");

            assertThat(r).isNotInstanceOf(Remembered.Deferred.class);
            background.flush();
            assertThat(model.requests).isEmpty();
        }
    }
}
