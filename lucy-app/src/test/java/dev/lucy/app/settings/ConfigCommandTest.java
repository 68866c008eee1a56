package dev.lucy.app.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.ManualClock;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.runtime.SettingsStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code /lucy config} as people type it: shown back in plain words with where each setting comes from, changed by the
 * people who manage the scope, values checked with a sentence that lists what is valid, reset, and a channel's tools
 * kept within its workspace's.
 */
class ConfigCommandTest {
    private static final String TEAM = "T1";
    private static final String GENERAL = "C1";
    private static final String RANDOM = "C2";
    private static final String ADMIN = "U_ADMIN";
    private static final String CREATOR = "U_CREATOR";
    private static final String SOMEONE = "U_SOMEONE";

    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-02T08:00:00Z"));
    private final SettingsStore store = SettingsStore.inMemory();
    private final ConversationSettings settings = new ConversationSettings(
            store,
            () -> Set.of("create_task", "get_projects", "search_web"),
            () -> Set.of("github", "notes"),
            Duration.ofMinutes(5),
            clock);
    private final Managers managers = new Managers() {
        @Override
        public boolean managesWorkspace(String workspaceId, String userId) {
            return userId.equals(ADMIN);
        }

        @Override
        public boolean managesChannel(String workspaceId, String channelId, String userId) {
            return userId.equals(ADMIN) || (userId.equals(CREATOR) && channelId.equals(GENERAL));
        }
    };
    private final ConfigCommand command = new ConfigCommand("/lucy", settings, managers);

    private String run(String user, String argument) {
        return command.answer(TEAM, GENERAL, user, argument);
    }

    @Test
    void shows_every_setting_in_plain_words_and_where_it_comes_from() {
        run(ADMIN, "workspace tier fast");
        run(CREATOR, "tools create_task");

        assertThat(run(SOMEONE, "")).isEqualTo("""
                        Settings in effect in <#C1>:
                        • Extra instructions: none (Lucy's default)
                        • Model tier: fast (set for the workspace)
                        • Tools: create_task (set for this channel)
                        • MCP servers: all (Lucy's default)
                        • Joins threads without a mention: on (Lucy's default)
                        • Quiet hours: none (Lucy's default)
                        A channel's setting wins over the workspace's. `/lucy config help` says how to change them.""");
        assertThat(run(SOMEONE, "help"))
                .contains("`/lucy config tier frontier`", "`/lucy config reset tier`", "`/lucy config workspace");
    }

    @Test
    void a_channel_setting_wins_over_the_workspace_setting_and_reset_goes_back_to_it() {
        run(ADMIN, "workspace tier fast");
        assertThat(run(CREATOR, "here tier FRONTIER")).isEqualTo("Model tier in <#C1>: frontier. (Before: not set.)");
        assertThat(settings.effective(TEAM, GENERAL).tier()).contains(ModelTier.FRONTIER);
        assertThat(settings.effective(TEAM, RANDOM).tier()).contains(ModelTier.FAST);

        assertThat(run(CREATOR, "reset tier"))
                .isEqualTo("Reset. Model tier in <#C1> now is fast (set for the workspace).");
        assertThat(settings.effective(TEAM, GENERAL).tier()).contains(ModelTier.FAST);
        assertThat(run(CREATOR, "reset tier"))
                .isEqualTo("Model tier was not set in <#C1>, so there was nothing to reset.");
    }

    @Test
    void only_managers_change_settings() {
        assertThat(run(SOMEONE, "tier fast"))
                .isEqualTo("Only the person who created this channel or a workspace admin can change its settings."
                        + " `/lucy config` shows them.");
        assertThat(run(CREATOR, "workspace tier fast"))
                .isEqualTo("Only a workspace admin or owner can change the workspace's settings. `/lucy config` shows"
                        + " them.");
        assertThat(command.answer(TEAM, RANDOM, CREATOR, "tier fast")).startsWith("Only the person who created");
        assertThat(store.history(TEAM, 10)).isEmpty();
    }

    @Test
    void unknown_names_and_values_are_refused_with_what_is_valid() {
        assertThat(run(ADMIN, "colour blue"))
                .isEqualTo("I have no setting called \"colour\". The settings are: persona, tier, tools, mcp,"
                        + " join-threads, quiet. `/lucy config help` explains each.");
        assertThat(run(ADMIN, "tier huge"))
                .isEqualTo("\"huge\" is not a model tier. The tiers are fast, default and frontier.");
        assertThat(run(ADMIN, "tools create_task, launch_rockets"))
                .isEqualTo("There is no tool called \"launch_rockets\" here. The tools you can choose here are:"
                        + " create_task, get_projects, search_web.");
        assertThat(run(ADMIN, "mcp gitlab jira"))
                .isEqualTo("There are no MCP servers called \"gitlab\", \"jira\" here. The MCP servers you can choose"
                        + " here are: github, notes.");
        assertThat(run(ADMIN, "join-threads maybe")).isEqualTo("Say `join-threads on` or `join-threads off`.");
        assertThat(run(ADMIN, "quiet 22:00-07:00")).startsWith("Write quiet hours as a time range and a time zone");
        assertThat(run(ADMIN, "quiet 22:00-07:00 Mars/Olympus")).contains("is not a time zone I know");
        assertThat(run(ADMIN, "quiet 25:00-07:00 UTC")).contains("\"25:00\" is not a time of day");
        assertThat(run(ADMIN, "tier")).isEqualTo("Give a value after `tier`.");
        assertThat(store.history(TEAM, 10)).isEmpty();
    }

