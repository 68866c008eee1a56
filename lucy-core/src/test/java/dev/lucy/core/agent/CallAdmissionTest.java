package dev.lucy.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.agent.AgentEvent.LoopAction;
import dev.lucy.core.agent.ToolCallRecord.Disposition;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.ToolArguments;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolExecutor;
import dev.lucy.core.spi.ToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the loop does with each tool call of a turn, decided before anything runs. */
class CallAdmissionTest {
    private static final Caller CALLER = new Caller("T1", "U1", "C1");
    private static final String SCHEMA = "{\"type\":\"object\"}";
    private static final ToolSpec SEARCH = new ToolSpec("search_tickets", "search", SCHEMA);
    private static final ToolSpec POST = new ToolSpec("post_message", "post", SCHEMA);
    private static final ToolSpec REFUND = new ToolSpec("refund_order", "refund", SCHEMA);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T09:00:00Z"));
    private final List<AgentEvent> events = new ArrayList<>();
    private int turn;

    /** Searching only reads; posting has a side effect; refunds are found through a search. Nothing ever runs. */
    private final ToolExecutor tools = new ToolExecutor() {
        @Override
        public List<ToolSpec> toolsFor(Caller caller, String request) {
            return List.of(SEARCH, POST);
        }

        @Override
        public ToolResult execute(Caller caller, ToolCall call, ToolArguments arguments) {
            throw new AssertionError("admission never runs a call");
        }

        @Override
        public boolean readOnly(String toolName) {
            return toolName.equals(SEARCH.name());
        }

        @Override
        public Optional<ToolSpec> describe(Caller caller, String toolName) {
            return toolName.equals(REFUND.name()) ? Optional.of(REFUND) : Optional.empty();
        }
    };

    private CallAdmission admission(AgentConfig config) {
        CallAdmission admission = new CallAdmission(tools, CALLER, config, now::get, events::add);
        admission.offer(tools.toolsFor(CALLER, "help"));
        return admission;
    }

    private CallAdmission admission() {
        return admission(AgentConfig.defaults());
    }

    private Admitted admitOne(CallAdmission admission, String name, String arguments) {
        turn++;
        return admission
                .admit(turn, List.of(new ToolCall("c" + turn, name, arguments)))
                .getFirst();
    }

    private static ToolCallRecord refusal(Admitted admitted) {
        return switch (admitted) {
            case Admitted.Refused refused -> refused.answer();
            case Admitted.Looping looping -> looping.answer();
            case Admitted.Run run -> throw new AssertionError("expected a refusal, got " + run);
        };
    }

    @Test
    void runs_an_offered_call_with_its_arguments_parsed_once() {
        Admitted admitted = admitOne(admission(), "search_tickets", "{\"q\":\"refund\",\"limit\":5}");

        assertThat(admitted).isInstanceOfSatisfying(Admitted.Run.class, run -> {
            assertThat(run.call().id()).isEqualTo("c1");
            assertThat(run.arguments().json().path("q").asText()).isEqualTo("refund");
            assertThat(run.signature()).isEqualTo("search_tickets\u0000{\"limit\":5,\"q\":\"refund\"}");
        });
    }

    @Test
    void announces_every_call_of_a_turn_in_order_and_decides_each() {
        List<Admitted> admitted = admission()
                .admit(
                        1,
                        List.of(
                                new ToolCall("a", "search_tickets", "{}"),
                                new ToolCall("b", "serch_tickets", "{}"),
                                new ToolCall("c", "post_message", "{not json")));

        assertThat(events)
                .extracting(e -> ((AgentEvent.ToolCallStarted) e).call().id())
                .containsExactly("a", "b", "c");
        assertThat(admitted).extracting(Admitted::call).extracting(ToolCall::id).containsExactly("a", "b", "c");
        assertThat(admitted.get(0)).isInstanceOf(Admitted.Run.class);
        assertThat(refusal(admitted.get(1)).disposition()).isEqualTo(Disposition.UNKNOWN_TOOL);
        assertThat(refusal(admitted.get(2)).disposition()).isEqualTo(Disposition.INVALID_ARGUMENTS);
    }

    @Test
    void refuses_an_unknown_tool_with_the_closest_names_it_may_call() {
        ToolCallRecord answer = refusal(admitOne(admission(), "search_ticket", "{}"));

        assertThat(answer.disposition()).isEqualTo(Disposition.UNKNOWN_TOOL);
        assertThat(answer.duration()).isZero();
        assertThat(answer.result())
                .isEqualTo(ToolResult.unknownTool("search_ticket", List.of("search_tickets", "post_message")));
    }

    @Test
    void a_tool_the_executor_can_describe_runs_and_is_offered_from_then_on() {
        CallAdmission admission = admission();

        assertThat(admitOne(admission, "refund_order", "{\"order\":17}")).isInstanceOf(Admitted.Run.class);
        assertThat(admission.available()).containsExactly(SEARCH, POST, REFUND);
    }

