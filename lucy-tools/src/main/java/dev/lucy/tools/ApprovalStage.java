package dev.lucy.tools;

import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ToolInterceptor;
import java.util.Optional;

/**
 * Holds destructive calls until a human approves them through the {@link ApprovalGate}. Without a gate, destructive
 * calls are refused: nothing destructive runs without a decision.
 */
final class ApprovalStage implements ToolInterceptor {
    private final Optional<ApprovalGate> gate;

    ApprovalStage(Optional<ApprovalGate> gate) {
        this.gate = gate;
    }

    @Override
    public ToolResult intercept(Chain chain) {
        ToolRequest request = chain.request();
        Tool tool = request.tool();
        if (tool.sideEffect() != SideEffect.DESTRUCTIVE) {
            return chain.proceed(request);
        }
        if (gate.isEmpty()) {
            return notApproved(tool, "no one can approve destructive actions here, so it was not performed");
        }
        ApprovalOutcome outcome =
                gate.get().await(request.caller(), tool, request.arguments().toString(), request.budget());
        return switch (outcome) {
            case APPROVED, ALWAYS_ALLOWED -> chain.proceed(request);
            case CANCELLED ->
                notApproved(
                        tool, "the user cancelled it, so it was not performed. Do not try again" + " unless they ask");
            case EXPIRED ->
                notApproved(
                        tool,
                        "nobody answered the approval request before it expired, so it was not performed. Tell"
                                + " the user it expired and that they can ask again if they still want it");
            case INTERRUPTED -> notApproved(tool, "the run stopped while waiting for approval; it was not performed");
            case NOT_ASKED -> notApproved(tool, "approval could not be requested, so it was not performed");
        };
    }

    private static ToolResult notApproved(Tool tool, String why) {
        return ToolResult.failure(ToolError.NOT_APPROVED, tool.name() + " needs a human approval: " + why + ".");
    }
}
