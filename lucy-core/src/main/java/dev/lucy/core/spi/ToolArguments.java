package dev.lucy.core.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The arguments of one tool call, parsed once. The agent loop parses what the model sent as the call arrives and
 * hands the same value to the {@link ToolExecutor} (and lucy-tools passes it down its pipeline to the
 * {@link ToolHandler}), so no one reads the text again.
 *
 * <p>Either {@link Parsed}, a JSON object, or {@link Malformed}, anything else, with the problem worded for the model
 * so it can correct its next call. Blank text counts as an empty object, as several providers send it. Immutable
 * apart from the tree inside {@code Parsed}, which belongs to the call: read it, never change it.
 */
public sealed interface ToolArguments permits ToolArguments.Parsed, ToolArguments.Malformed {

    /** Parses the arguments text of a call; never throws. */
    static ToolArguments parse(String text) {
        return ArgumentsParser.parse(Objects.requireNonNull(text, "text"));
    }

    /** The arguments are a JSON object. */
    record Parsed(ObjectNode json) implements ToolArguments {
        public Parsed {
            Objects.requireNonNull(json, "json");
        }
    }

    /**
     * The arguments are not a JSON object.
     *
     * @param problem why, for the model: "the arguments are not valid JSON: ... (line 1, column 9)" or "the arguments
     *     must be a JSON object, got array"
     */
    record Malformed(String problem) implements ToolArguments {
        public Malformed {
            Objects.requireNonNull(problem, "problem");
        }
    }
}
