package dev.lucy.core.agent;

import dev.lucy.core.Caller;
import dev.lucy.core.agent.AgentEvent.LoopAction;
import dev.lucy.core.agent.ToolCallRecord.Disposition;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.ToolArguments;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolExecutor;
import dev.lucy.core.spi.ToolResult;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Decides, for each tool call of a model turn, whether it runs or what the model is told instead: a repeated call
 * is warned about, then its tool withdrawn; an unknown name gets the closest ones (unless a search tool made it
 * known, which offers it from then on); malformed arguments, a tool past its cap or withdrawn, and an identical
 * side-effecting call within the duplicate window are refused. Each call's arguments are parsed here, once.
 *
 * <p>Holds one run's bookkeeping (what was offered and withdrawn, how often each call and tool was made, when each
 * side effect happened); used by the run's own thread only.
 */
final class CallAdmission {
    private final ToolExecutor tools;
    private final Caller caller;
    private final AgentConfig config;
    private final InstantSource clock;
    private final Consumer<AgentEvent> events;

    private List<ToolSpec> offered = List.of();
    private final Set<String> withdrawn = new LinkedHashSet<>();
    private final Map<String, Integer> signatureCounts = new HashMap<>();
    private final Map<String, Integer> callsPerTool = new HashMap<>();
    private final Map<String, Instant> sideEffectsAt = new HashMap<>();

    CallAdmission(
            ToolExecutor tools, Caller caller, AgentConfig config, InstantSource clock, Consumer<AgentEvent> events) {
        this.tools = tools;
        this.caller = caller;
        this.config = config;
        this.clock = clock;
        this.events = events;
    }

    /** The tools chosen for this run's request. */
    void offer(List<ToolSpec> chosen) {
        offered = List.copyOf(chosen);
    }

    /** The tools the model may call now: those offered (or discovered), less those withdrawn. */
    List<ToolSpec> available() {
        if (withdrawn.isEmpty()) {
            return offered;
        }
        return offered.stream().filter(t -> !withdrawn.contains(t.name())).toList();
    }

    /** Announces each call of turn {@code turn} and decides what happens to it, in order. */
    List<Admitted> admit(int turn, List<ToolCall> calls) {
        Set<String> names = new LinkedHashSet<>();
        for (ToolSpec spec : available()) {
            names.add(spec.name());
        }
        Set<String> offeredNames = new HashSet<>();
        for (ToolSpec spec : offered) {
            offeredNames.add(spec.name());
        }
        List<Admitted> admitted = new ArrayList<>(calls.size());
        for (ToolCall call : calls) {
            events.accept(new AgentEvent.ToolCallStarted(turn, call));
            admitted.add(admit(turn, call, names, offeredNames));
        }
        return admitted;
    }

    /**
     * Takes note of what a call that ran returned. A side-effecting call refused before it acted (bad arguments,
     * nothing to act on, no connection, rate limited, provider down, not approved) changed nothing, so the same
     * call may be made again once fixed.
     */
    void settled(Admitted.Run run, ToolResult result) {
        if (result instanceof ToolResult.Failure failure
                && switch (failure.error()) {
                    case INVALID_ARGUMENTS,
                            NOT_FOUND,
                            CONNECTION_REQUIRED,
                            RATE_LIMITED,
                            UNAVAILABLE,
                            NOT_APPROVED,
                            UNKNOWN_TOOL -> true;
                    case RETRYABLE, TIMED_OUT, FATAL, DUPLICATE_CALL -> false;
                }) {
            sideEffectsAt.remove(run.signature());
        }
    }

