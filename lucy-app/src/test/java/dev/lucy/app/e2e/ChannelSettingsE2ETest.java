package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static dev.lucy.app.e2e.LucyE2E.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.config.ConfigLoader;
import dev.lucy.app.config.LucyConfig;
import dev.lucy.core.model.Message;
import dev.lucy.core.runtime.SettingsStore;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackUser;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /lucy config} through the bot: the person who created a channel sets its model tier and tools, and the next
 * mention there goes to that tier's model with only that tool offered, while another channel keeps Lucy's defaults;
 * someone who manages neither the channel nor the workspace is refused; {@code /lucy config} shows the settings back,
 * only to the person who ran it; a channel that turned thread joining off is answered in a thread only when
 * mentioned.
 */
class ChannelSettingsE2ETest {
    private static final LucyConfig CONFIG = ConfigLoader.load(Map.of(
            "LUCY_MODEL", "everyday-model",
            "LUCY_MODEL_FAST", "fast-model",
            "LUCY_MODEL_FRONTIER", "frontier-model"));
    private static final String OTHER = "random";

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create()
            .simulator(s ->
                    s.user("alice").user("bob").admin("carol").channel(CHANNEL).channel(OTHER))
            .app(app -> app.resilience(CONFIG.resilienceConfig()));

    private int ephemerals;

    /** Runs {@code /lucy config ARGUMENT} as {@code who} in #general; returns what only they were shown. */
    private SlackMessage config(SlackUser who, String argument) {
        who.runsCommand(CHANNEL, "/lucy", "config " + argument);
        SlackMessage shown = lucy.slack().awaitEphemeral(CHANNEL, ++ephemerals, WAIT);
        assertThat(shown.visibleTo()).contains(who.id());
        LucyE2E.assertPlain(shown.text());
        return shown;
    }

    @Test
    void a_channel_manager_sets_its_tier_and_tools_and_only_that_channel_changes() {
        lucy.slack().createdBy(CHANNEL, "alice");
        SlackUser alice = lucy.user("alice");
        SlackUser bob = lucy.user("bob");
        String general = lucy.slack().channelId(CHANNEL);

        assertThat(config(alice, "tier frontier").text()).startsWith("Model tier in <#" + general + ">: frontier.");
        assertThat(config(alice, "tools create_task").text())
                .startsWith("Tools in <#" + general + ">: only create_task.");
        assertThat(config(alice, "tools create_task,launch_rockets").text())
                .startsWith("There is no tool called \"launch_rockets\" here. The tools you can choose here are: ")
                .contains("create_task", "get_projects");
        assertThat(config(bob, "tier fast").text())
                .isEqualTo("Only the person who created this channel or a workspace admin can change its settings."
                        + " `/lucy config` shows them.");
        assertThat(config(bob, "workspace tier fast").text())
                .startsWith("Only a workspace admin or owner can change the workspace's settings.");

        String here = "please write a short note for the team about moving the weekly planning meeting to Thursday";
        String there = "please write a short note for the team about moving the monthly review meeting to Friday";
        lucy.awaitAnswer(bob.mentionsBot(CHANNEL, here), text -> text.contains("You asked: " + here));
        lucy.awaitAnswer(bob.mentionsBot(OTHER, there), text -> text.contains("You asked: " + there));

        ModelRequest configured = lucy.modelRequestFor(here).orElseThrow();
        ModelRequest unchanged = lucy.modelRequestFor(there).orElseThrow();
        assertThat(configured.model()).isEqualTo("frontier-model");
        assertThat(configured.toolNames()).containsExactly("create_task");
        assertThat(unchanged.model()).isEqualTo("everyday-model");
        assertThat(unchanged.toolNames()).isNotEmpty().isNotEqualTo(java.util.List.of("create_task"));

        assertThat(config(bob, "").text())
                .startsWith("Settings in effect in <#" + general + ">:")
                .contains("• Model tier: frontier (set for this channel)")
                .contains("• Tools: create_task (set for this channel)")
                .contains("• MCP servers: all (Lucy's default)")
                .contains("• Joins threads without a mention: on (Lucy's default)");
        assertThat(lucy.app().engine().settings().history(lucy.slack().teamId(), 10))
                .extracting(SettingsStore.Change::key, SettingsStore.Change::changedBy)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("tools", alice.id()),
                        org.assertj.core.groups.Tuple.tuple("tier", alice.id()));
    }

    @Test
    void extra_instructions_reach_the_prompt_and_a_workspace_admin_turns_thread_joining_off() {
        SlackUser carol = lucy.user("carol");
        SlackUser alice = lucy.user("alice");
        config(carol, "persona \"Always answer in the voice of a ship's captain.\"");
        config(carol, "join-threads off");

        String first = "what is on the agenda for the planning meeting on Thursday";
        SlackMessage asked = alice.mentionsBot(CHANNEL, first);
        lucy.awaitAnswer(asked, text -> text.contains("You asked: " + first));
        assertThat(lucy.modelRequestFor(first).orElseThrow().messages().getFirst())
                .isInstanceOfSatisfying(
                        Message.System.class,
                        system -> assertThat(system.content())
                                .contains("Always answer in the voice of a ship's captain."));

        String unmentioned = "and who is taking the notes at that planning meeting";
        alice.replies(CHANNEL, asked.ts(), unmentioned);
        String mentioned = "and which room is the planning meeting in";
        SlackMessage again =
                alice.replies(CHANNEL, asked.ts(), "<@" + lucy.slack().botUserId() + "> " + mentioned);
        lucy.awaitAnswer(again, text -> text.contains(mentioned));
        lucy.awaitSettled();

        assertThat(lucy.modelRequestFor(mentioned)).isPresent();
        assertThat(lucy.modelRequestFor(unmentioned)).isEmpty();
    }
}
