package dev.lucy.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Plain words for what Lucy is doing and has done, looked up by tool intent or category ("calendar",
 * "web_search", "GMAIL_FETCH_EMAILS"). Users never see the input: an activity nobody described gets
 * {@link #fallback()}. Immutable; start from {@link #defaults()}.
 *
 * @param rules keyword rules, tried in order: the first rule holding one of the input's words wins
 * @param fallback the activity for inputs no rule matches
 */
public record ProgressPhrases(List<Rule> rules, Activity fallback) {

    /**
     * Something Lucy does, in two forms.
     *
     * @param doing for a status line, as "Searching the web"
     * @param done after "I've", as "searched the web"
     */
    public record Activity(String doing, String done) {
        public Activity {
            Objects.requireNonNull(doing, "doing");
            Objects.requireNonNull(done, "done");
            if (doing.isBlank() || done.isBlank()) {
                throw new IllegalArgumentException("activity: doing and done must not be blank");
            }
        }
    }

    /**
     * An activity and the lower-case words of tool names or intents that stand for it.
     *
     * @param keywords single lower-case words
     * @param activity what those words mean in plain language
     */
    public record Rule(List<String> keywords, Activity activity) {
        public Rule {
            keywords = List.copyOf(keywords);
            Objects.requireNonNull(activity, "activity");
            if (keywords.isEmpty()) {
                throw new IllegalArgumentException("keywords: a rule needs at least one keyword");
            }
            for (String keyword : keywords) {
                if (keyword.isBlank() || !keyword.equals(keyword.toLowerCase(Locale.ROOT)) || keyword.contains(" ")) {
                    throw new IllegalArgumentException("keywords: single lower-case words, got '" + keyword + "'");
                }
            }
        }
    }

    public static final Activity DEFAULT_FALLBACK =
            new Activity("Working through the steps", "worked through a few steps");

    public ProgressPhrases {
        rules = List.copyOf(rules);
        Objects.requireNonNull(fallback, "fallback");
    }

    /** Calendar, email, conversations, documents, spreadsheets, code, tickets, the web, data, memory and more. */
    public static ProgressPhrases defaults() {
        return builder()
                .rule(
                        new Activity("Checking the calendar", "checked the calendar"),
                        "calendar",
                        "gcal",
                        "googlecalendar",
                        "event",
                        "events",
                        "meeting",
                        "meetings",
                        "schedule")
                .rule(
                        new Activity("Reading email", "gone through email"),
                        "email",
                        "emails",
                        "gmail",
                        "mail",
                        "inbox",
                        "outlook")
                .rule(
                        new Activity("Checking the spreadsheet", "gone through the spreadsheet"),
                        "sheet",
                        "sheets",
                        "googlesheets",
                        "spreadsheet",
                        "excel",
                        "csv")
                .rule(
                        new Activity("Reading documents", "read the relevant documents"),
                        "doc",
                        "docs",
                        "document",
                        "documents",
                        "googledocs",
                        "drive",
                        "googledrive",
                        "notion",
                        "confluence",
                        "wiki",
                        "page",
                        "pages")
                .rule(
                        new Activity("Looking at the repository", "looked at the repository"),
                        "github",
                        "gitlab",
                        "bitbucket",
                        "repo",
                        "repository",
                        "pull",
                        "pr",
                        "commit",
                        "commits",
                        "branch",
                        "diff")
                .rule(
                        new Activity("Checking the tickets", "checked the tickets"),
                        "linear",
                        "jira",
                        "ticket",
                        "tickets",
                        "issue",
                        "issues",
                        "asana",
                        "trello")
                .rule(
                        new Activity("Checking the CRM", "checked the CRM"),
                        "hubspot",
                        "salesforce",
                        "crm",
                        "contact",
                        "contacts",
                        "deal",
                        "deals",
                        "lead",
                        "leads")
                .rule(
                        new Activity("Reading the conversation", "read the conversation"),
                        "slack",
                        "channel",
                        "channels",
                        "message",
                        "messages",
                        "conversation",
                        "thread",
                        "history")
                .rule(
                        new Activity("Querying the data", "queried the data"),
                        "sql",
                        "database",
                        "db",
                        "query",
                        "postgres",
                        "bigquery",
                        "snowflake",
                        "analytics",
                        "metrics",
                        "data")
                .rule(
                        new Activity("Running some code", "run some code"),
                        "code",
                        "python",
                        "execute",
                        "exec",
                        "run",
                        "sandbox",
                        "script",
                        "shell",
                        "bash")
                .rule(
                        new Activity("Reading the files", "read the files"),
                        "file",
                        "files",
                        "upload",
                        "download",
                        "pdf",
                        "attachment",
                        "attachments")
                .rule(
                        new Activity("Checking what I already know", "checked my notes"),
                        "memory",
                        "memories",
                        "remember",
                        "recall",
                        "knowledge",
                        "facts")
                .rule(
                        new Activity("Searching the web", "searched the web"),
                        "web",
                        "search",
                        "browse",
                        "browser",
                        "google",
                        "fetch",
                        "http",
                        "url",
                        "scrape",
                        "crawl",
                        "research",
                        "news")
                .rule(
                        new Activity("Drafting", "drafted a first version"),
                        "write",
                        "draft",
                        "compose",
                        "generate",
                        "create",
                        "summarize",
                        "summarise")
                .build();
    }

    public static Builder builder() {
        return new Builder(List.of(), DEFAULT_FALLBACK);
    }

    public Builder toBuilder() {
        return new Builder(rules, fallback);
    }

    /** The activity for a tool name or intent; {@link #fallback()} when no rule knows any of its words. */
    public Activity activityFor(String toolOrIntent) {
        Objects.requireNonNull(toolOrIntent, "toolOrIntent");
        List<String> words = words(toolOrIntent);
        for (Rule rule : rules) {
            for (String word : words) {
                if (rule.keywords().contains(word)) {
                    return rule.activity();
                }
            }
        }
        return fallback;
    }

    /** "GMAIL_FETCH_EMAILS", "webSearch", "calendar.list" -> lower-case words. */
    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                boolean camelBreak =
                        Character.isUpperCase(c) && !word.isEmpty() && Character.isLowerCase(name.charAt(i - 1));
                if (camelBreak) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                word.append(Character.toLowerCase(c));
            } else if (!word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    /** Builds {@link ProgressPhrases}; rules are tried in the order they are added. */
    public static final class Builder {
        private final List<Rule> rules;
        private Activity fallback;

        private Builder(List<Rule> rules, Activity fallback) {
            this.rules = new ArrayList<>(rules);
            this.fallback = fallback;
        }

        public Builder rule(Activity activity, String... keywords) {
            rules.add(new Rule(List.of(keywords), activity));
            return this;
        }

        /** Adds a rule tried before all others, to override a default. */
        public Builder firstRule(Activity activity, String... keywords) {
            rules.addFirst(new Rule(List.of(keywords), activity));
            return this;
        }

        public Builder fallback(Activity activity) {
            this.fallback = Objects.requireNonNull(activity, "fallback");
            return this;
        }

        public ProgressPhrases build() {
            return new ProgressPhrases(rules, fallback);
        }
    }
}
