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
import dev.lucy.tools.ApprovalRequest;
import dev.lucy.tools.spi.ApprovalPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shows an approval request in its conversation (the request's {@code Caller.conversationId()}, a
 * {@link SlackConversation} id) as a Block Kit message with three buttons, and replaces the buttons with the
 * outcome when the request ends.
 *
 * <p>Buttons: {@value #APPROVE} ("Approve"), {@value #CANCEL} ("Cancel"), {@value #ALWAYS_ALLOW} ("Always allow
 * here"), all in the actions block {@value #BLOCK_ID}; each button's {@code value} is the request id, so the
 * inbound {@code block_actions} handler calls {@code ApprovalGate.decide(value, ...)}: Approve and Always allow
 * as {@code ApprovalDecision.Approve} (with {@code alwaysAllow} for the latter), Cancel as
 * {@code ApprovalDecision.Cancel}.
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
    private final Gson gson = GsonFactory.createSnakeCase();
    /** The message showing each open request, until the request ends. */
    private final Map<String, Shown> shown = new ConcurrentHashMap<>();

    /** Posts through {@code port}; redacts arguments with {@link Sanitiser#defaults()}. */
    public SlackApprovalPort(SlackPort port) {
        this(port, Sanitiser.defaults());
    }

    public SlackApprovalPort(SlackPort port, Sanitiser sanitiser) {
        this.port = Objects.requireNonNull(port, "port");
        this.sanitiser = Objects.requireNonNull(sanitiser, "sanitiser");
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
                                .text(plainText("Always allow here"))
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
            showOutcome(request, ts, now.early().get());
        }
    }

    @Override
    public void closed(ApprovalRequest request, ApprovalOutcome outcome) {
        Shown now = shown.compute(
                request.id(), (id, s) -> s == null || s.ts().isPresent() ? s : Shown.closedEarly(outcome));
        if (now == null || now.ts().isEmpty()) {
            return; // never shown here, or still being posted (ask() shows the outcome then)
        }
        shown.remove(request.id());
        showOutcome(request, now.ts().get(), outcome);
    }

    private void showOutcome(ApprovalRequest request, String ts, ApprovalOutcome outcome) {
        SlackConversation conversation =
                SlackConversation.parse(request.caller().conversationId());
        List<LayoutBlock> blocks = new ArrayList<>(describe(request));
        String result = outcomeText(outcome);
        blocks.add(context(c -> c.elements(List.of(markdownText(result)))));
        port.updateBuilt(conversation, ts, fallbackText(request) + " " + result, gson.toJson(blocks));
    }

    /** Where a request's message stands: being posted, posted at {@code ts}, or ended while being posted. */
    private record Shown(Optional<String> ts, Optional<ApprovalOutcome> early) {
        static final Shown POSTING = new Shown(Optional.empty(), Optional.empty());

        static Shown at(String ts) {
            return new Shown(Optional.of(ts), Optional.empty());
        }

        static Shown closedEarly(ApprovalOutcome outcome) {
            return new Shown(Optional.empty(), Optional.of(outcome));
        }
    }

    /** What the user reads for each outcome, in place of the buttons. */
    static String outcomeText(ApprovalOutcome outcome) {
        return switch (outcome) {
            case APPROVED -> ":white_check_mark: Approved";
            case ALWAYS_ALLOWED -> ":white_check_mark: Always allowed here";
            case CANCELLED -> ":x: Cancelled";
            case EXPIRED -> ":hourglass: Expired without an answer, so nothing was done";
            case INTERRUPTED -> ":octagonal_sign: Stopped before anyone answered, so nothing was done";
            case NOT_ASKED -> ":warning: Could not ask, so nothing was done";
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

    /** {@code GITHUB_DELETE_REPO} reads "github delete repo": users never see an identifier. */
    private String toolWords(String tool) {
        String words = sanitiser.apply("`" + tool + "`").replace("`", "").strip();
        if (words.equals(tool)) {
            words = tool.replace('_', ' ').replace('-', ' ').replace('.', ' ').toLowerCase(java.util.Locale.ROOT);
        }
        return words;
    }

    private static String expiry(ApprovalRequest request) {
        long minutes = Math.max(
                1, Duration.between(request.requestedAt(), request.expiresAt()).toMinutes());
        return "Lucy waits " + minutes + (minutes == 1 ? " minute" : " minutes") + " for an answer.";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
