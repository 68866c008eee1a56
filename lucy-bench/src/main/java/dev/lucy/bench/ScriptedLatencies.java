package dev.lucy.bench;

import dev.lucy.app.cli.Values;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The scripted model's and tools' latencies, options the benches that run the agent against them share. */
final class ScriptedLatencies {
    @Option(
            names = "--model-latency-ms",
            paramLabel = "MS",
            defaultValue = "1000",
            converter = Values.NonNegative.class,
            description = "How long the scripted model takes to answer each call.")
    int modelLatencyMs;

    @Option(
            names = "--tool-latency-ms",
            paramLabel = "MS",
            defaultValue = "0",
            converter = Values.NonNegative.class,
            description = "How long each tool call takes.")
    int toolLatencyMs;

    Duration model() {
        return Duration.ofMillis(modelLatencyMs);
    }

    Duration tool() {
        return Duration.ofMillis(toolLatencyMs);
    }
}
