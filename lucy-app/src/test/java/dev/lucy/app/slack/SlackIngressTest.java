package dev.lucy.app.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.LucyException;
import dev.lucy.core.runtime.RunRequest;
import dev.lucy.testkit.slack.AssistantThread;
import dev.lucy.testkit.slack.Delivery;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import dev.lucy.testkit.slack.SlackUser;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real Bolt over Socket Mode against the simulator, a real runtime behind the ingress. */
class SlackIngressTest {
    private static final Duration WAIT = IngressHarness.WAIT;

    @RegisterExtension
    final IngressHarness.Connected connected = new IngressHarness.Connected();

    @Test
    void a_mention_becomes_one_run_with_the_mention_removed_and_the_thread_as_conversation(
            SlackSimulator slack, IngressHarness lucy) {
        SlackUser alice = slack.user("alice");
        SlackMessage question = alice.mentionsBot("general", "what is the capital of Peru?");

        RunRequest run = lucy.awaitRuns(1).get(0);
        lucy.awaitQuiet();

        assertThat(run.event().text()).isEqualTo("what is the capital of Peru?");
        assertThat(run.event().messageId()).isEqualTo(question.ts());
        assertThat(run.event().caller())
                .isEqualTo(new Caller(slack.teamId(), alice.id(), slack.channelId("general") + ":" + question.ts()));
        assertThat(run.event().sentAt().getEpochSecond())
                .isEqualTo(
                        Long.parseLong(question.ts().substring(0, question.ts().indexOf('.'))));
        assertThat(lucy.runs).hasSize(1);
        assertThat(lucy.agentRunAdmissions()).isEqualTo(1);
    }

    @Test
    void a_direct_message_reaches_lucy_without_a_mention(SlackSimulator slack, IngressHarness lucy) {
        SlackMessage dm = slack.user("bob").dmsBot("how do I rotate the database credentials?");

        RunRequest run = lucy.awaitRuns(1).get(0);

        assertThat(run.event().text()).isEqualTo("how do I rotate the database credentials?");
        assertThat(run.event().conversationId()).isEqualTo(dm.channel() + ":" + dm.ts());
        assertThat(run.event().caller().userId()).isEqualTo(slack.user("bob").id());
    }

    @Test
    void replies_reach_lucy_only_in_threads_it_takes_part_in(SlackSimulator slack, IngressHarness lucy) {
        SlackUser alice = slack.user("alice");
        SlackUser bob = slack.user("bob");
        SlackMessage question = alice.mentionsBot("general", "which regions run the billing service?");
        lucy.awaitRuns(1);

        SlackMessage followUp = bob.repliesTo(question, "and which of those run the ledger?");
        RunRequest second = lucy.awaitRuns(2).get(1);
        assertThat(second.event().messageId()).isEqualTo(followUp.ts());
        assertThat(second.event().conversationId()).isEqualTo(question.channel() + ":" + question.ts());

        SlackMessage elsewhere = alice.says("general", "does anyone know where the lunch menu is kept?");
        bob.repliesTo(elsewhere, "ask the office team about the lunch menu please");
        lucy.awaitQuiet();
        assertThat(lucy.runs).hasSize(2);
    }

    @Test
    void lucys_own_messages_other_bots_edits_deletions_and_joins_never_start_a_run(
            SlackSimulator slack, IngressHarness lucy) throws Exception {
        SlackUser alice = slack.user("alice");
        SlackMessage dm = alice.dmsBot("summarise the incident report from yesterday");
        lucy.awaitRuns(1);

        alice.edits(dm, "summarise the incident report from last week");
        alice.deletes(dm);
        lucy.transport
                .methods()
                .chatPostMessage(r -> r.channel(slack.channelId("general"))
                        .text("<@" + slack.botUserId() + "> a note from Lucy herself"));
        lucy.transport.methods().chatPostMessage(r -> r.channel(dm.channel()).text("Lucy writes in the DM"));
        slack.emitEvent("""
                {"type":"message","subtype":"channel_join","user":"%s","channel":"%s","ts":"%s",
                 "text":"<@%s> has joined the channel","channel_type":"channel"}""".formatted(alice.id(), slack.channelId("general"), dm.ts(), alice.id()));
        slack.emitEvent("""
                {"type":"message","subtype":"bot_message","bot_id":"B0OTHER001","username":"deploybot",
                 "channel":"%s","ts":"%s","text":"deployed <@%s> please check","channel_type":"im"}""".formatted(dm.channel(), dm.ts(), slack.botUserId()));
        lucy.awaitQuiet();

        assertThat(lucy.runs).hasSize(1);
        assertThat(slack.deliveries()).allSatisfy(d -> assertThat(d.outcome()).isEqualTo(Delivery.Outcome.ACKED));
    }

