package dev.lucy.bench;

import dev.lucy.slack.Reaction;
import dev.lucy.slack.ReactionClassifier;
import dev.lucy.slack.Sanitiser;
import dev.lucy.slack.TonePipeline;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Cost of lucy-slack's triage and prose filters on typical inputs: the reaction classifier on a short
 * acknowledgement and on a request, the tone pipeline and the sanitiser on a 2.5 KB model answer with code
 * (with and without a secret in it).
 *
 * <p>Run: {@code ./lucy bench jmh -f 1 -wi 2 -i 3 TriageBenchmark}
 */
public class TriageBenchmark extends MicroBenchmark {

    private static final String THANKS = "<@U024BE7LH> thanks so much! :pray:";
    private static final String REQUEST = "<@U024BE7LH> can you research how our churn in the EU compares with last"
            + " quarter, and write up the three biggest reasons with links to the tickets?";
    private static final String ANSWER = """
            Great question! I'd be happy to help with that.

            ## Summary

            It's worth noting that churn rose from 2.1% to 2.9% this quarter. Let's delve into the drivers:

            1. **Pricing**: the March increase hit small teams hardest (see ENG-123).
            2. **Onboarding**: new workspaces that never connect a calendar churn twice as often.
            3. **Support**: response times doubled after the holiday, it's important to note that this has recovered.

            I pulled the numbers with this query, saved to /home/lucy/workspaces/T123/reports/churn.sql:

            ```sql
            -- Great question! It's worth noting that this is code.
            SELECT date_trunc('month', cancelled_at) AS month, count(*) AS churned
            FROM subscriptions
            WHERE cancelled_at >= now() - interval '6 months'
            GROUP BY 1 ORDER BY 1;
            ```

            | Month | Churned | Rate |
            | --- | --- | --- |
            | January | 120 | 2.1% |
            | February | 131 | 2.3% |
            | March | 164 | 2.9% |

            The export used the key sk-proj-AbC123dEf456GhI789jKl012MnO345 and `COMPOSIO_SEARCH_TOOLS`, which
            OpenRouter routed without trouble. Needless to say, the `rate` column is rounded.

            Next steps: survey churned teams, revisit small-team pricing, and add a calendar nudge to onboarding.

            Hope this helps! Let me know if you have any other questions.
            """;

    /** The same answer without a secret, a tool name or a provider: the common case. */
    private static final String CLEAN_ANSWER = ANSWER.replace(
                    "sk-proj-AbC123dEf456GhI789jKl012MnO345", "our export key")
            .replace("`COMPOSIO_SEARCH_TOOLS`", "the search")
            .replace("OpenRouter", "the gateway");

    private final ReactionClassifier classifier = ReactionClassifier.defaults();
    private final TonePipeline tone = TonePipeline.defaults();
    private final Sanitiser sanitiser = Sanitiser.defaults();

    @Benchmark
    public Reaction classifyThanks() {
        return classifier.classify(THANKS, false);
    }

    @Benchmark
    public Reaction classifyRequest() {
        return classifier.classify(REQUEST, false);
    }

    @Benchmark
    public String toneOnAnswer() {
        return tone.apply(ANSWER);
    }

    @Benchmark
    public String sanitiseAnswer() {
        return sanitiser.apply(ANSWER);
    }

    @Benchmark
    public String sanitiseCleanAnswer() {
        return sanitiser.apply(CLEAN_ANSWER);
    }
}
