package dev.lucy.memory.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.agent.Agent;
import dev.lucy.core.agent.AgentResult;
import dev.lucy.core.agent.Outcome;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.Remembered;
import dev.lucy.memory.SessionMemory;
import dev.lucy.memory.spi.MemoryStore;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's memory scenario end to end: the real {@link Agent} over the real HTTP model client against the
 * testkit's scripted model server, with {@link SessionMemory} as its context contributor and, after each run, the
 * extraction step lucy-app performs ({@link SessionMemory#observe}: remember what the user said).
 *
 * <p>The scripted model knows nothing by itself: it answers a question only from the fenced
 * {@code <<<remembered-facts>>>} block it receives in the prompt, so a right answer in a new thread proves the fact
 * travelled through the store and recall, not through the conversation. Subclasses choose the database.
 */
public abstract class MemoryScenario {
    static final String WORKSPACE = "T_ACME";
    static final String OPEN_FENCE = "<<<remembered-facts>>>";
    static final String CLOSE_FENCE = "<<<end-remembered-facts>>>";
    static final String NOTED = "Noted.";
    static final String UNKNOWN = "I don't have that in memory.";

    private ScriptedModelServer server;
    private OpenAiCompatibleChatModel client;

    /** A fresh, empty store for this test. */
    protected abstract MemoryStore openStore();

    /** A second store on the same database, as another replica (or process) would open it. */
    protected abstract MemoryStore openSecondStore();

    protected abstract void closeStores();

    @BeforeEach
    void startModel() {
        server = ScriptedModelServer.start();
        server.script(MemoryScenario::answerFromRememberedFacts);
        client = OpenAiCompatibleChatModel.create(ModelClientConfig.builder()
                .baseUrl(server.baseUrl())
                .noApiKey()
                .defaultModel(ScriptedModelServer.DEFAULT_MODEL)
                .requestTimeout(Duration.ofSeconds(30))
                .build());
    }

    @AfterEach
    void stopModel() {
        client.close();
        server.close();
        closeStores();
    }

    /**
     * The scripted model: statements are acknowledged; a question is answered with the remembered fact (from the
     * fenced block in the system messages) sharing the most words with it, or with "I don't know" when none does.
     */
    static Reply answerFromRememberedFacts(ModelRequest request) {
        String question = request.lastUserText().orElse("");
        if (!question.strip().endsWith("?")) {
            return Reply.text(NOTED);
        }
        Set<String> asked = words(question);
        Optional<String> best = rememberedFacts(request).stream()
                .filter(fact -> shared(asked, fact) >= 2)
                .max((a, b) -> Long.compare(shared(asked, a), shared(asked, b)));
        return Reply.text(best.map(fact -> "From what I remember: " + fact).orElse(UNKNOWN));
    }

    /** The quoted facts between the memory fences of the request's system messages. */
    static List<String> rememberedFacts(ModelRequest request) {
        List<String> facts = new ArrayList<>();
        for (Message m : request.messages()) {
            if (!(m instanceof Message.System system) || !system.content().contains(OPEN_FENCE)) {
                continue;
            }
            String content = system.content();
            String fenced =
                    content.substring(content.indexOf(OPEN_FENCE) + OPEN_FENCE.length(), content.indexOf(CLOSE_FENCE));
            for (String line : fenced.split("\n")) {
                int open = line.indexOf('"');
                int close = line.lastIndexOf('"');
                if (open >= 0 && close > open) {
                    facts.add(line.substring(open + 1, close));
                }
            }
        }
        return facts;
    }

    private static long shared(Set<String> asked, String fact) {
        return words(fact).stream().filter(asked::contains).count();
    }

    private static Set<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^a-z0-9$]+"))
                .filter(w -> w.length() > 2)
                .collect(Collectors.toSet());
    }

    private Agent agent(SessionMemory memory) {
        return Agent.builder()
                .model(client)
                .systemPrompt("You are Lucy, a coworker in Slack.")
                .contextContributor(memory.contextContributor())
                .build();
    }

    /** One turn as lucy-app runs it: the agent answers, then what the user said is remembered. */
    private static Turn turn(Agent agent, SessionMemory memory, Caller caller, String message) {
        AgentResult result = agent.run(caller, message);
        Remembered remembered = memory.observe(caller, message);
        return new Turn(result, remembered);
    }

    private record Turn(AgentResult result, Remembered remembered) {}

    @Test
    void a_target_remembered_in_one_thread_answers_the_question_in_a_new_thread() {
        SessionMemory memory = SessionMemory.builder(openStore()).build();
        Agent lucy = agent(memory);
        Caller ana = new Caller(WORKSPACE, "U_ANA", "C_GENERAL:1700000000.000100");
        Caller anaLater = new Caller(WORKSPACE, "U_ANA", "C_GENERAL:1700000900.000200");

        Turn told = turn(lucy, memory, ana, "Remember our Q1 target is $800K");
        Turn asked = turn(lucy, memory, anaLater, "What's our revenue target?");

        assertThat(told.result().text()).isEqualTo(NOTED);
        assertThat(told.remembered()).isInstanceOf(Remembered.Stored.class);
        assertThat(asked.result().outcome()).isEqualTo(new Outcome.Answered());
        assertThat(asked.result().text()).contains("$800K");
        assertThat(asked.remembered()).isInstanceOf(Remembered.NotStored.class);

        ModelRequest second = server.requests().getLast();
        assertThat(second.messages())
                .as("the new thread carries no history: only the prompt, recalled memory and the question")
                .filteredOn(m -> !(m instanceof Message.System))
                .containsExactly(Message.user("What's our revenue target?"));
        assertThat(rememberedFacts(second)).containsExactly("Our Q1 target is $800K.");
    }

    @Test
    void without_the_remembered_fact_the_same_question_is_not_answered() {
        SessionMemory memory = SessionMemory.builder(openStore()).build();
        Agent lucy = agent(memory);

        Turn asked = turn(lucy, memory, new Caller(WORKSPACE, "U_ANA", "C_GENERAL:1.1"), "What's our revenue target?");

        assertThat(asked.result().text()).isEqualTo(UNKNOWN);
        assertThat(server.requests().getLast().body()).doesNotContain(OPEN_FENCE);
    }

    @Test
    void many_users_stating_different_facts_at_the_same_instant_all_persist_and_are_recalled() throws Exception {
        int users = 40;
        SessionMemory replicaA = SessionMemory.builder(openStore()).build();
        SessionMemory replicaB = SessionMemory.builder(openSecondStore()).build();
        List<SessionMemory> replicas = List.of(replicaA, replicaB);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Turn>> told = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < users; i++) {
                int user = i;
                SessionMemory memory = replicas.get(user % 2);
                Agent lucy = agent(memory);
                told.add(pool.submit(() -> {
                    start.await();
                    return turn(lucy, memory, caller(user, "told"), statement(user));
                }));
            }
            start.countDown();
        }
        for (Future<Turn> t : told) {
            assertThat(t.get().result().text()).isEqualTo(NOTED);
            assertThat(t.get().remembered()).isInstanceOf(Remembered.Stored.class);
        }

        assertThat(replicaA.store().list(FactQuery.workspace(WORKSPACE)))
                .extracting(Fact::text)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, users)
                        .mapToObj(MemoryScenario::storedText)
                        .toList());

        List<Future<Turn>> asked = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < users; i++) {
                int user = i;
                // another user asks, in a new thread, through the other replica
                SessionMemory memory = replicas.get((user + 1) % 2);
                Agent lucy = agent(memory);
                asked.add(pool.submit(() -> turn(lucy, memory, caller((user + 1) % users, "asked"), question(user))));
            }
        }
        for (int i = 0; i < users; i++) {
            assertThat(asked.get(i).get().result().text())
                    .as("answer to " + question(i))
                    .isEqualTo("From what I remember: " + storedText(i));
        }
    }

    private static Caller caller(int user, String thread) {
        return new Caller(WORKSPACE, "U" + user, "C_" + thread + "_" + user + ":1700000000." + user);
    }

    private static String statement(int user) {
        return "Remember the Falcon" + user + " budget is $" + (user + 1) + "0K";
    }

    private static String storedText(int user) {
        return "The Falcon" + user + " budget is $" + (user + 1) + "0K.";
    }

    private static String question(int user) {
        return "What is the Falcon" + user + " budget?";
    }
}
