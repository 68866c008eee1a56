package dev.lucy.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.model.Message;
import dev.lucy.memory.spi.ThreadHistory;
import dev.lucy.memory.spi.ThreadSummaryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThreadMemoryTest {
    private static final Caller CALLER = new Caller("T1", "U1", "C1:100.1");
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    /** A platform whose threads grow as tests post to them; counts loads. */
    static final class FakePlatform implements ThreadHistory {
        final List<ThreadMessage> thread = new ArrayList<>();
        final AtomicInteger loads = new AtomicInteger();

        void post(String user, String text) {
            thread.add(new ThreadMessage(user, text, T0.plusSeconds(thread.size()), user.equals("LUCY")));
        }

        /** A thread of "message 1" to "message COUNT", posted by U1. */
        static FakePlatform numbered(int count) {
            FakePlatform platform = new FakePlatform();
            platform.postNumbered(1, count);
            return platform;
        }

        /** Posts "message FROM" to "message TO" as U1. */
        void postNumbered(int from, int to) {
            for (int i = from; i <= to; i++) {
                post("U1", "message " + i);
            }
        }

        @Override
        public List<ThreadMessage> load(Caller caller, int limit) {
            loads.incrementAndGet();
            return List.copyOf(thread.subList(Math.max(0, thread.size() - limit), thread.size()));
        }
    }

    @Test
    void loads_once_and_serves_from_the_cache_until_a_new_message_arrives() {
        FakePlatform platform = new FakePlatform();
        platform.post("U1", "hi, what's the plan for Q1?");
        ThreadMemory memory = ThreadMemory.builder(platform).build();

        memory.history(CALLER);
        memory.history(CALLER);
        assertThat(platform.loads).hasValue(1);

        platform.post("LUCY", "The plan is to hit $800K.");
        memory.messageArrived(CALLER);

        assertThat(memory.history(CALLER)).extracting(ThreadMessage::text).endsWith("The plan is to hit $800K.");
        assertThat(platform.loads).hasValue(2);
    }

    @Test
    void the_same_conversation_id_in_two_workspaces_is_two_threads() {
        AtomicInteger loads = new AtomicInteger();
        ThreadHistory platform = (caller, limit) -> {
            loads.incrementAndGet();
            return List.of(new ThreadMessage(caller.userId(), "said in " + caller.workspaceId(), T0, false));
        };
        ThreadMemory memory = ThreadMemory.builder(platform).build();
        Caller elsewhere = new Caller("T2", "U1", CALLER.conversationId());

        assertThat(memory.history(CALLER)).extracting(ThreadMessage::text).containsExactly("said in T1");
        assertThat(memory.history(elsewhere)).extracting(ThreadMessage::text).containsExactly("said in T2");
        memory.messageArrived(elsewhere);
        memory.history(CALLER);
        assertThat(loads).as("T1's thread stays cached").hasValue(2);
        memory.history(elsewhere);
        assertThat(loads).as("T2's thread is loaded again").hasValue(3);
    }

    @Test
    void keeps_the_newest_messages_within_the_message_and_token_bounds() {
        FakePlatform platform = new FakePlatform();
        for (int i = 0; i < 30; i++) {
            platform.post("U1", "message " + i + " " + "x".repeat(36));
        }
        ThreadMemory byCount = ThreadMemory.builder(platform).maxMessages(5).build();
        ThreadMemory byTokens = ThreadMemory.builder(platform).maxTokens(50).build();

        assertThat(byCount.history(CALLER))
                .extracting(ThreadMessage::text)
                .first()
                .asString()
                .startsWith("message 25 ");
        assertThat(byCount.history(CALLER)).hasSize(5);
        assertThat(byTokens.history(CALLER))
                .hasSize(3)
                .last()
                .extracting(ThreadMessage::text)
                .asString()
                .startsWith("message 29 ");
    }

    @Test
    void expires_cached_history_after_the_ttl() {
        FakePlatform platform = new FakePlatform();
        platform.post("U1", "hello there everyone");
        AtomicLong nanos = new AtomicLong();
        ThreadMemory memory = ThreadMemory.builder(platform)
                .cacheTtl(java.time.Duration.ofMinutes(1))
                .ticker(nanos::get)
                .build();

        memory.history(CALLER);
        nanos.addAndGet(java.time.Duration.ofMinutes(2).toNanos());
        memory.history(CALLER);

        assertThat(platform.loads).hasValue(2);
    }

    @Test
    void renders_the_thread_as_chat_messages() {
        FakePlatform platform = new FakePlatform();
        platform.post("U1", "what's our target?");
        platform.post("LUCY", "$800K for Q1.");

        assertThat(ThreadMemory.builder(platform).build().messages(CALLER))
                .containsExactly(Message.user("what's our target?"), Message.assistant("$800K for Q1."));
    }

    /** Memory that keeps the newest ten messages of a thread and has {@code summarizer} fold the older ones. */
    private static ThreadMemory keepingTen(FakePlatform platform, dev.lucy.memory.spi.ThreadSummarizer summarizer) {
        return ThreadMemory.builder(platform)
                .maxMessages(10)
                .summarizer(summarizer)
                .build();
    }

    /** A summarizer that records what it was given and answers with what it folded, so tests can read it. */
    static final class RecordingSummarizer implements dev.lucy.memory.spi.ThreadSummarizer {
        final List<java.util.Optional<String>> previous = new ArrayList<>();
        final List<List<String>> folded = new ArrayList<>();

        @Override
        public String summarize(java.util.Optional<String> before, List<ThreadMessage> older) {
            previous.add(before);
            folded.add(older.stream().map(ThreadMessage::text).toList());
            return before.map(b -> b + " + ").orElse("") + older.size() + " folded";
        }
    }

    @Test
    void a_thread_that_no_longer_fits_gets_a_summary_of_its_older_half_instead_of_losing_it() {
        FakePlatform platform = FakePlatform.numbered(12);
        RecordingSummarizer summarizer = new RecordingSummarizer();
        ThreadMemory memory = keepingTen(platform, summarizer);

        ThreadContext context = memory.context(CALLER);

        assertThat(context.summary()).hasValue("7 folded");
        assertThat(summarizer.folded)
                .containsExactly(List.of(
                        "message 1", "message 2", "message 3", "message 4", "message 5", "message 6", "message 7"));
        assertThat(context.recent())
                .extracting(ThreadMessage::text)
                .containsExactly("message 8", "message 9", "message 10", "message 11", "message 12");
    }

    @Test
    void the_summary_is_kept_and_extended_with_only_what_fell_out_since() {
        FakePlatform platform = FakePlatform.numbered(12);
        RecordingSummarizer summarizer = new RecordingSummarizer();
        ThreadMemory memory = keepingTen(platform, summarizer);
        memory.context(CALLER);
        memory.context(CALLER);
        assertThat(summarizer.folded).hasSize(1); // cached: no new message, no new summary

        for (int i = 13; i <= 16; i++) {
            platform.post("U1", "message " + i);
            memory.messageArrived(CALLER);
            assertThat(memory.context(CALLER).summary()).hasValue("7 folded"); // still fits beside the summary
        }
        assertThat(summarizer.folded).hasSize(1);

        platform.postNumbered(17, 18);
        memory.messageArrived(CALLER);
        ThreadContext context = memory.context(CALLER);

        assertThat(summarizer.previous.get(1)).hasValue("7 folded");
        assertThat(summarizer.folded.get(1)).first().isEqualTo("message 8");
        assertThat(context.summary())
                .hasValue("7 folded + " + summarizer.folded.get(1).size() + " folded");
        assertThat(context.recent()).extracting(ThreadMessage::text).endsWith("message 18");
    }

    @Test
    void a_key_pasted_in_the_thread_is_masked_in_the_summary_kept() {
        FakePlatform platform = FakePlatform.numbered(12);
        ThreadSummaryStore kept = ThreadSummaryStore.inMemory();
        ThreadMemory memory = ThreadMemory.builder(platform)
                .maxMessages(10)
                .summarizer((previous, older) -> "Ana shared the staging key sk-live-4f9a8b7c6d5e4f3a2b1c0d9e.")
                .summaries(kept)
                .build();

        assertThat(memory.context(CALLER).summary()).hasValue("Ana shared the staging key sk-[redacted API key].");
        assertThat(kept.load(CALLER.workspaceId(), CALLER.conversationId()))
                .hasValueSatisfying(s -> assertThat(s.text()).doesNotContain("4f9a8b7c6d5e4f3a2b1c0d9e"));
    }

    @Test
    void when_summarising_fails_the_context_says_what_it_leaves_out() {
        FakePlatform platform = FakePlatform.numbered(12);
        ThreadMemory memory = keepingTen(platform, (previous, older) -> {
            throw dev.lucy.core.LucyException.transientFailure("model down", null);
        });

        assertThat(memory.context(CALLER).summary()).hasValue("7 earlier messages of this thread are not shown.");
    }

    @Test
    void a_short_thread_has_no_summary() {
        FakePlatform platform = new FakePlatform();
        platform.post("U1", "hi, what's the plan for Q1?");
        RecordingSummarizer summarizer = new RecordingSummarizer();

        ThreadContext context =
                ThreadMemory.builder(platform).summarizer(summarizer).build().context(CALLER);

        assertThat(context.summary()).isEmpty();
        assertThat(context.recent()).hasSize(1);
        assertThat(summarizer.folded).isEmpty();
    }
}
