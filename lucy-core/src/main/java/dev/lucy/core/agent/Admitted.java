package dev.lucy.core.agent;

import dev.lucy.core.model.ToolCall;
import dev.lucy.core.spi.ToolArguments;
import java.util.Objects;

/** What {@link CallAdmission} decided for one tool call of a model turn. */
sealed interface Admitted permits Admitted.Run, Admitted.Refused, Admitted.Looping {

    /** The call as the model wrote it. */
    ToolCall call();

    /**
     * Run the call.
     *
     * @param arguments the call's arguments, parsed once, for the executor
     * @param signature the call's name and canonical arguments, by which repeats and duplicates are recognised
     */
    record Run(ToolCall call, ToolArguments.Parsed arguments, String signature) implements Admitted {
        public Run {
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(arguments, "arguments");
            Objects.requireNonNull(signature, "signature");
        }
    }

    /** Do not run the call; {@code answer} is what the model is told instead (unknown tool, bad arguments...). */
    record Refused(ToolCallRecord answer) implements Admitted {
        public Refused {
            Objects.requireNonNull(answer, "answer");
        }

        @Override
        public ToolCall call() {
            return answer.call();
        }
    }

    /**
     * Do not run the call, which kept repeating after a warning: its tool is withdrawn, and the model must now
     * answer without tools. {@code answer} is what the model is told.
     */
    record Looping(ToolCallRecord answer) implements Admitted {
        public Looping {
            Objects.requireNonNull(answer, "answer");
        }

        @Override
        public ToolCall call() {
            return answer.call();
        }
    }
}
