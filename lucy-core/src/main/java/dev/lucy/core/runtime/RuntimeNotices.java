package dev.lucy.core.runtime;

import java.time.Duration;
import java.util.List;

/**
 * The words the runtime says on its own: busy, throttled, status, cancel, task life events, failures. Plain,
 * short, never an internal name. Platforms or products replace any of them by overriding; {@link #defaults()}
 * is the default wording (Markdown).
 */
public interface RuntimeNotices {

    default String queued(int position) {
        return "Lots going on right now. You're #" + position + " in line; I'll answer here as soon as I can.";
    }

    default String busy(int queued) {
        return "I'm at capacity right now (" + queued + " requests waiting). Please try again in a minute.";
    }

    default String throttled(Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return "You're sending messages faster than I can take them. Try again in "
                + (seconds == 1 ? "a second." : "about " + seconds + " seconds.");
    }

    default String shuttingDown() {
        return "I'm restarting and can't take this one. Please ask again in a minute.";
    }

    default String droppedAtShutdown() {
        return "I had to restart before I got to this. Please ask again.";
    }

    /** Said when a restart cuts or skips a run that the next start will pick up again (a durable inbox). */
    default String restarting() {
        return "I'm restarting; I'll pick this up here when I'm back.";
    }

    /** Said at start for work an earlier process left unfinished that is too old (or tried too often) to run. */
    default String notResumed() {
        return "Sorry, I was restarted before I could answer this, and it's too late to pick it up now."
                + " Please ask again if you still need it.";
    }

    default String runFailed() {
        return "Something went wrong on my side and I couldn't finish this. Please try again.";
    }

    default String runTimedOut() {
        return "This took longer than I allow for one answer, so I stopped. Try asking for something narrower.";
    }

    default String cancelled() {
        return "Stopped.";
    }

    default String nothingToCancel() {
        return "Nothing is running in this thread.";
    }

    default String taskAcknowledged() {
        return "On it. This will take a while, so I'm working on it in the background and will post here when"
                + " it's done. Ask \"status\" any time, or \"cancel\" to stop it.";
    }

    default String taskTimedOut(Duration limit) {
        return "This took longer than the " + limit.toMinutes() + " minutes I allow for a job, so I stopped it."
                + " Try asking for something narrower.";
    }

    default String taskInterrupted(String request) {
        return "I was restarted while working on \"" + shorten(request) + "\" and couldn't finish. Please ask again.";
    }

    default String taskResumed(String request) {
        return "I was restarted while working on \"" + shorten(request)
                + "\", so I'm starting it again from the beginning. I'll post here when it's done.";
    }

    default String status(List<Task> tasks, java.time.Instant now) {
        if (tasks.isEmpty()) {
            return "Nothing running for you right now.";
        }
        StringBuilder text = new StringBuilder(
                tasks.size() == 1 ? "Working on 1 thing for you:" : "Working on " + tasks.size() + " things for you:");
        for (Task task : tasks) {
            long minutes = Duration.between(task.createdAt(), now).toMinutes();
            text.append("\n- \"")
                    .append(shorten(task.request()))
                    .append("\": ")
                    .append(task.state()
                            .name()
                            .toLowerCase(java.util.Locale.ROOT)
                            .replace('_', ' '))
                    .append(minutes < 1 ? ", just started" : ", for " + minutes + " min");
            if (!task.progress().isEmpty()) {
                text.append(" (latest: ").append(task.progress()).append(')');
            }
        }
        return text.toString();
    }

    private static String shorten(String request) {
        String oneLine = request.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }

    static RuntimeNotices defaults() {
        return new RuntimeNotices() {};
    }
}
