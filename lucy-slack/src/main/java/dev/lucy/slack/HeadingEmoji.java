package dev.lucy.slack;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Picks a section emoji for a heading by what the heading means ("Next steps" gets a pointing hand). */
final class HeadingEmoji {
    private record Rule(String emoji, List<String> words) {}

    // Order matters: the first rule with a matching word wins ("Known risks and errors" is an error section).
    private static final List<Rule> RULES = List.of(
            new Rule(
                    "❌",
                    List.of(
                            "error",
                            "errors",
                            "failure",
                            "failures",
                            "failed",
                            "failing",
                            "bug",
                            "bugs",
                            "incident",
                            "outage",
                            "broken",
                            "problems")),
            new Rule(
                    "⚠️",
                    List.of(
                            "warning",
                            "warnings",
                            "caveat",
                            "caveats",
                            "risk",
                            "risks",
                            "caution",
                            "gotcha",
                            "gotchas",
                            "limitation",
                            "limitations",
                            "known issues",
                            "watch out")),
            new Rule(
                    "📝",
                    List.of(
                            "summary",
                            "tl;dr",
                            "tldr",
                            "overview",
                            "at a glance",
                            "key takeaways",
                            "takeaways",
                            "executive",
                            "recap",
                            "highlights")),
            new Rule(
                    "👉",
                    List.of(
                            "next steps",
                            "next step",
                            "action items",
                            "action item",
                            "todo",
                            "to do",
                            "to-do",
                            "follow-up",
                            "follow up",
                            "follow-ups",
                            "what's next",
                            "plan")),
            new Rule(
                    "💡",
                    List.of(
                            "recommendation",
                            "recommendations",
                            "recommended",
                            "suggestion",
                            "suggestions",
                            "proposal",
                            "advice",
                            "tips",
                            "options",
                            "ideas")),
            new Rule(
                    "📊",
                    List.of(
                            "results",
                            "result",
                            "metrics",
                            "numbers",
                            "benchmark",
                            "benchmarks",
                            "outcome",
                            "outcomes",
                            "stats",
                            "statistics",
                            "data",
                            "performance")),
            new Rule(
                    "🔍",
                    List.of(
                            "findings",
                            "finding",
                            "analysis",
                            "observations",
                            "investigation",
                            "root cause",
                            "diagnosis",
                            "research",
                            "review")),
            new Rule(
                    "✅",
                    List.of(
                            "conclusion",
                            "conclusions",
                            "verdict",
                            "decision",
                            "decisions",
                            "bottom line",
                            "resolution",
                            "done",
                            "completed")),
            new Rule("❓", List.of("question", "questions", "faq", "unknowns")),
            new Rule("📚", List.of("background", "context", "history", "motivation", "problem statement")),
            new Rule("📅", List.of("timeline", "schedule", "milestones", "roadmap", "dates", "deadline")),
            new Rule(
                    "🛠️",
                    List.of(
                            "implementation",
                            "setup",
                            "installation",
                            "install",
                            "usage",
                            "how to",
                            "example",
                            "examples",
                            "code",
                            "steps",
                            "configuration",
                            "changes")),
            new Rule("🔒", List.of("security", "privacy", "permissions", "access")),
            new Rule("💰", List.of("cost", "costs", "pricing", "budget", "price")),
            new Rule("🔗", List.of("sources", "references", "links", "further reading", "resources")),
            new Rule("📌", List.of("notes", "note", "details", "key points")));

    private HeadingEmoji() {}

    static Optional<String> forHeading(String plainText) {
        String text = " " + normalise(plainText) + " ";
        for (Rule rule : RULES) {
            for (String word : rule.words()) {
                if (text.contains(" " + word + " ")) {
                    return Optional.of(rule.emoji());
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the heading already starts with an emoji (Unicode or a :shortcode:), so none is added. */
    static boolean startsWithEmoji(String plainText) {
        String s = plainText.stripLeading();
        if (s.isEmpty()) {
            return false;
        }
        if (s.charAt(0) == ':' && s.indexOf(':', 1) > 1) {
            return true;
        }
        int cp = s.codePointAt(0);
        return Character.getType(cp) == Character.OTHER_SYMBOL || (cp >= 0x1F000 && cp <= 0x1FAFF);
    }

    private static String normalise(String text) {
        StringBuilder out = new StringBuilder(text.length());
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            out.append(Character.isLetterOrDigit(c) || c == ';' || c == '\'' || c == '-' ? c : ' ');
        }
        return out.toString().replaceAll("\\s+", " ").strip();
    }
}
