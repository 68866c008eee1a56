package dev.lucy.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.app.cli.Values;
import dev.lucy.app.config.ConfigException;
import dev.lucy.app.config.ConfigLoader;
import dev.lucy.app.config.LucyConfig;
import dev.lucy.core.Secrets;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.core.model.ResilientChatModel;
import dev.lucy.memory.Candidate;
import dev.lucy.memory.Extraction;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.MemoryAdmin;
import dev.lucy.memory.ModelExtractor;
import dev.lucy.memory.SessionMemory;
import dev.lucy.memory.Tier;
import dev.lucy.memory.spi.MemoryAdminStore;
import dev.lucy.memory.spi.MemoryStore;
import dev.lucy.store.Database;
import dev.lucy.store.PostgresMemoryStore;
import dev.lucy.store.SqliteMemoryStore;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ./lucy memory list|export|forget|extract ...}: inspect and forget what Lucy remembers, against the
 * configured database ({@code LUCY_DATABASE_URL}, or SQLite in {@code LUCY_DATA_DIR}, default {@code ./data}).
 */
@Command(
        name = "memory",
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "List, export and forget what Lucy remembers; try what it would extract from a message.",
            OperatorCommand.DATABASE_HELP
        },
        subcommands = HelpCommand.class)
final class MemoryCommand extends OperatorCommand {
    MemoryCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        super(out, err, env);
    }

    @Command(
            name = "extract",
            description = {
                "Print as JSON what memory would store from the message TEXT: the free rules first, then, for a"
                        + " message they cannot settle, the fast model (when a model key is set and"
                        + " LUCY_MEMORY_EXTRACTION_TOKENS_PER_DAY is not 0)."
            })
    int extract(
            @Option(names = "--rules-only", description = "Only the free rule-based pass; never asks the model.")
                    boolean rulesOnly,
            @Parameters(paramLabel = "TEXT", arity = "1..*", description = "The message, in one or several words.")
                    List<String> words) {
        String text = String.join(" ", words);
        // through SessionMemory, so the answer is what the bot would store: a credential is refused
        Extraction byRules =
                SessionMemory.builder(MemoryStore.inMemory()).build().extract(text);
        ObjectNode result = json.createObjectNode();
        boolean unsettled = byRules instanceof Extraction.Rejected r && r.reason() == Extraction.Reason.NOT_DURABLE;
        if (rulesOnly || !unsettled || !Secrets.defaults().find(text).isEmpty()) {
            describe(result, byRules);
            if (!rulesOnly) {
                result.put("by", "rules");
            }
            out.println(result);
            return Main.OK;
        }
        Optional<LucyConfig> config = modelConfig();
        if (config.isEmpty()) {
            describe(result, byRules);
            result.put("by", "rules");
            result.put(
                    "model",
                    "not asked: no model is configured (OPENROUTER_API_KEY, OPENAI_API_KEY or LUCY_MODEL_API_KEY),"
                            + " or LUCY_MEMORY_EXTRACTION_TOKENS_PER_DAY is 0");
            out.println(result);
            return Main.OK;
        }
        try (OpenAiCompatibleChatModel client =
                OpenAiCompatibleChatModel.create(config.get().modelClientConfig())) {
            ChatModel fast = ResilientChatModel.builder(client)
                    .config(config.get().resilienceConfig())
                    .build()
                    .tier(ModelTier.FAST);
            Extraction byModel = ModelExtractor.using(fast)
                    .extractAll(List.of(text))
                    .extractions()
                    .get(0);
            describe(result, byModel);
            result.put("by", "model");
            ObjectNode rules = result.putObject("rules");
            describe(rules, byRules);
        }
        out.println(result);
        return Main.OK;
    }

    private Optional<LucyConfig> modelConfig() {
        try {
            LucyConfig config = ConfigLoader.load(env);
            return config.memoryExtraction().isPresent() ? Optional.of(config) : Optional.empty();
        } catch (ConfigException e) {
            err.println("lucy memory extract: " + e.getMessage() + "; the rules alone answer");
            return Optional.empty();
        }
    }

    private void describe(ObjectNode result, Extraction extraction) {
        switch (extraction) {
            case Extraction.Found found -> {
                result.put("stored", true);
                ArrayNode facts = result.putArray("facts");
                for (Candidate c : found.facts()) {
                    ObjectNode f = facts.addObject();
                    f.put("subject", c.subject());
                    f.put("text", c.text());
                    f.put("category", lower(c.category()));
                    f.put("target", lower(c.target()));
                    f.put("personal", c.personal());
                    f.put("aboutSpeaker", c.aboutSpeaker());
                    c.validFrom().ifPresent(d -> f.put("validFrom", d.toString()));
                    c.validTo().ifPresent(d -> f.put("validTo", d.toString()));
                }
            }
            case Extraction.Rejected rejected -> {
                result.put("stored", false);
                result.put("reason", lower(rejected.reason()));
                result.put("detail", rejected.detail());
            }
        }
    }

    @Command(name = "list", description = "Print the facts of a workspace, one JSON line per fact.")
    int list(
            @Mixin Workspace workspace,
            @Option(
                            names = "--user",
                            paramLabel = "ID",
                            converter = Values.NonBlank.class,
                            description = "Only the facts this user stated.")
                    String user,
            @Option(
                            names = "--tier",
                            paramLabel = "TIER",
                            converter = TierValue.class,
                            completionCandidates = TierValue.Names.class,
                            description = "Only session or knowledge facts.")
                    Tier tier,
            @Option(names = "--history", description = "Include facts that were superseded or forgotten.")
                    boolean history,
            @Option(
                            names = "--limit",
                            paramLabel = "N",
                            converter = Values.Positive.class,
                            description = "At most N facts.")
                    Integer limit) {
        return withStore(memory -> {
            FactQuery query = FactQuery.workspace(workspace.id);
            if (history) {
                query = query.withHistory();
            }
            if (user != null) {
                query = query.statedBy(user);
            }
            if (tier != null) {
                query = query.tier(tier);
            }
            if (limit != null) {
                query = query.limit(limit);
            }
            for (Fact f : memory.list(query)) {
                ObjectNode line = json.createObjectNode();
                line.put("id", f.id());
                line.put("tier", lower(f.tier()));
                line.put("subject", f.subject());
                line.put("text", f.text());
                line.put("category", lower(f.category()));
                line.put("target", lower(f.target()));
                f.owner().ifPresent(o -> line.put("owner", o));
                line.put("statedBy", f.source().userId());
                line.put("conversation", f.source().conversationId());
                line.put("validFrom", f.validFrom().toString());
                f.validTo().ifPresent(t -> line.put("validTo", t.toString()));
                line.put("occurrences", f.occurrences());
                out.println(line);
            }
            return Main.OK;
        });
    }

    /** The forms {@code memory export} writes. */
    enum ExportFormat {
        markdown,
        json,
        csv
    }

    @Command(
            name = "export",
            description = "Print everything remembered about a workspace: readable Markdown, or every fact with its"
                    + " tier, subject, source and history as JSON or CSV (as the web console's Memory page downloads).")
    int export(
            @Mixin Workspace workspace,
            @Option(
                            names = "--format",
                            paramLabel = "FORMAT",
                            defaultValue = "markdown",
                            description = "markdown (the default), json or csv.")
                    ExportFormat format) {
        return withStore(memory -> {
            out.print(
                    switch (format) {
                        case markdown -> memory.exportMarkdown(workspace.id);
                        case json -> memory.exportJson(workspace.id);
                        case csv -> memory.exportCsv(workspace.id);
                    });
            return Main.OK;
        });
    }

    @Command(
            name = "forget",
            description = "Forget one fact, everything a user stated, or the whole workspace: exactly one of --fact,"
                    + " --user and --all.")
    int forget(
            @Mixin Workspace workspace,
            @Option(
                            names = "--fact",
                            paramLabel = "ID",
                            converter = Values.NonBlank.class,
                            description = "The fact's id (from list).")
                    String fact,
            @Option(
                            names = "--user",
                            paramLabel = "ID",
                            converter = Values.NonBlank.class,
                            description = "Every fact this user stated.")
                    String user,
            @Option(names = "--all", description = "Every fact of the workspace.") boolean all) {
        int chosen = (fact != null ? 1 : 0) + (user != null ? 1 : 0) + (all ? 1 : 0);
        if (chosen != 1) {
            throw new ParameterException(
                    spec.subcommands().get("forget"), "needs exactly one of --fact ID, --user ID or --all");
        }
        return withStore(memory -> {
            if (fact != null) {
                if (!memory.forget(workspace.id, fact)) {
                    err.println("lucy memory forget: no fact " + fact + " in workspace " + workspace.id);
                    return Main.FAILED;
                }
                out.println("forgot 1 fact");
            } else if (user != null) {
                out.println("forgot " + memory.forgetUser(workspace.id, user) + " facts");
            } else {
                out.println("forgot " + memory.forgetWorkspace(workspace.id) + " facts");
            }
            return Main.OK;
        });
    }

    private int withStore(Function<MemoryAdmin, Integer> action) {
        try (Database database = Database.open(databaseConfig())) {
            MemoryAdminStore store = database.dialect() == dev.lucy.store.Dialect.POSTGRESQL
                    ? PostgresMemoryStore.open(database)
                    : SqliteMemoryStore.open(database);
            return action.apply(MemoryAdmin.of(store));
        }
    }

    /** {@code session} or {@code knowledge}. */
    /** {@code --workspace ID}, which every memory command needs. */
    static final class Workspace {
        @Option(
                names = "--workspace",
                paramLabel = "ID",
                required = true,
                converter = Values.NonBlank.class,
                description = "The Slack workspace (team) ID.")
        String id;
    }

    static final class TierValue implements ITypeConverter<Tier> {
        static final class Names implements Iterable<String> {
            @Override
            public Iterator<String> iterator() {
                return List.of("session", "knowledge").iterator();
            }
        }

        @Override
        public Tier convert(String value) {
            try {
                return Tier.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(
                        value.isBlank() ? "needs a value" : "must be session or knowledge, not '" + value + "'");
            }
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
