package dev.lucy.testkit.slack;

import java.util.List;
import java.util.Optional;

/**
 * A person in the simulated workspace. Each action changes the workspace as Slack would and emits the events the
 * app subscribed to: {@code message}, {@code app_mention}, {@code reaction_added}, {@code block_actions},
 * {@code slash_commands}, {@code assistant_thread_started}. Thread safe.
 *
 * <p>Channels are named as in Slack ({@code general} or {@code #general}) or given by id; {@code @lucy} (the bot's
 * name) is the user's direct-message conversation with the bot.
 */
public final class SlackUser {
    private final SlackSimulator simulator;
    private final Workspace workspace;
    private final String id;
    private final String name;
    private final String teamId;

    SlackUser(SlackSimulator simulator, Workspace workspace, String id, String name, String teamId) {
        this.simulator = simulator;
        this.workspace = workspace;
        this.id = id;
        this.name = name;
        this.teamId = teamId;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String teamId() {
        return teamId;
    }

    /** Posts a top-level message. */
    public SlackMessage says(String channel, String text) {
        return workspace.userPosts(id, channel, Optional.empty(), text);
    }

    /** Posts a top-level message that starts with a mention of the bot (its user in their workspace). */
    public SlackMessage mentionsBot(String channel, String text) {
        return says(channel, "<@" + workspace.botUserIdIn(teamId) + "> " + text);
    }

    /** Writes to the bot in their direct-message conversation. */
    public SlackMessage dmsBot(String text) {
        return workspace.userPosts(id, simulator.imWith(id), Optional.empty(), text);
    }

    /** Posts a top-level message with files attached (Slack's {@code file_share}). */
    public SlackMessage shares(String channel, String text, SharedFile... files) {
        return workspace.userPosts(id, channel, Optional.empty(), text, List.of(files));
    }

    /** Posts a top-level message that mentions the bot, with files attached. */
    public SlackMessage mentionsBotWith(String channel, String text, SharedFile... files) {
        return shares(channel, "<@" + workspace.botUserIdIn(teamId) + "> " + text, files);
    }

    /** Writes to the bot in their direct-message conversation, with files attached. */
    public SlackMessage dmsBotWith(String text, SharedFile... files) {
        return workspace.userPosts(id, simulator.imWith(id), Optional.empty(), text, List.of(files));
    }

    /** Replies in the thread of {@code message} with files attached. */
    public SlackMessage repliesWith(SlackMessage message, String text, SharedFile... files) {
        return workspace.userPosts(
                id, message.channel(), Optional.of(message.threadTs().orElse(message.ts())), text, List.of(files));
    }

    /** Replies in the thread of {@code message} (or of its parent, when it is a reply). */
    public SlackMessage repliesTo(SlackMessage message, String text) {
        return replies(message.channel(), message.threadTs().orElse(message.ts()), text);
    }

    /** Replies in a thread given by channel and thread ts. */
    public SlackMessage replies(String channel, String threadTs, String text) {
        return workspace.userPosts(id, channel, Optional.of(threadTs), text);
    }

    /** Edits one of their own messages; emits {@code message_changed}. */
    public SlackMessage edits(SlackMessage message, String newText) {
        return workspace.userEdits(id, message.channel(), message.ts(), newText);
    }

    /** Deletes one of their own messages; emits {@code message_deleted}. */
    public SlackMessage deletes(SlackMessage message) {
        return workspace.userDeletes(id, message.channel(), message.ts());
    }

    /** Adds an emoji reaction (name without colons). */
    public void reactsTo(SlackMessage message, String emoji) {
        workspace.userReacts(id, message.channel(), message.ts(), emoji.replace(":", ""));
    }

    /**
     * Clicks the interactive element with {@code actionId} in a message's blocks (a button, say); emits an
     * {@code interactive} envelope with a {@code block_actions} payload whose {@code response_url} the simulator
     * serves.
     */
    public void clicks(SlackMessage message, String actionId) {
        workspace.userClicks(id, message.channel(), message.ts(), actionId);
    }

    /** Opens the app's Home tab; emits {@code app_home_opened} with {@code tab} {@code home}. */
    public void opensHome() {
        workspace.userOpensHome(id, "home");
    }

    /**
     * Clicks the button with {@code actionId} whose value contains {@code valuePart} in the Home view the app
     * published for this person; emits a {@code block_actions} payload with the view ({@code container.type} is
     * {@code view}) and no {@code response_url}, as Slack does.
     */
    public void clicksInHome(String actionId, String valuePart) {
        workspace.userClicksInHome(id, actionId, valuePart, true);
    }

    /**
     * Sends a {@code block_actions} from this person's published Home view with an action and value the view may not
     * show, as a stale view or a crafted request would: for checking that an app acts only on what is the
     * presser's.
     */
    public void sendsHomeAction(String actionId, String value) {
        workspace.userClicksInHome(id, actionId, value, false);
    }

    /** Runs a slash command in a channel; emits a {@code slash_commands} envelope. */
    public void runsCommand(String channel, String command, String text) {
        workspace.userRunsCommand(id, channel, command, text);
    }

    /**
     * Opens the assistant container: a new thread in the user's DM with the bot; emits
     * {@code assistant_thread_started}. Returns the thread, where the bot's status, title and prompts will show.
     */
    public AssistantThread startsAssistantThread() {
        return startAssistantThread(Optional.empty());
    }

    /** Opens the assistant container while viewing {@code contextChannel}, which the event names as context. */
    public AssistantThread startsAssistantThread(String contextChannel) {
        return startAssistantThread(Optional.of(contextChannel));
    }

    private AssistantThread startAssistantThread(Optional<String> contextChannel) {
        String threadTs = workspace.userStartsAssistantThread(id, contextChannel);
        String im = simulator.imWith(id);
        return simulator.assistantThread(im, threadTs).orElseThrow();
    }

    /**
     * Opens the app's messages tab (an app with the agent view): emits {@code app_home_opened} with
     * {@code tab: "messages"}. Returns the direct message with the bot, where each top-level message starts a thread.
     */
    public String opensMessagesTab() {
        return workspace.userOpensMessagesTab(id);
    }

    /** With the app open (agent view), looks at {@code channel}: emits {@code app_context_changed} naming it. */
    public void views(String channel) {
        workspace.userViews(id, Optional.of(channel));
    }

    /** Writes in an assistant thread. */
    public SlackMessage saysIn(AssistantThread thread, String text) {
        return replies(thread.channel(), thread.threadTs(), text);
    }

    @Override
    public String toString() {
        return name + " (" + id + ")";
    }
}
