package dev.lucy.app.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.google.gson.Gson;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import dev.lucy.slack.Sanitiser;
import dev.lucy.tools.ApprovalOutcome;
import dev.lucy.tools.ApprovalRecord;
import dev.lucy.tools.ApprovalRequest;
import dev.lucy.tools.spi.ApprovalPort;
import dev.lucy.tools.spi.ApprovalPreferences.Scope;
import dev.lucy.tools.spi.WorkspaceAdmins;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shows an approval request in its conversation (the request's {@code Caller.conversationId()}, a
 * {@link SlackConversation} id) as a Block Kit message with three buttons and the time it stays open, and replaces
 * the buttons with the outcome in words when the request ends, however it ends: approved (by whom, and for whom an
 * "always allow" now holds), cancelled, expired, or stopped because the run was cancelled or Lucy stopped.
 *
 * <p>Buttons: {@value #APPROVE} ("Approve"), {@value #CANCEL} ("Cancel"), {@value #ALWAYS_ALLOW} ("Always allow
 * here" when the person asking is an admin of the workspace, "Always allow for me" otherwise, as the gate will
 * apply it), all in the actions block {@value #BLOCK_ID}; each button's {@code value} is the request id, so the
 * inbound {@code block_actions} handler calls {@code ApprovalGate.decide(value, ...)}: Approve and Always allow as
 * {@code ApprovalDecision.Approve} (with {@code alwaysAllow} for the latter), Cancel as {@code
 * ApprovalDecision.Cancel}.
 *
 * <p>Posts go through the {@link SlackPort} (paced, retried, in order with the conversation's other messages).
 * The tool's arguments are shown with secrets redacted. Thread safe.
 */
public final class SlackApprovalPort implements ApprovalPort {
    /** {@code action_id} of the Approve button. */
    public static final String APPROVE = "lucy_approve";
    /** {@code action_id} of the Cancel button. */
    public static final String CANCEL = "lucy_cancel";
    /** {@code action_id} of the Always allow here button. */
    public static final String ALWAYS_ALLOW = "lucy_always";
    /** {@code block_id} of the block holding the buttons. */
    public static final String BLOCK_ID = "lucy_approval";

    private static final int MAX_ARGUMENT_CHARS = 2_500;

    private final SlackPort port;
    private final Sanitiser sanitiser;
    private final WorkspaceAdmins admins;
    private final Gson gson = GsonFactory.createSnakeCase();
    /** The message showing each open request, until the request ends. */
    private final Map<String, Shown> shown = new ConcurrentHashMap<>();

    /** Posts through {@code port}; redacts arguments with {@link Sanitiser#defaults()}; nobody is an admin. */
    public SlackApprovalPort(SlackPort port) {
        this(port, Sanitiser.defaults(), WorkspaceAdmins.none());
    }

    /**
     * Posts through {@code port}, redacting arguments with {@code sanitiser}; {@code admins} says whose "always
     * allow" holds for the whole workspace (pass the gate's own, so the button says what the gate will do).
     */
    public SlackApprovalPort(SlackPort port, Sanitiser sanitiser, WorkspaceAdmins admins) {
        this.port = Objects.requireNonNull(port, "port");
        this.sanitiser = Objects.requireNonNull(sanitiser, "sanitiser");
        this.admins = Objects.requireNonNull(admins, "admins");
    }

    @Override
    public void ask(ApprovalRequest request) {
        SlackConversation conversation =
                SlackConversation.parse(request.caller().conversationId());
        List<LayoutBlock> blocks = new ArrayList<>(describe(request));
        blocks.add(context(c -> c.elements(List.of(markdownText(expiry(request))))));
        blocks.add(actions(a -> a.blockId(BLOCK_ID)
                .elements(List.of(
                        button(b -> b.actionId(APPROVE)
                                .text(plainText("Approve"))
                                .value(request.id())
                                .style("primary")),
                        button(b -> b.actionId(CANCEL).text(plainText("Cancel")).value(request.id())),
                        button(b -> b.actionId(ALWAYS_ALLOW)
                                .text(plainText(alwaysAllowLabel(request)))
                                .value(request.id()))))));
        shown.put(request.id(), Shown.POSTING);
        String ts;
        try {
            ts = port.postBuilt(conversation, fallbackText(request), gson.toJson(blocks));
        } catch (RuntimeException e) {
            shown.remove(request.id());
            throw e;
        }
        // A click can beat this line: then closed() left the outcome here for us to show.
        Shown now =
                shown.compute(request.id(), (id, s) -> s == null || s.early().isEmpty() ? Shown.at(ts) : s);
        if (now.early().isPresent()) {
            shown.remove(request.id());
            showOutcome(ts, now.early().get());
        }
    }

    @Override
    public void closed(ApprovalRequest request, ApprovalOutcome outcome) {
        closed(new ApprovalRecord(request, outcome, "", request.requestedAt()), Optional.empty());
    }

    @Override
    public void closed(ApprovalRecord record, Optional<Scope> alwaysAllowed) {
        Ending ending = new Ending(record, alwaysAllowed);
        Shown now = shown.compute(
                record.request().id(), (id, s) -> s == null || s.ts().isPresent() ? s : Shown.closedEarly(ending));
        if (now == null || now.ts().isEmpty()) {
            return; // never shown here, or still being posted (ask() shows the outcome then)
        }
        shown.remove(record.request().id());
        showOutcome(now.ts().get(), ending);
    }

    private void showOutcome(String ts, Ending ending) {
        ApprovalRequest request = ending.record().request();
        SlackConversation conversation =
                SlackConversation.parse(request.caller().conversationId());
        List<LayoutBlock> blocks = new ArrayList<>(describe(request));
        String result = outcomeText(ending.record(), ending.alwaysAllowed(), escape(toolWords(request.tool())));
        blocks.add(context(c -> c.elements(List.of(markdownText(result)))));
        port.updateBuilt(conversation, ts, fallbackText(request) + " " + result, gson.toJson(blocks));
    }

    /** How a request ended, kept for {@link #ask} when the ending beat the post. */
    private record Ending(ApprovalRecord record, Optional<Scope> alwaysAllowed) {}

    /** Where a request's message stands: being posted, posted at {@code ts}, or ended while being posted. */
    private record Shown(Optional<String> ts, Optional<Ending> early) {
        static final Shown POSTING = new Shown(Optional.empty(), Optional.empty());

        static Shown at(String ts) {
            return new Shown(Optional.of(ts), Optional.empty());
        }

        static Shown closedEarly(Ending ending) {
            return new Shown(Optional.empty(), Optional.of(ending));
        }
    }

    /** "Always allow here" for an admin, whose choice holds for everyone; "Always allow for me" for anyone else. */
    private String alwaysAllowLabel(ApprovalRequest request) {
        boolean admin;
        try {
            admin = admins.isAdmin(
                    request.caller().workspaceId(), request.caller().userId());
        } catch (RuntimeException e) {
            admin = false;
        }
        return admin ? "Always allow here" : "Always allow for me";
    }

    /** What the person reads in place of the buttons once the request has ended. */
    static String outcomeText(ApprovalRecord record, Optional<Scope> alwaysAllowed, String tool) {
        String by = record.decidedBy().isBlank() ? "" : " by <@" + record.decidedBy() + ">";
        return switch (record.outcome()) {
            case APPROVED ->
                ":white_check_mark: Approved" + by + "."
                        + alwaysAllowed
                                .map(scope -> scope.wholeWorkspace()
                                        ? " From now on " + tool + " runs without asking for everyone in this"
                                                + " workspace."
                                        : " From now on " + tool + " runs without asking when <@"
                                                + scope.userId().orElseThrow() + "> asks for it; everyone else is"
                                                + " still asked.")
                                .orElse("");
            case ALWAYS_ALLOWED -> ":white_check_mark: Always allowed here, so nobody was asked.";
            case CANCELLED -> ":x: Cancelled" + by + ", so nothing was done.";
            case EXPIRED ->
                ":hourglass: Nobody answered within "
                        + minutes(Duration.between(
                                record.request().requestedAt(), record.request().expiresAt()))
                        + ", so the request expired and nothing was done. Ask again if you still want it.";
            case INTERRUPTED ->
                ":octagonal_sign: Stopped before anyone answered, because the request was cancelled or Lucy"
                        + " restarted, so nothing was done.";
            case NOT_ASKED -> ":warning: Could not ask, so nothing was done.";
        };
    }

    private List<LayoutBlock> describe(ApprovalRequest request) {
        String what = "*Approval needed:* " + escape(toolWords(request.tool()));
        if (!request.description().isBlank()) {
            what += "\n" + escape(sanitiser.apply(request.description()));
        }
        String arguments = sanitiser.redactSecrets(request.arguments());
        if (arguments.length() > MAX_ARGUMENT_CHARS) {
            arguments = arguments.substring(0, MAX_ARGUMENT_CHARS) + "…";
        }
        String shownWhat = what;
        String code = "```" + escape(arguments.replace("```", "`\u200b``")) + "```";
        return List.of(section(s -> s.text(markdownText(shownWhat))), section(s -> s.text(markdownText(code))));
    }

    private String fallbackText(ApprovalRequest request) {
        return "Approval needed: " + escape(toolWords(request.tool()));
    }

    /**
     * {@code GITHUB_DELETE_REPO} reads "github delete repo", an MCP server's {@code files__delete-file} reads "files:
     * delete file": users never see an identifier.
     */
    private String toolWords(String tool) {
        String words = sanitiser.apply("`" + tool + "`").replace("`", "").strip();
        if (words.equals(tool)) {
            words = tool.replace("__", ": ")
                    .replace('_', ' ')
                    .replace('-', ' ')
                    .replace('.', ' ')
                    .toLowerCase(Locale.ROOT);
        }
        return words;
    }

    /**
     * The real deadline: the run waits for the answer that long (its own time limit is paused meanwhile). Slack shows
     * the time in each reader's own zone; the fallback after the bar is UTC.
     */
    private static String expiry(ApprovalRequest request) {
        Duration open = Duration.between(request.requestedAt(), request.expiresAt());
        long epoch = request.expiresAt().getEpochSecond();
        String format = open.compareTo(Duration.ofHours(12)) < 0 ? "{time}" : "{date_short_pretty} at {time}";
        String fallback = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
                .withZone(ZoneOffset.UTC)
                .format(request.expiresAt());
        return "Waiting for an answer until <!date^" + epoch + "^" + format + "|" + fallback + "> (" + minutes(open)
                + "). If nobody answers by then, nothing is done.";
    }

    private static String minutes(Duration duration) {
        long minutes = Math.max(1, (duration.toSeconds() + 59) / 60);
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
