package dev.lucy.demo;

import dev.lucy.app.LucyApp;
import dev.lucy.app.slack.SlackApprovalPort;
import dev.lucy.slack.SlackFormatter;
import dev.lucy.testkit.ScratchDirectory;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import dev.lucy.testkit.slack.SlackUser;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code ./lucy demo}: a simulated Slack workspace (the testkit's simulator) and a scripted model on loopback,
 * the real app connected to them over Socket Mode, and a short conversation that shows what Lucy does, printed as
 * the people in it see it. Nothing leaves the machine; the data directory is temporary and removed at the end.
 */
public final class Demo {
    /** How long any one step may take before the demo gives up on it. */
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private static final String CHANNEL = "general";
    private static final SlackFormatter MRKDWN = SlackFormatter.defaults();

    private final PrintStream out;
    private final Duration researchTime;

    public Demo(PrintStream out) {
        this(out, Duration.ofSeconds(2));
    }

    Demo(PrintStream out, Duration researchTime) {
        this.out = out;
        this.researchTime = researchTime;
    }

    /** Plays the demo; returns normally when every step showed what it should, throws otherwise. */
    public void run() {
        try (ScratchDirectory data = ScratchDirectory.create("lucy-demo-");
                SlackSimulator slack = SlackSimulator.builder()
                        .team("T0DEMO", "Demo Company", "demo")
                        .user("ada", "Ada Lovelace")
                        .user("grace", "Grace Hopper")
                        .channel(CHANNEL)
                        .start();
                ScriptedModelServer model = ScriptedModelServer.builder()
                        .script(new DemoModel(researchTime))
                        .start();
                LucyApp lucy = LucyApp.builder()
                        .slack(Simulated.slack(slack))
                        .model(Simulated.model(model).build())
                        .dataDirectory(data.path())
                        .build()
                        .start()) {
            out.println("Lucy demo: a SIMULATED Slack workspace and a scripted model, both on this machine.");
            out.println("The real Lucy app is connected to them over Socket Mode; nothing is sent anywhere.");
            new Scenes(slack, model).play();
            out.println();
            out.println("That was a simulation. Run ./lucy with SLACK_BOT_TOKEN, SLACK_APP_TOKEN and a model key to");
            out.println("meet Lucy in your own workspace (docs/getting-started.md).");
        }
    }

    /** The demo's scenes, in order, each waiting for what a person would see. */
    private final class Scenes {
        private final SlackSimulator slack;
        private final ScriptedModelServer model;
        private final SlackUser ada;
        private final SlackUser grace;

        Scenes(SlackSimulator slack, ScriptedModelServer model) {
            this.slack = slack;
            this.model = model;
            this.ada = slack.user("ada");
            this.grace = slack.user("grace");
        }

        void play() {
            scene("1. A greeting is answered at once, without asking the model");
            int modelCalls = model.requestCount();
            SlackMessage hello = ada.mentionsBot(CHANNEL, "hi Lucy!");
            long started = System.nanoTime();
            SlackMessage greeting = slack.awaitBotReply(hello, STEP_TIMEOUT);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            exchange(ada, hello, greeting);
            note("answered in " + tookMs + " ms; model calls: " + (model.requestCount() - modelCalls));

            scene("2. A thank-you gets an emoji, and no reply");
            SlackMessage thanks = ada.repliesTo(hello, "thanks!");
            String emoji = awaitReaction(thanks);
            say(ada, thanks);
            note("Lucy reacted :" + emoji + ":");

            scene("3. A fact told in one thread is remembered in another");
            SlackMessage remember = ada.mentionsBot(CHANNEL, "remember our Q1 target is $800K");
            SlackMessage noted = slack.awaitBotReply(remember, STEP_TIMEOUT);
            exchange(ada, remember, noted);
            SlackMessage question = grace.mentionsBot(CHANNEL, "what is our Q1 target?");
            SlackMessage recalled = awaitBotText(question, text -> text.contains("800K"));
            exchange(grace, question, recalled);

            scene("4. An answer from a tool, with progress while it works");
            SlackMessage add = ada.mentionsBot(CHANNEL, "please add a task to the Launch project");
            exchange(ada, add, awaitBotText(add, text -> text.contains("Added")));
            SlackMessage projects = ada.mentionsBot(CHANNEL, "which projects do we have?");
            SlackMessage answer = awaitBotText(projects, text -> text.contains("Launch"));
            say(ada, projects);
            // Progress is edited into one message, which becomes the answer or gives way to the streamed one.
            for (SlackMessage progress : slack.thread(projects)) {
                if (progress.fromBot() && !progress.ts().equals(answer.ts())) {
                    for (String text : progress.previousTexts()) {
                        note("progress, edited in place: " + firstLine(text));
                    }
                    note("progress, removed once the answer shows: " + firstLine(progress.text()));
                }
            }
            for (String progress : answer.previousTexts()) {
                note("progress, edited in place: " + firstLine(progress));
            }
            lucy(answer);

            scene("5. A destructive action waits for a person's approval");
            SlackMessage delete = ada.mentionsBot(CHANNEL, "delete task 1");
            SlackMessage approval = awaitBot(delete, m -> m.blocks().orElse("").contains(SlackApprovalPort.APPROVE));
            exchange(ada, delete, approval);
            note("Ada clicks Approve");
            ada.clicks(approval, SlackApprovalPort.APPROVE);
            lucy(awaitBotText(delete, text -> text.contains("Deleted")));

            scene("6. A background task, and its status while it runs");
            SlackMessage research = ada.mentionsBot(CHANNEL, "research our launch readiness in the background");
            SlackMessage working = awaitBotText(research, text -> text.contains("background"));
            exchange(ada, research, working);
            SlackMessage status = ada.repliesTo(research, "what are you working on?");
            // the status answer names the task; a progress note of the task itself does not
            SlackMessage statusReply = awaitBotText(research, text -> text.contains("\"research our launch"));
            exchange(ada, status, statusReply);
            lucy(awaitBotText(research, text -> text.contains("Next steps")));

            scene("7. A schedule made in words, and its run at its time");
            SlackMessage weekly = ada.mentionsBot(CHANNEL, "every weekday at 9 post the open tasks of Launch here");
            exchange(ada, weekly, awaitBotText(weekly, text -> text.startsWith("Scheduled")));
            SlackMessage soon =
                    ada.mentionsBot(CHANNEL, "also schedule it once in a few seconds, so I see how it looks");
            exchange(ada, soon, awaitBotText(soon, text -> text.startsWith("Scheduled")));
            SlackMessage headline = slack.await(
                    "the scheduled run",
                    STEP_TIMEOUT,
                    () -> slack.messages(CHANNEL).stream()
                            .filter(m -> m.fromBot() && m.text().contains("Scheduled: post the open tasks"))
                            .findFirst());
            lucy(headline);
            lucy(awaitBotText(headline, text -> !text.contains("Scheduled:") && text.contains("Launch")));
        }

        private SlackMessage awaitBotText(SlackMessage asked, Predicate<String> wanted) {
            return awaitBot(asked, m -> wanted.test(m.text()));
        }

        private SlackMessage awaitBot(SlackMessage asked, Predicate<SlackMessage> wanted) {
            return slack.await(
                    "Lucy's answer to \"" + asked.text() + "\"",
                    STEP_TIMEOUT,
                    () -> slack.thread(asked).stream()
                            .filter(m -> m.fromBot() && !m.deleted() && wanted.test(m))
                            .max(Comparator.comparing(SlackMessage::ts)));
        }

        private String awaitReaction(SlackMessage message) {
            return slack.await(
                    "a reaction on \"" + message.text() + "\"",
                    STEP_TIMEOUT,
                    () -> slack.message(message.channel(), message.ts())
                            .flatMap(m -> m.reactions().entrySet().stream()
                                    .filter(e -> e.getValue().contains(slack.botUserId()))
                                    .map(Map.Entry::getKey)
                                    .findFirst()));
        }
    }

    private void scene(String title) {
        out.println();
        out.println(title);
    }

    /** What {@code who} asked and what Lucy answered, as they see it. */
    private void exchange(SlackUser who, SlackMessage asked, SlackMessage answer) {
        say(who, asked);
        lucy(answer);
    }

    private void say(SlackUser who, SlackMessage message) {
        out.println("  " + who.name() + ": " + message.text().replaceAll("<@[A-Z0-9]+>", "@Lucy"));
    }

    private void lucy(SlackMessage message) {
        // A streamed answer holds standard Markdown, which Slack renders; it is shown in the mrkdwn of posted ones.
        String text = message.streamedChunks().isEmpty()
                ? message.text()
                : String.join("\n", MRKDWN.formatText(message.text()));
        List<String> lines = text.strip().lines().toList();
        out.println("  Lucy: " + (lines.isEmpty() ? "" : lines.get(0)));
        lines.stream().skip(1).forEach(line -> out.println("        " + line));
    }

    private void note(String text) {
        out.println("    (" + text + ")");
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("");
    }
}
