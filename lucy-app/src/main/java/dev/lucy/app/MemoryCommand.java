package dev.lucy.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.core.LucyException;
import dev.lucy.memory.Candidate;
import dev.lucy.memory.Extraction;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.MemoryAdmin;
import dev.lucy.memory.Tier;
import dev.lucy.memory.spi.FactExtractor;
import dev.lucy.memory.spi.MemoryAdminStore;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.store.PostgresMemoryStore;
import dev.lucy.store.SqliteMemoryStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code ./lucy memory list|export|forget|extract ...}: inspect and forget what Lucy remembers, against the
 * configured database ({@code LUCY_DATABASE_URL}, or SQLite in {@code LUCY_DATA_DIR}, default {@code ./data}).
 */
final class MemoryCommand {
    static final String DATABASE_URL = "LUCY_DATABASE_URL";
    static final String DATA_DIR = "LUCY_DATA_DIR";

    // held so the level sticks: java.util.logging keeps loggers weakly
    private final Logger flywayLog = Logger.getLogger("org.flywaydb");
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final ObjectMapper json = JsonMapper.builder().build();

    MemoryCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        flywayLog.setLevel(Level.WARNING);
    }

    int run(List<String> args) {
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
            usage(args.isEmpty() ? err : out);
            return args.isEmpty() ? Main.USAGE : Main.OK;
        }
        String sub = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (sub) {
                case "extract" -> extract(rest);
                case "list", "export", "forget" -> withStore(sub, options(rest));
                default -> {
                    err.println("lucy memory: unknown subcommand '" + sub + "'");
                    usage(err);
                    yield Main.USAGE;
                }
            };
        } catch (UsageException e) {
            err.println("lucy memory: " + e.getMessage());
            usage(err);
            return Main.USAGE;
        } catch (LucyException e) {
            err.println("lucy memory: " + e.getMessage());
            return 1;
        }
    }

    private int extract(List<String> rest) {
        if (rest.isEmpty()) {
            throw new UsageException("extract needs the message text");
        }
        String text = String.join(" ", rest);
        Extraction extraction = FactExtractor.ruleBased().extract(text);
        ObjectNode result = json.createObjectNode();
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
                }
            }
            case Extraction.Rejected rejected -> {
                result.put("stored", false);
                result.put("reason", lower(rejected.reason()));
                result.put("detail", rejected.detail());
            }
        }
        out.println(result);
        return Main.OK;
    }

    private int withStore(String sub, Map<String, String> options) {
        String workspace = options.get("workspace");
        if (workspace == null) {
            throw new UsageException(sub + " needs --workspace ID");
        }
        try (Database database = Database.open(databaseConfig())) {
            MemoryAdminStore store = database.dialect() == dev.lucy.store.Dialect.POSTGRESQL
                    ? PostgresMemoryStore.open(database)
                    : SqliteMemoryStore.open(database);
            MemoryAdmin memory = MemoryAdmin.of(store);
            return switch (sub) {
                case "list" -> list(memory, workspace, options);
                case "export" -> {
                    out.print(memory.exportMarkdown(workspace));
                    yield Main.OK;
                }
                default -> forget(memory, workspace, options);
            };
        }
    }

    private int list(MemoryAdmin memory, String workspace, Map<String, String> options) {
        FactQuery query = FactQuery.workspace(workspace);
        if (options.containsKey("history")) {
            query = query.withHistory();
        }
        if (options.containsKey("user")) {
            query = query.statedBy(options.get("user"));
        }
        if (options.containsKey("tier")) {
            query = query.tier(parseTier(options.get("tier")));
        }
        if (options.containsKey("limit")) {
            query = query.limit(parseLimit(options.get("limit")));
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
    }

    private int forget(MemoryAdmin memory, String workspace, Map<String, String> options) {
        int chosen = (options.containsKey("fact") ? 1 : 0)
                + (options.containsKey("user") ? 1 : 0)
                + (options.containsKey("all") ? 1 : 0);
        if (chosen != 1) {
            throw new UsageException("forget needs exactly one of --fact ID, --user ID or --all");
        }
        if (options.containsKey("fact")) {
            boolean gone = memory.forget(workspace, options.get("fact"));
            if (!gone) {
                err.println("lucy memory: no fact " + options.get("fact") + " in workspace " + workspace);
                return 1;
            }
            out.println("forgot 1 fact");
        } else if (options.containsKey("user")) {
            out.println("forgot " + memory.forgetUser(workspace, options.get("user")) + " facts");
        } else {
            out.println("forgot " + memory.forgetWorkspace(workspace) + " facts");
        }
        return Main.OK;
    }

    DatabaseConfig databaseConfig() {
        String url = env.get(DATABASE_URL);
        if (url != null && !url.isBlank()) {
            try {
                return DatabaseConfig.builder(url).build();
            } catch (IllegalArgumentException e) {
                throw new UsageException(DATABASE_URL + ": " + e.getMessage());
            }
        }
        String dir = env.getOrDefault(DATA_DIR, "");
        return DatabaseConfig.sqlite(Path.of(dir.isBlank() ? "data" : dir));
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> options = new HashMap<>();
        List<String> flags = List.of("history", "all");
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            if (flags.contains(name)) {
                options.put(name, "true");
            } else if (List.of("workspace", "user", "fact", "tier", "limit").contains(name)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(a + " needs a value");
                }
                options.put(name, args.get(++i));
            } else {
                throw new UsageException("unknown option '" + a + "'");
            }
        }
        return options;
    }

    private static Tier parseTier(String value) {
        try {
            return Tier.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tier must be session or knowledge, not '" + value + "'");
        }
    }

    private static int parseLimit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit < 1) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new UsageException("--limit must be a positive number, not '" + value + "'");
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static void usage(PrintStream to) {
        List<String> lines = new ArrayList<>(List.of(
                "Usage: ./lucy memory COMMAND",
                "",
                "  list    --workspace ID [--user ID] [--tier session|knowledge] [--history] [--limit N]",
                "          one JSON line per fact",
                "  export  --workspace ID            everything remembered, as Markdown",
                "  forget  --workspace ID (--fact ID | --user ID | --all)",
                "  extract TEXT                      what the extractor would store, as JSON",
                "",
                "Database: " + DATABASE_URL + " (jdbc:postgresql://... or jdbc:sqlite:FILE), else SQLite in " + DATA_DIR
                        + " (default ./data)."));
        lines.forEach(to::println);
    }

    private static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