    @Test
    void refuses_malformed_arguments_with_the_problem_so_the_model_can_fix_them() {
        ToolCallRecord answer = refusal(admitOne(admission(), "search_tickets", "[\"refund\"]"));

        assertThat(answer.disposition()).isEqualTo(Disposition.INVALID_ARGUMENTS);
        assertThat(answer.result())
                .isEqualTo(ToolResult.failure(
                        ToolError.INVALID_ARGUMENTS,
                        "the arguments must be a JSON object, got array. Call the tool again with a JSON object"
                                + " that matches its schema."));
    }

    @Test
    void a_repeated_call_is_warned_about_once_then_its_tool_is_withdrawn() {
        CallAdmission admission =
                admission(AgentConfig.builder().loopThreshold(2).build());

        assertThat(admitOne(admission, "search_tickets", "{\"q\":\"x\"}")).isInstanceOf(Admitted.Run.class);
        assertThat(admitOne(admission, "search_tickets", "{ \"q\" : \"x\" }")).isInstanceOf(Admitted.Run.class);
        Admitted warned = admitOne(admission, "search_tickets", "{\"q\":\"x\"}");
        Admitted looping = admitOne(admission, "search_tickets", "{\"q\":\"x\"}");

        assertThat(warned).isInstanceOf(Admitted.Refused.class);
        assertThat(refusal(warned).disposition()).isEqualTo(Disposition.LOOP_DETECTED);
        assertThat(looping).isInstanceOf(Admitted.Looping.class);
        assertThat(refusal(looping).disposition()).isEqualTo(Disposition.LOOP_DETECTED);
        assertThat(events)
                .filteredOn(AgentEvent.LoopDetected.class::isInstance)
                .containsExactly(
                        new AgentEvent.LoopDetected(3, "search_tickets", 3, LoopAction.WARNED),
                        new AgentEvent.LoopDetected(4, "search_tickets", 4, LoopAction.WITHDRAWN));
        assertThat(admission.available()).containsExactly(POST);
        assertThat(refusal(admitOne(admission, "search_tickets", "{\"q\":\"y\"}"))
                        .disposition())
                .isEqualTo(Disposition.WITHDRAWN);
    }

    @Test
    void a_tool_past_its_cap_is_refused_and_withdrawn() {
        CallAdmission admission =
                admission(AgentConfig.builder().maxCallsPerTool(2).build());

        admitOne(admission, "search_tickets", "{\"q\":1}");
        admitOne(admission, "search_tickets", "{\"q\":2}");
        ToolCallRecord capped = refusal(admitOne(admission, "search_tickets", "{\"q\":3}"));

        assertThat(capped.disposition()).isEqualTo(Disposition.CAP_REACHED);
        assertThat(capped.result().content()).contains("already been called 2 times");
        assertThat(admission.available()).containsExactly(POST);
    }

    @Test
    void an_identical_side_effecting_call_within_the_window_is_refused_but_a_read_only_one_runs() {
        CallAdmission admission = admission();

        assertThat(admitOne(admission, "post_message", "{\"text\":\"hi\"}")).isInstanceOf(Admitted.Run.class);
        now.set(now.get().plusSeconds(30));
        ToolCallRecord duplicate = refusal(admitOne(admission, "post_message", "{\"text\":\"hi\"}"));
        admitOne(admission, "search_tickets", "{\"q\":\"x\"}");

        assertThat(duplicate.disposition()).isEqualTo(Disposition.DUPLICATE_REFUSED);
        assertThat(duplicate.result().content())
                .startsWith("error (duplicate_call)")
                .contains("30 seconds ago");
        assertThat(admitOne(admission, "search_tickets", "{\"q\":\"x\"}")).isInstanceOf(Admitted.Run.class);
    }

    @Test
    void the_duplicate_window_ends() {
        CallAdmission admission = admission(
                AgentConfig.builder().duplicateWindow(Duration.ofMinutes(2)).build());

        admitOne(admission, "post_message", "{\"text\":\"hi\"}");
        now.set(now.get().plus(Duration.ofMinutes(2)));

        assertThat(admitOne(admission, "post_message", "{\"text\":\"hi\"}")).isInstanceOf(Admitted.Run.class);
    }

    @Test
    void a_side_effect_refused_before_it_acted_may_be_made_again() {
        CallAdmission admission =
                admission(AgentConfig.builder().loopThreshold(5).build());
        Admitted.Run rateLimited = (Admitted.Run) admitOne(admission, "post_message", "{\"text\":\"hi\"}");
        admission.settled(rateLimited, ToolResult.failure(ToolError.RATE_LIMITED, "slow down"));

        Admitted again = admitOne(admission, "post_message", "{\"text\":\"hi\"}");
        admission.settled((Admitted.Run) again, ToolResult.failure(ToolError.FATAL, "it broke half way"));

        assertThat(again).isInstanceOf(Admitted.Run.class);
        assertThat(refusal(admitOne(admission, "post_message", "{\"text\":\"hi\"}"))
                        .disposition())
                .isEqualTo(Disposition.DUPLICATE_REFUSED);
    }
}