    private Admitted admit(int turn, ToolCall call, Set<String> available, Set<String> offeredNames) {
        ToolArguments arguments = ToolArguments.parse(call.arguments());
        String signature = call.name() + '\u0000' + Json.canonical(arguments, call.arguments());
        int repeats = signatureCounts.merge(signature, 1, Integer::sum);
        if (repeats > config.loopThreshold()) {
            if (repeats == config.loopThreshold() + 1) {
                events.accept(new AgentEvent.LoopDetected(turn, call.name(), repeats, LoopAction.WARNED));
                return new Admitted.Refused(refusal(
                        turn,
                        call,
                        Disposition.LOOP_DETECTED,
                        "you have already made this exact call " + (repeats - 1) + " times and its result is"
                                + " above; repeating it will not give a different answer. Use the results you have,"
                                + " try different arguments or another tool, or answer."));
            }
            events.accept(new AgentEvent.LoopDetected(turn, call.name(), repeats, LoopAction.WITHDRAWN));
            if (offeredNames.contains(call.name())) {
                withdrawn.add(call.name());
            }
            return new Admitted.Looping(refusal(
                    turn,
                    call,
                    Disposition.LOOP_DETECTED,
                    "this call kept repeating, so the tool has been withdrawn for this request. Answer with what"
                            + " you have."));
        }
        if (!offeredNames.contains(call.name()) && !withdrawn.contains(call.name())) {
            // Staged planning: a tool found through a search tool becomes available for the rest of the run.
            Optional<ToolSpec> discovered = tools.describe(caller, call.name());
            if (discovered.isPresent()) {
                List<ToolSpec> widened = new ArrayList<>(offered);
                widened.add(discovered.get());
                offered = List.copyOf(widened);
                offeredNames.add(call.name());
                available.add(call.name());
            }
        }
        if (!offeredNames.contains(call.name())) {
            return new Admitted.Refused(new ToolCallRecord(
                    turn,
                    call,
                    Disposition.UNKNOWN_TOOL,
                    ToolResult.unknownTool(call.name(), available),
                    Duration.ZERO));
        }
        if (withdrawn.contains(call.name())) {
            return new Admitted.Refused(refusal(
                    turn,
                    call,
                    Disposition.WITHDRAWN,
                    "this tool has been withdrawn for the rest of this request. Answer with what you have."));
        }
        ToolArguments.Parsed parsed;
        switch (arguments) {
            case ToolArguments.Parsed object -> parsed = object;
            case ToolArguments.Malformed malformed -> {
                return new Admitted.Refused(refusal(
                        turn,
                        call,
                        Disposition.INVALID_ARGUMENTS,
                        ToolError.INVALID_ARGUMENTS,
                        malformed.problem() + ". Call the tool again with a JSON object that matches its schema."));
            }
        }
        int made = callsPerTool.getOrDefault(call.name(), 0);
        if (made >= config.maxCallsPerTool()) {
            withdrawn.add(call.name());
            return new Admitted.Refused(refusal(
                    turn,
                    call,
                    Disposition.CAP_REACHED,
                    "this tool has already been called " + made + " times for this request, the most allowed."
                            + " Answer with what you have, or use another tool."));
        }
        Instant now = clock.instant();
        if (!tools.readOnly(call.name())) {
            Instant before = sideEffectsAt.get(signature);
            if (before != null && now.isBefore(before.plus(config.duplicateWindow()))) {
                return new Admitted.Refused(refusal(
                        turn,
                        call,
                        Disposition.DUPLICATE_REFUSED,
                        ToolError.DUPLICATE_CALL,
                        "this exact call was already made "
                                + Duration.between(before, now).toSeconds()
                                + " seconds ago and was not repeated, so nothing happens twice. Its result is"
                                + " above."));
            }
            sideEffectsAt.put(signature, now);
        }
        callsPerTool.merge(call.name(), 1, Integer::sum);
        return new Admitted.Run(call, parsed, signature);
    }

    /** A refusal of a call that cannot succeed however often it is tried: {@link ToolError#FATAL}. */
    private static ToolCallRecord refusal(int turn, ToolCall call, Disposition disposition, String message) {
        return refusal(turn, call, disposition, ToolError.FATAL, message);
    }

    private static ToolCallRecord refusal(
            int turn, ToolCall call, Disposition disposition, ToolError error, String message) {
        return new ToolCallRecord(turn, call, disposition, ToolResult.failure(error, message), Duration.ZERO);
    }
}