    @Test
    void a_channel_allows_only_tools_its_workspace_allows() {
        run(ADMIN, "workspace tools create_task,get_projects");
        assertThat(run(CREATOR, "tools search_web"))
                .isEqualTo("There is no tool called \"search_web\" here. The tools you can choose here are:"
                        + " create_task, get_projects.");
        run(CREATOR, "tools get_projects");
        assertThat(settings.effective(TEAM, GENERAL).tools()).contains(Set.of("get_projects"));
        assertThat(settings.effective(TEAM, RANDOM).tools()).contains(Set.of("create_task", "get_projects"));

        run(ADMIN, "workspace tools create_task");
        assertThat(settings.effective(TEAM, GENERAL).tools()).contains(Set.of());
        run(ADMIN, "workspace mcp none");
        assertThat(settings.effective(TEAM, GENERAL).mcpServers()).contains(Set.of());
    }

    @Test
    void persona_quiet_hours_and_thread_joining_are_kept_as_typed_and_every_change_is_audited() {
        assertThat(run(CREATOR, "persona \"You are the release team's assistant.\""))
                .isEqualTo(
                        "Extra instructions in <#C1>: \"You are the release team's assistant.\". (Before: not set.)");
        assertThat(run(CREATOR, "quiet 22-7:30 Europe/Paris"))
                .startsWith("Quiet hours in <#C1>: 22:00-07:30 Europe/Paris.")
                .contains("repeating schedules and routines due then are skipped");
        clock.advance(Duration.ofMinutes(1));
        run(CREATOR, "join-threads off");
        assertThat(run(CREATOR, "join-threads no")).endsWith("(It already was.)");

        ChannelSettings here = settings.effective(TEAM, GENERAL);
        assertThat(here.instructions()).contains("You are the release team's assistant.");
        assertThat(here.joinThreads()).isFalse();
        assertThat(here.quietAt(Instant.parse("2026-03-02T22:30:00Z"))).isTrue(); // 23:30 in Paris
        assertThat(here.quietAt(Instant.parse("2026-03-02T12:00:00Z"))).isFalse();
        assertThat(store.history(TEAM, 10))
                .extracting(SettingsStore.Change::key, SettingsStore.Change::changedBy, SettingsStore.Change::after)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("join-threads", CREATOR, Optional.of("off")),
                        org.assertj.core.groups.Tuple.tuple("quiet", CREATOR, Optional.of("22:00-07:30 Europe/Paris")),
                        org.assertj.core.groups.Tuple.tuple(
                                "persona", CREATOR, Optional.of("You are the release team's assistant.")));
        assertThat(run(SOMEONE, "history"))
                .startsWith("The latest changes:\n• 2026-03-02 08:01 UTC, <@U_CREATOR>, <#C1>, joins threads without a"
                        + " mention: not set → off, only when mentioned");
    }

    @Test
    void the_operators_defaults_hold_where_nobody_chose_and_a_channel_overrides_them() {
        ConversationSettings configured = new ConversationSettings(
                store,
                Set::of,
                Set::of,
                new SettingsDefaults(false, Optional.of(QuietHours.parse("20:00-08:00 UTC"))),
                Duration.ofMinutes(5),
                clock);
        ConfigCommand withDefaults = new ConfigCommand("/lucy", configured, managers);

        assertThat(configured.effective(TEAM, GENERAL).joinThreads()).isFalse();
        assertThat(configured.effective(TEAM, GENERAL).quietAt(Instant.parse("2026-03-02T21:00:00Z")))
                .isTrue();
        assertThat(withDefaults.answer(TEAM, GENERAL, SOMEONE, ""))
                .contains("• Joins threads without a mention: off, only when mentioned (Lucy's default)")
                .contains("• Quiet hours: 20:00-08:00 UTC (Lucy's default)");

        withDefaults.answer(TEAM, GENERAL, CREATOR, "join-threads on");
        assertThat(configured.effective(TEAM, GENERAL).joinThreads()).isTrue();
        assertThat(configured.effective(TEAM, RANDOM).joinThreads()).isFalse();
    }

    @Test
    void a_store_that_fails_is_told_plainly_and_reads_fall_back_to_the_defaults() {
        SettingsStore broken = new SettingsStore() {
            @Override
            public java.util.Map<String, String> read(Scope scope) {
                throw new IllegalStateException("database down");
            }

            @Override
            public Change write(Scope scope, String key, Optional<String> value, String changedBy, Instant at) {
                throw new IllegalStateException("database down");
            }

            @Override
            public java.util.List<Change> history(String workspaceId, int limit) {
                throw new IllegalStateException("database down");
            }
        };
        ConversationSettings failing = new ConversationSettings(broken, Set::of, Set::of, Duration.ofMinutes(5), clock);
        ConfigCommand failingCommand = new ConfigCommand("/lucy", failing, managers);

        assertThat(failing.effective(TEAM, GENERAL)).isEqualTo(ChannelSettings.defaults());
        assertThat(failingCommand.answer(TEAM, GENERAL, ADMIN, "tier fast")).isEqualTo(ConfigCommand.FAILED);
    }
}
