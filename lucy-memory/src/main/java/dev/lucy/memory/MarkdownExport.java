package dev.lucy.memory;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** A workspace's memory as readable Markdown. */
final class MarkdownExport {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private MarkdownExport() {}

    static String render(String workspaceId, List<Fact> facts, Instant now) {
        List<Fact> knowledge = facts.stream()
                .filter(f -> f.active() && f.tier() == Tier.KNOWLEDGE)
                .toList();
        List<Fact> session = facts.stream()
                .filter(f -> f.active() && f.tier() == Tier.SESSION)
                .toList();
        List<Fact> history = facts.stream().filter(f -> !f.active()).toList();
        StringBuilder b = new StringBuilder();
        b.append("# Lucy memory: workspace ").append(escape(workspaceId)).append("\n\n");
        b.append("Exported ")
                .append(DateTimeFormatter.ISO_INSTANT.format(now))
                .append(". ")
                .append(knowledge.size())
                .append(" knowledge facts, ")
                .append(session.size())
                .append(" session facts, ")
                .append(history.size())
                .append(" superseded.\n");
        b.append("\n## Knowledge\n");
        for (Target target : Target.values()) {
            List<Fact> part =
                    knowledge.stream().filter(f -> f.target() == target).toList();
            if (!part.isEmpty()) {
                b.append("\n### ").append(title(target)).append("\n\n");
                part.forEach(f -> b.append(item(f)));
            }
        }
        if (knowledge.isEmpty()) {
            b.append("\nNothing yet.\n");
        }
        b.append("\n## Session memory\n\n");
        session.forEach(f -> b.append(item(f)));
        if (session.isEmpty()) {
            b.append("Nothing yet.\n");
        }
        if (!history.isEmpty()) {
            b.append("\n## History (superseded)\n\n");
            for (Fact f : history) {
                b.append("- ~~")
                        .append(escape(f.text()))
                        .append("~~ (held ")
                        .append(DAY.format(f.validFrom()))
                        .append(" to ")
                        .append(DAY.format(f.validTo().orElseThrow()))
                        .append(f.supersededBy()
                                .map(id -> ", replaced by `" + id + "`")
                                .orElse(""))
                        .append(", id `")
                        .append(f.id())
                        .append("`)\n");
            }
        }
        return b.toString();
    }

    private static String item(Fact f) {
        return "- **" + escape(f.subject()) + "**: " + escape(f.text()) + " _("
                + f.category().name().toLowerCase(Locale.ROOT)
                + ", " + f.target().name().toLowerCase(Locale.ROOT)
                + f.owner().map(o -> ", personal to " + escape(o)).orElse("") + "; stated by "
                + escape(f.source().userId()) + " in "
                + escape(f.source().conversationId()) + " on "
                + DAY.format(f.source().at())
                + (f.occurrences() > 1 ? "; stated " + f.occurrences() + " times" : "") + "; id `" + f.id() + "`)_\n";
    }

    private static String title(Target target) {
        return switch (target) {
            case COMPANY -> "Company";
            case TEAM -> "Team";
            case SESSION -> "Session";
        };
    }

    private static String escape(String s) {
        return s.replaceAll("[\\r\\n]+", " ").replaceAll("([\\\\`*_~\\[\\]<>#|])", "\\\\$1");
    }
}
