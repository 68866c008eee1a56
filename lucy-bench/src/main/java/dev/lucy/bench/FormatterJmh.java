package dev.lucy.bench;

import dev.lucy.slack.FormatOptions;
import dev.lucy.slack.SlackFormatter;
import dev.lucy.slack.SlackMessage;
import dev.lucy.slack.Target;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Formatting one typical model answer (about 2 KB: headings, lists, a table, code, links) per target. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FormatterJmh {
    static final String ANSWER = """
            ## Summary

            The checkout service had **elevated errors** after the deploy at 14:02 UTC. I checked the last 7 days
            of logs & found 1,204 timeouts, all on the `/v2/checkout` route. Tracked in
            https://github.com/acme/checkout/pull/4211 and https://linear.app/acme/issue/ENG-123/timeouts.

            ## Findings

            1. The retry policy doubles the load on the database when the upstream is slow.
            2. Most errors come from *one tenant* with an unusually large cart.
               - p95 went from 420 ms to 1.8 s
               - values < 0 are treated as missing
            3. The flag `new_pricing` is still on for 10% of traffic.

            | Service | p50 | p95 | Errors |
            |---|--:|--:|--:|
            | checkout | 83 ms | 1,804 ms | 1,204 |
            | tax | 22 ms | 660 ms | 12 |
            | cart | 48 ms | 354 ms | 0 |

            ```python
            def retry(fn, attempts=3):
                for i in range(attempts):
                    try:
                        return fn()
                    except TimeoutError:
                        if i == attempts - 1:
                            raise
            ```

            ## Next steps

            - [x] Roll back the deploy
            - [ ] Add a circuit breaker around the tax call (<@U024BE7LH>)
            - [ ] Write the post-mortem in https://docs.google.com/document/d/1AbC/edit
            """;

    @Param({"MRKDWN", "BLOCKS", "MARKDOWN_BLOCK"})
    public String target;

    private SlackFormatter formatter;

    @Setup
    public void setUp() {
        formatter = SlackFormatter.of(
                FormatOptions.builder().target(Target.valueOf(target)).build());
    }

    @Benchmark
    public List<SlackMessage> formatTypicalAnswer() {
        return formatter.format(ANSWER);
    }
}
