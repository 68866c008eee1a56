package dev.lucy.app.web;

import dev.lucy.app.ops.ObservedChatModel;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.ModelException;
import dev.lucy.core.model.Usage;
import java.time.Duration;

/**
 * One model request (an attempt, below retries and fallbacks) added to the trace of the run that made it: the model,
 * the outcome, the tokens and how long it took.
 */
final class ModelRequestTrace implements ObservedChatModel.Ending {
    private final TracedRun run;
    private final String asked;

    ModelRequestTrace(TracedRun run, ChatRequest request) {
        this.run = run;
        this.asked = request.model().orElse("the default model");
    }

    @Override
    public void answered(ChatResponse response, Duration took) {
        record(response.model().isBlank() ? asked : response.model(), "ok", response.usage(), took);
    }

    @Override
    public void failed(RuntimeException failure, Duration took) {
        record(
                asked,
                failure instanceof ModelException e
                        ? "failed (" + e.failure().getClass().getSimpleName() + ")"
                        : "failed",
                Usage.NONE,
                took);
    }

    private void record(String model, String outcome, Usage usage, Duration took) {
        try {
            run.modelRequest(model, outcome, usage, took);
        } catch (RuntimeException e) {
            // a trace never breaks a run
        }
    }
}
