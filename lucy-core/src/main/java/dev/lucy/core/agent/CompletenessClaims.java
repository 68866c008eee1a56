package dev.lucy.core.agent;

import java.util.regex.Pattern;

/** Recognises answers that claim to be the whole story ("that's all", "here are all of them", ...). */
final class CompletenessClaims {
    private static final Pattern CLAIM = Pattern.compile(
            "\\b(that'?s all|that is all|that'?s everything|that is everything|here are all|these are all|"
                    + "those are all|this is the (complete|full|entire) list|the (complete|full|entire) list|"
                    + "all of them|every one of them|nothing else|no (others|more)|all \\d+ of)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private CompletenessClaims() {}

    static boolean claimsCompleteness(String answer) {
        return CLAIM.matcher(answer.replace('\u2019', '\'')).find();
    }
}
