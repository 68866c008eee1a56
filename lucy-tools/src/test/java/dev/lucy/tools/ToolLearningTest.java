package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.ToolArguments;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ServedRequestStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What retrieval learns from use lasts: kept in a {@link ServedRequestStore}, it is recalled by an executor built
 * after a restart and by the other replicas sharing the store, while the call path never waits for the store.
 */
class ToolLearningTest {
    private static final Caller ANA = new Caller("T1", "U-ana", "C1:1");
    private static final String LEARNED = "should I bring an umbrella today";
    private static final String ASKED_LATER = "do I need an umbrella";

    private final ServedRequestStore store = ServedRequestStore.inMemory();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void an_executor_built_after_a_restart_recalls_the_tool_the_last_one_learned() {
        PipelineToolExecutor before = replica();
        assertThat(offered(before, ASKED_LATER)).doesNotContain("get_weather");
        serve(before, LEARNED, "get_weather");
        before.learning().orElseThrow().sync();
        before.close();

        PipelineToolExecutor after = replica();

        assertThat(offered(after, ASKED_LATER)).contains("get_weather");
    }

    @Test
    void a_replica_recalls_what_another_learned_at_its_next_sync() {
        PipelineToolExecutor first = replica();
        PipelineToolExecutor second = replica();
        serve(first, LEARNED, "get_weather");
        first.learning().orElseThrow().sync();

        assertThat(offered(second, ASKED_LATER)).as("not synced yet").doesNotContain("get_weather");
        assertThat(second.learning().orElseThrow().sync()).isEqualTo(1);
        assertThat(offered(second, ASKED_LATER)).contains("get_weather");
    }

    @Test
    void a_process_never_learns_its_own_requests_twice() {
        ToolRegistry registry = registry();
        Bm25ToolIndex index = Bm25ToolIndex.following(registry, RetrievalConfig.defaults());
        open.add(index);
        ToolLearning learning = ToolLearning.create(index, store, 100);

        learning.served("get_weather", LEARNED);
        learning.sync();
        learning.sync();

        assertThat(index.examples("get_weather")).isEqualTo(1);
        assertThat(store.after(0, 10)).hasSize(1);
    }

    @Test
    void credentials_in_a_request_are_not_stored() {
        ToolLearning learning = ToolLearning.create(index(), store, 100);

        learning.served("get_weather", "use token xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx for it");
        learning.sync();

        assertThat(store.after(0, 10))
                .singleElement()
                .satisfies(e -> assertThat(e.served().request())
                        .doesNotContain("xoxb-1234567890")
                        .startsWith("use token "));
    }

    @Test
    void beyond_the_queue_a_request_is_learned_here_only_and_counted() {
        Bm25ToolIndex index = index();
        ToolLearning learning = ToolLearning.create(index, store, 100, 2);

        learning.served("get_weather", "umbrella");
        learning.served("get_weather", "sunscreen");
        learning.served("get_weather", "snow tyres");
        learning.sync();

        assertThat(index.examples("get_weather")).isEqualTo(3);
        assertThat(learning.dropped()).isEqualTo(1);
        assertThat(store.after(0, 10)).extracting(e -> e.served().request()).containsExactly("umbrella", "sunscreen");
    }

    @Test
    void what_a_failed_write_held_is_stored_at_the_next_sync() {
        AtomicBoolean down = new AtomicBoolean(true);
        ServedRequestStore flaky = new ServedRequestStore() {
            @Override
            public void append(String origin, List<ServedRequest> served, int keepPerTool) {
                if (down.get()) {
                    throw new IllegalStateException("database unreachable");
                }
                store.append(origin, served, keepPerTool);
            }

            @Override
            public List<Entry> after(long position, int limit) {
                return store.after(position, limit);
            }
        };
        ToolLearning learning = ToolLearning.create(index(), flaky, 100);
        learning.served("get_weather", LEARNED);

        assertThatThrownBy(learning::sync).hasMessageContaining("unreachable");
        assertThat(learning.queued()).isEqualTo(1);
        down.set(false);
        learning.sync();

        assertThat(store.after(0, 10)).extracting(e -> e.served().request()).containsExactly(LEARNED);
        assertThat(learning.queued()).isZero();
    }

    private PipelineToolExecutor replica() {
        PipelineToolExecutor executor = PipelineToolExecutor.builder(registry())
                .retrievalConfig(RetrievalConfig.defaults().toBuilder()
                        .learningRefresh(Duration.ZERO)
                        .build())
                .servedRequests(store)
                .build();
        open.add(executor);
        return executor;
    }

    private Bm25ToolIndex index() {
        Bm25ToolIndex index = Bm25ToolIndex.following(registry(), RetrievalConfig.defaults());
        open.add(index);
        return index;
    }

    private static ToolRegistry registry() {
        ToolRegistry registry = new ToolRegistry();
        registry.register(Tool.builder("get_weather")
                .description("Weather forecast for a city")
                .handler((caller, args) -> ToolResult.success("{\"forecast\":\"rain\"}"))
                .build());
        registry.register(Tool.builder("open_ticket")
                .description("Open a support ticket")
                .handler((caller, args) -> ToolResult.success("{\"ticket\":1}"))
                .build());
        return registry;
    }

    /** The agent's way: tools are looked up for the request, then one of them serves it. */
    private static void serve(PipelineToolExecutor executor, String request, String tool) {
        executor.toolsFor(ANA, request);
        ToolCall call = new ToolCall("call-1", tool, "{}");
        assertThat(executor.execute(ANA, call, ToolArguments.parse(call.arguments())))
                .isInstanceOf(ToolResult.Success.class);
    }

    private static List<String> offered(PipelineToolExecutor executor, String request) {
        return executor.toolsFor(ANA, request).stream().map(ToolSpec::name).toList();
    }
}
