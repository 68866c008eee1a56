package dev.lucy.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ModelTier;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TriageTest {
    private final Triage triage = new CoreTriageRules(bound -> 0);

    private static InboundEvent event(String text) {
        return new InboundEvent("E1", new Caller("T1", "U1", "C1:1"), "1.1", text, Instant.EPOCH);
    }

    private TriageDecision decide(String text) {
        return triage.classify(event(text), ConversationView.NEW);
    }

    @ParameterizedTest(name = "\"{0}\" is answered from a template")
    @CsvSource(
            delimiter = '|',
            value = {
                "hi",
                "Hi Lucy!",
                "<@U0LUCY> hello",
                "hey there",
                "good morning team",
                "yo :wave:",
                "are you there?",
                "you around",
                "ping",
                "help",
                "what can you do?",
                "How can you help me",
                "who are you",
                "'   '",
                "<@U0LUCY>",
                "!!!"
            })
    void greetings_presence_help_and_empty_mentions_get_a_fast_reply(String text) {
        assertThat(decide(text)).isInstanceOf(TriageDecision.FastReply.class);
    }

    @ParameterizedTest(name = "\"{0}\" asks for status")
    @CsvSource({"what are you working on?", "status", "What's the status", "any updates?", "are you done yet"})
    void status_questions_are_recognised(String text) {
        assertThat(decide(text)).isInstanceOf(TriageDecision.StatusQuery.class);
    }

    @ParameterizedTest(name = "\"{0}\" cancels")
    @CsvSource({"cancel", "cancel that", "stop", "Stop it please", "never mind", "nevermind", "abort"})
    void cancel_requests_are_recognised(String text) {
        assertThat(decide(text)).isInstanceOf(TriageDecision.Cancel.class);
    }

    @ParameterizedTest(name = "\"{0}\" needs the agent")
    @CsvSource(
            delimiter = '|',
            value = {
                "hi, can you summarise the last three incidents for me",
                "help me write a migration plan for the billing database",
                "stop the deploy pipeline for the payments service and tell me why it failed",
                "what is our revenue target?",
                "hello world in rust please"
            })
    void anything_longer_or_with_a_request_becomes_an_agent_run(String text) {
        assertThat(decide(text)).isInstanceOf(TriageDecision.AgentRun.class);
    }

    @Test
    void urgency_raises_priority() {
        TriageDecision.AgentRun run =
                (TriageDecision.AgentRun) decide("prod is down for checkout, what changed in the last deploy? urgent");
        assertThat(run.priority()).isEqualTo(Priority.INTERACTIVE_FAST);
        assertThat(run.background()).isFalse();
    }

    @Test
    void deep_research_runs_in_the_background_on_a_strong_model() {
        TriageDecision.AgentRun run = (TriageDecision.AgentRun)
                decide("do a deep dive on our three main competitors' pricing and write a full report");
        assertThat(run.background()).isTrue();
        assertThat(run.priority()).isEqualTo(Priority.BACKGROUND);
        assertThat(run.tier()).isEqualTo(ModelTier.FRONTIER);
    }

    @Test
    void short_questions_go_to_the_fast_tier_and_code_questions_to_the_frontier_tier() {
        assertThat(((TriageDecision.AgentRun) decide("what's the wifi password?")).tier())
                .isEqualTo(ModelTier.FAST);
        assertThat(((TriageDecision.AgentRun) decide("why does this stack trace come from the payment worker?")).tier())
                .isEqualTo(ModelTier.FRONTIER);
    }

    @Test
    void a_short_answer_to_lucys_own_question_reaches_the_agent() {
        TriageDecision decision = triage.classify(event("hi"), new ConversationView(true, true, 3));
        assertThat(decision).isInstanceOf(TriageDecision.AgentRun.class);
    }

    @Test
    void platform_rules_run_before_core_rules() {
        Triage withThanks =
                triage.withRulesFirst(List.of((event, view) -> event.text().contains("thanks")
                        ? Optional.of(new TriageDecision.ReactOnly("saluting_face"))
                        : Optional.empty()));
        assertThat(withThanks.classify(event("thanks!"), ConversationView.NEW))
                .isEqualTo(new TriageDecision.ReactOnly("saluting_face"));
        assertThat(withThanks.classify(event("hi"), ConversationView.NEW)).isInstanceOf(TriageDecision.FastReply.class);
    }
}
