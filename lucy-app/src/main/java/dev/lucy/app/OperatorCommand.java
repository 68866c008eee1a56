package dev.lucy.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lucy.store.DatabaseConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the operator commands over Lucy's database ({@code ./lucy memory}, {@code ./lucy schedules}) share: where they
 * print, the environment they read the database from ({@code LUCY_DATABASE_URL}, else SQLite in
 * {@code LUCY_DATA_DIR}, default {@code ./data}), a JSON writer, and the usage printed when no subcommand is given.
 */
abstract class OperatorCommand implements Callable<Integer> {
    static final String DATABASE_URL = "LUCY_DATABASE_URL";
    static final String DATA_DIR = "LUCY_DATA_DIR";
    /** The help line that says which database a command reads. */
    static final String DATABASE_HELP = "Database: " + DATABASE_URL
            + " (jdbc:postgresql://... or jdbc:sqlite:FILE), else SQLite in " + DATA_DIR + " (default ./data).";

    // held so the level sticks: java.util.logging keeps loggers weakly
    private final Logger flywayLog = Logger.getLogger("org.flywaydb");
    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;
    final ObjectMapper json = JsonMapper.builder().build();

    @Spec
    CommandSpec spec;

    OperatorCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        flywayLog.setLevel(Level.WARNING);
    }

    /** The command alone: what it can do, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return Main.USAGE;
    }

    /** {@code LUCY_DATABASE_URL}, else SQLite in {@code LUCY_DATA_DIR} (default ./data); a bad URL is a usage error. */
    DatabaseConfig databaseConfig() {
        String url = env.get(DATABASE_URL);
        if (url != null && !url.isBlank()) {
            try {
                return DatabaseConfig.builder(url).build();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), DATABASE_URL + ": " + e.getMessage());
            }
        }
        String dir = env.getOrDefault(DATA_DIR, "");
        return DatabaseConfig.sqlite(Path.of(dir.isBlank() ? "data" : dir));
    }
}
