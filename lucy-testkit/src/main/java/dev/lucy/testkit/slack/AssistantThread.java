package dev.lucy.testkit.slack;

import java.util.List;
import java.util.Optional;

/**
 * What the assistant surface shows for one thread: the status line, its history, the title and suggested prompts.
 *
 * @param channel the conversation id
 * @param threadTs the thread
 * @param status the status now shown; empty once cleared (an empty status clears it, as in Slack)
 * @param loadingMessages the rotating loading messages sent with the current status
 * @param statusHistory every status set, in order, including the empty string for a clear
 * @param title the title, when set
 * @param promptsTitle the title above the suggested prompts, when set
 * @param prompts the suggested prompts now shown
 */
public record AssistantThread(
        String channel,
        String threadTs,
        Optional<String> status,
        List<String> loadingMessages,
        List<String> statusHistory,
        Optional<String> title,
        Optional<String> promptsTitle,
        List<SuggestedPrompt> prompts) {

    public AssistantThread {
        loadingMessages = List.copyOf(loadingMessages);
        statusHistory = List.copyOf(statusHistory);
        prompts = List.copyOf(prompts);
    }

    /** One suggested prompt: the label shown and the message sent when the user picks it. */
    public record SuggestedPrompt(String title, String message) {}
}