    @Test
    void a_redelivered_event_is_handled_once() {
        try (SlackSimulator slack = SlackSimulator.builder()
                        .subscriptions("app_mention")
                        .ackTimeout(Duration.ofMillis(300))
                        .retryDelays(Duration.ZERO)
                        .start();
                IngressHarness lucy = new IngressHarness(slack, b -> b, b -> b, null)) {
            // Hold the first delivery until Slack has sent it again, as a slow or lost ack would make it do.
            AtomicBoolean first = new AtomicBoolean(true);
            lucy.transport.app().use((req, resp, chain) -> {
                if (first.getAndSet(false)) {
                    slack.awaitTrue(
                            "the redelivery", WAIT, () -> slack.deliveries().size() >= 2);
                }
                return chain.next(req);
            });
            lucy.start();

            SlackMessage question = slack.user("alice").mentionsBot("general", "what changed in the last release?");
            lucy.awaitRuns(1);
            slack.awaitTrue(
                    "both deliveries handled", WAIT, () -> lucy.admissions.size() == 2 && lucy.executor.busy() == 0);

            List<Delivery> deliveries = slack.deliveries();
            assertThat(deliveries).hasSize(2);
            assertThat(deliveries.get(1).retryAttempt()).isEqualTo(1);
            assertThat(deliveries.get(1).eventId()).isEqualTo(deliveries.get(0).eventId());
            assertThat(lucy.runsAdmittedFor(question.ts())).isEqualTo(1);
            assertThat(lucy.agentRunAdmissions()).isEqualTo(1);
        }
    }

    @Test
    void a_mention_also_delivered_as_a_thread_message_runs_once(SlackSimulator slack, IngressHarness lucy) {
        SlackUser alice = slack.user("alice");
        SlackMessage question = alice.mentionsBot("general", "who owns the payments dashboard?");
        lucy.awaitRuns(1);

        // Lucy takes part in this thread, so the reply arrives as app_mention and as message: same ts.
        SlackMessage reply = alice.repliesTo(question, "<@" + slack.botUserId() + "> and who owns the alerts?");
        lucy.awaitRuns(2);
        lucy.awaitQuiet();

        assertThat(slack.deliveries().stream()
                        .filter(d -> d.type().equals("events_api"))
                        .count())
                .as("app_mention and message for each of the two messages")
                .isEqualTo(4);
        assertThat(lucy.runsAdmittedFor(reply.ts())).isEqualTo(1);
        assertThat(lucy.runs).hasSize(2);
        assertThat(lucy.runs.get(1).event().text()).isEqualTo("and who owns the alerts?");
    }

    @Test
    void a_new_assistant_thread_gets_suggested_prompts_and_its_messages_reach_lucy(
            SlackSimulator slack, IngressHarness lucy) {
        SlackUser alice = slack.user("alice");
        AssistantThread thread = alice.startsAssistantThread("general");

        AssistantThread shown = slack.await(
                "the suggested prompts",
                WAIT,
                () -> slack.assistantThread(thread.channel(), thread.threadTs())
                        .filter(t -> !t.prompts().isEmpty()));
        assertThat(shown.prompts())
                .extracting(AssistantThread.SuggestedPrompt::title)
                .containsExactlyElementsOf(SlackIngress.DEFAULT_PROMPTS.stream()
                        .map(SlackIngress.Prompt::title)
                        .toList());
        String conversation = thread.channel() + ":" + thread.threadTs();
        slack.awaitTrue(
                "the context remembered",
                WAIT,
                () -> lucy.ingress.viewing(conversation).isPresent());
        assertThat(lucy.ingress.viewing(conversation)).contains(slack.channelId("general"));

        alice.saysIn(thread, "what did the team decide about the launch date?");
        RunRequest run = lucy.awaitRuns(1).get(0);
        assertThat(run.event().conversationId()).isEqualTo(conversation);
        assertThat(run.event().text()).isEqualTo("what did the team decide about the launch date?");
    }

