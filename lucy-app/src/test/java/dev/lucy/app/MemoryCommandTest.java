package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.SessionMemory;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.store.SqliteMemoryStore;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryCommandTest {
    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return memory(Map.of(MemoryCommand.DATA_DIR, dataDir.toString()), args);
    }

    /** {@code ./lucy memory ARGS} with {@code env} as its environment. */
    private int memory(Map<String, String> env, String... args) {
        List<String> line = new ArrayList<>(List.of("memory"));
        line.addAll(List.of(args));
        return new Main(InputStream.nullInputStream(), utf8(out), utf8(err), env).run(line);
    }

    private void remember(Caller caller, String message) {
        try (Database db = Database.open(DatabaseConfig.sqlite(dataDir))) {
            SessionMemory.builder(SqliteMemoryStore.open(db)).build().remember(caller, message);
        }
    }

    @Test
    void extract_prints_the_facts_it_would_store_as_json() {
        assertThat(run("extract", "Remember", "our", "Q1", "target", "is", "$800K"))
                .isZero();

        assertThat(text(out).strip())
                .isEqualTo("{\"stored\":true,\"facts\":[{\"subject\":\"q1 target\",\"text\":\"Our Q1 target is"
                        + " $800K.\",\"category\":\"fact\",\"target\":\"company\",\"personal\":false,"
                        + "\"aboutSpeaker\":false}],\"by\":\"rules\"}");
    }

    @Test
    void extract_prints_nothing_stored_and_why_for_a_question() {
        assertThat(run("extract", "What's our revenue target?")).isZero();

        assertThat(text(out).strip())
                .isEqualTo("{\"stored\":false,\"reason\":\"question\",\"detail\":\"it is a question\","
                        + "\"by\":\"rules\"}");
    }

    @Test
    void extract_rules_only_is_the_free_pass_alone() {
        assertThat(run("extract", "--rules-only", "Going forward, always CC jake on emails"))
                .isZero();

        assertThat(text(out).strip())
                .isEqualTo("{\"stored\":true,\"facts\":[{\"subject\":\"instruction: cc jake\",\"text\":\"Always"
                        + " CC jake on emails.\",\"category\":\"standing_instruction\",\"target\":\"session\","
                        + "\"personal\":true,\"aboutSpeaker\":false}]}");
    }

    @Test
    void extract_says_the_model_was_not_asked_when_none_is_configured() {
        assertThat(run("extract", "the office dog is called Biscuit")).isZero();

        assertThat(text(out)).contains("\"stored\":false", "\"by\":\"rules\"", "\"model\":\"not asked");
    }

    @Test
    void extract_asks_the_model_about_what_the_rules_could_not_settle() {
        try (ScriptedModelServer model = ScriptedModelServer.start()) {
            model.enqueue(Reply.text("""
                    {"results":[{"id":1,"facts":[{"subject":"standup time","statement":"Standup is at 9:30 every \
                    day.","category":"fact","target":"team","personal":false,"valid_from":null,"valid_to":null}]}]}\
                    """));
            Map<String, String> env = Map.of(
                    MemoryCommand.DATA_DIR,
                    dataDir.toString(),
                    "LUCY_MODEL_BASE_URL",
                    model.baseUrl().toString());

            assertThat(memory(env, "extract", "the office dog is called Biscuit"))
                    .isZero();

            assertThat(text(out).strip())
                    .isEqualTo("{\"stored\":true,\"facts\":[{\"subject\":\"standup time\",\"text\":\"Standup is at"
                            + " 9:30 every day.\",\"category\":\"fact\",\"target\":\"team\",\"personal\":false,"
                            + "\"aboutSpeaker\":false}],\"by\":\"model\",\"rules\":{\"stored\":false,\"reason\":"
                            + "\"not_durable\",\"detail\":\"no durable statement (target, stack, role, preference,"
                            + " decision, deadline) found\"}}");
            assertThat(model.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void lists_exports_and_forgets_facts_of_one_workspace() {
        remember(new Caller("T1", "U1", "C1"), "Our Q1 target is $800K");
        remember(new Caller("T1", "U2", "C2"), "We use Jira for bugs");
        remember(new Caller("T2", "U1", "C3"), "Our HQ is in Berlin");

        assertThat(run("list", "--workspace", "T1")).isZero();
        assertThat(text(out).lines()).hasSize(2).allMatch(l -> l.startsWith("{\"id\":"));
        assertThat(text(out)).contains("Our Q1 target is $800K.").doesNotContain("Berlin");

        out.reset();
        assertThat(run("export", "--workspace", "T1")).isZero();
        assertThat(text(out)).startsWith("# Lucy memory: workspace T1").contains("We use Jira for bugs.");
        out.reset();
        assertThat(run("export", "--workspace", "T1", "--format", "json")).isZero();
        assertThat(text(out))
                .startsWith("{")
                .contains("\"workspace\" : \"T1\"", "\"tier\" : \"session\"", "We use Jira for bugs.")
                .doesNotContain("Berlin");
        out.reset();
        assertThat(run("export", "--workspace", "T1", "--format", "csv")).isZero();
        assertThat(text(out)).startsWith("id,tier,subject,text").contains("Our Q1 target is $800K.");
        out.reset();
        assertThat(run("export", "--workspace", "T1", "--format", "yaml"))
                .as("an unknown format is refused")
                .isNotZero();

        out.reset();
        assertThat(run("forget", "--workspace", "T1", "--user", "U2")).isZero();
        assertThat(text(out)).contains("forgot 1 facts");
        out.reset();
        assertThat(run("forget", "--workspace", "T1", "--all")).isZero();
        try (Database db = Database.open(DatabaseConfig.sqlite(dataDir))) {
            var store = SqliteMemoryStore.open(db);
            assertThat(store.list(FactQuery.workspace("T1"))).isEmpty();
            assertThat(store.list(FactQuery.workspace("T2"))).hasSize(1);
        }
    }

    @Test
    void forgetting_an_unknown_fact_fails_with_a_message() {
        assertThat(run("forget", "--workspace", "T1", "--fact", "nope")).isEqualTo(1);
        assertThat(text(err)).contains("no fact nope in workspace T1");
    }

    @Test
    void bad_usage_names_the_problem_and_exits_with_the_usage_code() {
        assertThat(run("list")).isEqualTo(Main.USAGE);
        assertThat(text(err)).contains("lucy memory list: needs --workspace ID");
        assertThat(run("forget", "--workspace", "T1")).isEqualTo(Main.USAGE);
        assertThat(run("list", "--workspace", "T1", "--tier", "forever")).isEqualTo(Main.USAGE);
        assertThat(run("frob")).isEqualTo(Main.USAGE);
        assertThat(run("extract")).isEqualTo(Main.USAGE);
    }

    @Test
    void an_unsupported_database_url_is_a_clear_error_without_a_stack_trace() {
        assertThat(memory(Map.of(MemoryCommand.DATABASE_URL, "jdbc:mysql://db/lucy"), "list", "--workspace", "T1"))
                .isEqualTo(Main.USAGE);
        assertThat(text(err))
                .contains("LUCY_DATABASE_URL")
                .contains("unsupported database")
                .doesNotContain("\tat ");
    }

    @Test
    void an_unreachable_database_fails_with_exit_code_one_and_no_stack_trace() {
        assertThat(memory(
                        Map.of(MemoryCommand.DATABASE_URL, "jdbc:postgresql://127.0.0.1:1/lucy?connectTimeout=1"),
                        "list",
                        "--workspace",
                        "T1"))
                .isEqualTo(1);
        assertThat(text(err))
                .startsWith("lucy memory list: cannot open the database")
                .doesNotContain("\tat ");
    }

    private static PrintStream utf8(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