    @Test
    void the_agent_view_gets_prompts_for_the_whole_conversation_its_context_and_a_title_per_new_thread() {
        try (SlackSimulator slack = SlackSimulator.builder()
                        .channel("general")
                        .channel("random")
                        .agentView()
                        .start();
                IngressHarness lucy = IngressHarness.socketMode(slack)) {
            SlackUser alice = slack.user("alice");
            String im = alice.opensMessagesTab();
            AssistantThread tab = slack.await(
                    "the suggested prompts",
                    WAIT,
                    () -> slack.messagesTab("alice").filter(t -> !t.prompts().isEmpty()));
            assertThat(tab.channel()).isEqualTo(im);
            assertThat(tab.prompts())
                    .extracting(AssistantThread.SuggestedPrompt::title)
                    .containsExactlyElementsOf(SlackIngress.DEFAULT_PROMPTS.stream()
                            .map(SlackIngress.Prompt::title)
                            .toList());

            alice.views("random");
            slack.awaitTrue(
                    "the context remembered",
                    WAIT,
                    () -> lucy.ingress
                            .viewing(im + ":1.000001")
                            .equals(java.util.Optional.of(slack.channelId("random"))));

            SlackMessage question = alice.dmsBot("<@" + slack.botUserId() + "> how   do we deploy on Fridays?");
            RunRequest run = lucy.awaitRuns(1).get(0);
            assertThat(run.event().conversationId()).isEqualTo(im + ":" + question.ts());
            AssistantThread thread = slack.await(
                    "the title",
                    WAIT,
                    () -> slack.assistantThread(im, question.ts())
                            .filter(t -> t.title().isPresent()));
            assertThat(thread.title()).contains("how do we deploy on Fridays?");
            lucy.awaitQuiet();
            assertThat(slack.unackedEnvelopes())
                    .as("every agent view event acknowledged")
                    .isZero();
        }
    }

    @Test
    void a_changed_assistant_context_is_remembered() {
        try (SlackSimulator slack = SlackSimulator.builder()
                        .channel("general")
                        .channel("random")
                        .start();
                IngressHarness lucy = IngressHarness.socketMode(slack)) {
            AssistantThread thread = slack.user("alice").startsAssistantThread("general");
            String conversation = thread.channel() + ":" + thread.threadTs();
            slack.awaitTrue(
                    "the first context",
                    WAIT,
                    () -> lucy.ingress.viewing(conversation).isPresent());

            slack.emitEvent("""
                    {"type":"assistant_thread_context_changed","assistant_thread":{"user_id":"%s","channel_id":"%s",
                     "thread_ts":"%s","context":{"channel_id":"%s","team_id":"%s"}},"event_ts":"%s"}""".formatted(
                            slack.user("alice").id(),
                            thread.channel(),
                            thread.threadTs(),
                            slack.channelId("random"),
                            slack.teamId(),
                            thread.threadTs()));

            slack.awaitTrue(
                    "the new context",
                    WAIT,
                    () -> lucy.ingress.viewing(conversation).equals(java.util.Optional.of(slack.channelId("random"))));
            lucy.awaitQuiet();
        }
    }

    @Test
    void a_failure_while_taking_a_message_is_told_in_the_thread() {
        try (SlackSimulator slack = SlackSimulator.create();
                IngressHarness lucy = new IngressHarness(slack, b -> b, b -> b, key -> {
                            throw LucyException.transientFailure("the dedup store is down", null);
                        })
                        .start()) {
            SlackMessage question = slack.user("alice").mentionsBot("general", "what is on the roadmap?");

            SlackMessage notice = slack.awaitBotReply(question, WAIT);

            assertThat(notice.text()).isEqualTo(SlackIngress.FAILURE_NOTICE);
            assertThat(lucy.runs).isEmpty();
        }
    }

    @Test
    void unknown_events_are_acknowledged_so_slack_does_not_send_them_again(SlackSimulator slack, IngressHarness lucy) {
        SlackMessage note = slack.user("alice").says("general", "the build is green again");
        slack.user("bob").reactsTo(note, "tada");
        lucy.awaitQuiet();

        assertThat(slack.deliveries()).hasSize(2).allSatisfy(d -> {
            assertThat(d.outcome()).isEqualTo(Delivery.Outcome.ACKED);
            assertThat(d.retryAttempt()).isZero();
        });
        assertThat(lucy.runs).isEmpty();
    }

    @Test
    void the_mention_is_stripped_in_every_form_slack_writes_it(SlackSimulator slack, IngressHarness lucy) {
        SlackIngress ingress = lucy.ingress;
        String bot = slack.botUserId();
        assertThat(ingress.withoutMention("T0TEAM", "<@" + bot + "> hi  there")).isEqualTo("hi there");
        assertThat(ingress.withoutMention("T0TEAM", "ask <@" + bot + "|lucy> about <@U0ALICE01>"))
                .isEqualTo("ask about <@U0ALICE01>");
        assertThat(ingress.withoutMention("T0TEAM", "<@" + bot + ">")).isEmpty();
        assertThat(ingress.sentAt("1700000000.000100").toString()).isEqualTo("2023-11-14T22:13:20.000100Z");
    }
}
