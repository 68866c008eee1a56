package dev.lucy.memory;

import dev.lucy.core.Caller;
import dev.lucy.core.LucyException;
import dev.lucy.core.Secrets;
import dev.lucy.core.spi.ContextContributor;
import dev.lucy.memory.spi.FactExtractor;
import dev.lucy.memory.spi.MemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Session memory and knowledge, as policy over a {@link MemoryStore}: what to remember from a message and what to
 * recall for one. Inspecting and forgetting is {@link MemoryAdmin}. Build with {@link #builder(MemoryStore)}.
 *
 * <p>Credentials are never remembered: a message holding a password, an API key, a token or a private key that
 * states something to remember is refused as a whole ({@link Extraction.Reason#SECRET}), and recall masks any
 * credential a fact stored before holds.
 *
 * <p>Thread safe; calls block on the store. Every operation is scoped to one workspace, and recall never returns
 * another user's personal facts.
 */
public final class SessionMemory {
    private static final int MIN_LINE_TOKENS = 16;
    private static final Secrets SECRETS = Secrets.defaults();
    private final MemoryStore store;
    private final FactExtractor extractor;
    private final Clock clock;
    private final MemoryConfig config;
    private final Supplier<String> ids;
    private final Optional<BackgroundExtraction> background;
    private final AtomicInteger writesSinceTrim = new AtomicInteger();
    private final Optional<SemanticRecall> semantic;

    private SessionMemory(Builder b) {
        this.semantic = b.semantic;
        this.store = b.store;
        this.extractor = b.extractor;
        this.clock = b.clock;
        this.config = b.config;
        this.ids = b.ids;
        this.background = Optional.ofNullable(b.background);
    }

    public static Builder builder(MemoryStore store) {
        return new Builder(store);
    }

    public MemoryStore store() {
        return store;
    }

    /**
     * Extracts the durable facts {@code message} states and stores them for {@code caller}'s workspace; nothing when
     * it holds a credential ({@link Remembered.NotStored} with {@link Extraction.Reason#SECRET}).
     */
    public Remembered remember(Caller caller, String message) {
        Objects.requireNonNull(caller, "caller");
        Extraction extraction = extract(message);
        return switch (extraction) {
            case Extraction.Rejected r -> {
                if (r.reason() == Extraction.Reason.NOT_DURABLE
                        && background.isPresent()
                        && message != null
                        && !message.isBlank()
                        && SECRETS.find(message).isEmpty()
                        && background.get().offer(caller, message, this::rememberFound)) {
                    yield new Remembered.Deferred("the rules found nothing; the model extractor will read it");
                }
                yield new Remembered.NotStored(r.reason(), r.detail());
            }
            case Extraction.Found found -> new Remembered.Stored(write(caller, found));
        };
    }

    private List<WriteOutcome> write(Caller caller, Extraction.Found found) {
        List<WriteOutcome> outcomes = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (Candidate c : found.facts()) {
            if (c.validTo().isPresent() && c.validTo().get().isBefore(today)) {
                continue; // already over when it was said: nothing to remember
            }
            outcomes.add(store.write(toFact(caller, c)));
        }
        trimNowAndThen(caller.workspaceId(), outcomes.size());
        semantic.ifPresent(recall -> recall.written(outcomes));
        return outcomes;
    }

    /** What the model extractor found in a message the rules could not settle, stored as the rules' facts are. */
    private void rememberFound(Caller caller, Extraction extraction) {
        if (extraction instanceof Extraction.Found found && secretKinds(found).isEmpty()) {
            write(caller, found);
        }
    }

    private static Set<String> secretKinds(Extraction.Found found) {
        Set<String> kinds = new TreeSet<>();
        for (Candidate c : found.facts()) {
            SECRETS.find(c.subject() + "\n" + c.text())
                    .forEach(s -> kinds.add(s.kind().label()));
        }
        return kinds;
    }

    /**
     * What {@link #remember} would store from {@code message}, without storing it: the extractor's facts, or why
     * there are none. The extractor reads the message with any credential masked, so a model-based one never sees
     * it; when it finds something to remember in a message that held a credential, or a fact that holds one, the
     * answer is {@link Extraction.Reason#SECRET} and nothing of that message is stored. A message that holds a
     * credential but states nothing to remember (a question, say) is rejected for that reason, as any other.
     */
    public Extraction extract(String message) {
        String text = message == null ? "" : message;
        List<Secrets.Credential> credentials = SECRETS.find(text);
        Extraction extraction = extractor.extract(credentials.isEmpty() ? text : SECRETS.redact(text));
        if (!(extraction instanceof Extraction.Found found)) {
            return extraction;
        }
        Set<String> kinds = new TreeSet<>(secretKinds(found));
        credentials.forEach(c -> kinds.add(c.kind().label()));
        // Kept masked and read again (resumed after a restart, or run by another replica): it held one all the same.
        SECRETS.masked(text).forEach(kind -> kinds.add(kind.label()));
        if (kinds.isEmpty()) {
            return extraction;
        }
        return Extraction.rejected(
                Extraction.Reason.SECRET,
                "it holds a credential (" + String.join(", ", kinds) + "); credentials are never remembered");
    }

    /**
     * The step after a run: remembers the durable facts in what the user said ({@code message}), as
     * {@link #remember} does, but never throws when the store is unavailable, since the reply has already been
     * given and a failing memory must not turn it into an error. That failure comes back as
     * {@link Remembered.Failed}.
     */
    public Remembered observe(Caller caller, String message) {
        try {
            return remember(caller, message);
        } catch (LucyException e) {
            return new Remembered.Failed("the memory store is unavailable; nothing was remembered", e);
        }
    }

    /** The fact a candidate becomes when {@code caller} states it now. */
    public Fact toFact(Caller caller, Candidate c) {
        Instant now = clock.instant();
        Fact fact = Fact.create(
                ids.get(),
                caller.workspaceId(),
                c.personal() ? Optional.of(caller.userId()) : Optional.empty(),
                c.subject(),
                c.text(),
                c.category(),
                c.target(),
                new Source(caller.userId(), caller.conversationId(), now));
        // "$500K" and "$500,000", "March 15" and "15 March": one value, so the same statement is not stored twice
        Optional<String> value = c.subject().startsWith("note:") ? Optional.empty() : FactValues.value(c.text());
        if (value.isPresent() && !c.aboutSpeaker()) {
            fact = withSubjectAndKey(fact, fact.subject(), c.subject() + " = " + value.get());
        }
        if (!c.aboutSpeaker()) {
            return fact;
        }
        // "I'm out until Monday" said by two people is two facts: subject and text are the speaker's own
        String speaker = " @" + caller.userId();
        return withSubjectAndKey(fact, fact.subject() + speaker, fact.dedupKey() + speaker);
    }

    private static Fact withSubjectAndKey(Fact fact, String subject, String key) {
        return new Fact(
                fact.id(),
                fact.workspaceId(),
                fact.owner(),
                fact.tier(),
                subject,
                fact.text(),
                key,
                fact.category(),
                fact.target(),
                fact.source(),
                fact.validFrom(),
                fact.validTo(),
                fact.supersededBy(),
                fact.occurrences(),
                fact.lastSeenAt());
    }

    private void trimNowAndThen(String workspaceId, int writes) {
        if (writesSinceTrim.addAndGet(writes) >= config.trimEveryWrites()) {
            writesSinceTrim.set(0);
            store.trimSession(workspaceId, config.maxSessionFactsPerWorkspace());
        }
    }

    /**
     * The facts most relevant to {@code message} for {@code caller}, best first, whose rendering fits in
     * {@code tokenBudget} estimated tokens. Relevance: shared terms, same thread, same user, recency, category,
     * knowledge over session; with {@link Builder#semanticRecall}, fused with the facts nearest in meaning. A credential a fact holds (stored before memory refused them) comes back masked.
     */
    public List<Fact> recall(Caller caller, String message, int tokenBudget) {
        Objects.requireNonNull(caller, "caller");
        if (tokenBudget <= FactRenderer.overheadTokens()) {
            return List.of();
        }
        Set<String> terms = Normalizer.terms(message == null ? "" : message);
        Map<String, Fact> candidates = new LinkedHashMap<>();
        for (Fact f : store.search(caller.workspaceId(), caller.userId(), terms, config.recallCandidates())) {
            candidates.put(f.id(), f);
        }
        if (config.recentCandidates() > 0) {
            for (Fact f : store.list(FactQuery.workspace(caller.workspaceId())
                    .visibleTo(caller.userId())
                    .limit(config.recentCandidates()))) {
                candidates.putIfAbsent(f.id(), f);
            }
        }
        Instant now = clock.instant();
        List<Scored> scored = new ArrayList<>();
        for (Fact f : candidates.values()) {
            // the store filters already; this guard keeps a faulty store from leaking
            if (!f.workspaceId().equals(caller.workspaceId()) || !f.visibleTo(caller.userId()) || !f.active()) {
                continue;
            }
            score(f, caller, terms, now).ifPresent(s -> scored.add(new Scored(f, s)));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed());
        List<Fact> ranked = scored.stream().map(Scored::fact).toList();
        if (semantic.isPresent()) {
            ranked = semantic.get().fuse(caller, message, ranked);
        }
        List<Fact> out = new ArrayList<>();
        int used = FactRenderer.overheadTokens();
        for (Fact ranking : ranked) {
            if (tokenBudget - used < MIN_LINE_TOKENS) {
                break; // no line fits any more; rendering the rest would only cost time
            }
            Fact fact = Redacted.fact(ranking);
            int cost = Normalizer.tokens(FactRenderer.line(fact));
            if (used + cost > tokenBudget) {
                continue;
            }
            used += cost;
            out.add(fact);
        }
        return out;
    }

    private Optional<Double> score(Fact f, Caller caller, Set<String> terms, Instant now) {
        Set<String> factTerms = Normalizer.terms(f.subject() + " " + f.text());
        long shared = terms.stream().filter(factTerms::contains).count();
        double termScore = terms.isEmpty() ? 0 : (double) shared / terms.size();
        boolean sameThread = f.source().conversationId().equals(caller.conversationId());
        boolean sameUser =
                f.source().userId().equals(caller.userId()) || f.owner().isPresent();
        // own preferences and standing instructions apply to every request, whatever it says
        boolean ownPreference = (f.owner().isPresent() && f.category() == Category.PREFERENCE)
                || f.category() == Category.STANDING_INSTRUCTION;
        if (shared == 0 && !sameThread && !ownPreference) {
            return Optional.empty();
        }
        double ageDays = Math.max(0, Duration.between(f.lastSeenAt(), now).toMinutes() / 1440.0);
        double halfLifeDays = config.recencyHalfLife().toMinutes() / 1440.0;
        double recency = Math.pow(0.5, ageDays / halfLifeDays);
        double score = 3.0 * termScore
                + (sameThread ? 1.0 : 0)
                + (sameUser ? 0.5 : 0)
                + 0.5 * recency
                + 0.5 * config.categoryWeight(f.category())
                + (f.tier() == Tier.KNOWLEDGE ? 0.3 : 0)
                + Math.min(0.3, 0.1 * (f.occurrences() - 1));
        return Optional.of(score);
    }

    private record Scored(Fact fact, double score) {}

    /**
     * Recall as a {@link ContextContributor}: the recalled facts rendered as fenced data, instruction-like text
     * neutralised. Contributes nothing, rather than failing the run, when the store is unavailable.
     */
    public ContextContributor contextContributor() {
        return (caller, message, tokenBudget) -> {
            try {
                List<Fact> recalled = recall(caller, message, tokenBudget);
                List<Fact> instructions = recalled.stream()
                        .filter(f -> f.category() == Category.STANDING_INSTRUCTION)
                        .toList();
                List<Fact> facts = recalled.stream()
                        .filter(f -> f.category() != Category.STANDING_INSTRUCTION)
                        .toList();
                List<ContextContributor.ContextBlock> blocks = new ArrayList<>();
                if (!instructions.isEmpty()) {
                    blocks.add(new ContextContributor.ContextBlock(
                            FactRenderer.INSTRUCTIONS_TITLE, FactRenderer.renderInstructions(instructions)));
                }
                if (!facts.isEmpty()) {
                    blocks.add(new ContextContributor.ContextBlock(FactRenderer.TITLE, FactRenderer.render(facts)));
                }
                return blocks;
            } catch (LucyException e) {
                return List.of();
            }
        };
    }

    public static final class Builder {
        private final MemoryStore store;
        private FactExtractor extractor = FactExtractor.ruleBased();
        private Clock clock = Clock.systemUTC();
        private MemoryConfig config = MemoryConfig.defaults();
        private Supplier<String> ids = () -> UUID.randomUUID().toString();
        private Optional<SemanticRecall> semantic = Optional.empty();
        private BackgroundExtraction background;

        private Builder(MemoryStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** Which facts a message states; defaults to {@link FactExtractor#ruleBased()}. */
        public Builder extractor(FactExtractor extractor) {
            this.extractor = Objects.requireNonNull(extractor, "extractor");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder config(MemoryConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Model extraction for the messages the rules could not settle, batched off the reply's path; none by
         * default (the rules alone). The caller owns it and closes it.
         */
        public Builder background(BackgroundExtraction background) {
            this.background = Objects.requireNonNull(background, "background");
            return this;
        }

        /** Where fact ids come from; random UUIDs by default. */
        public Builder ids(Supplier<String> ids) {
            this.ids = Objects.requireNonNull(ids, "ids");
            return this;
        }

        /**
         * Recall by meaning as well as by words: facts are embedded when written and recalled by nearness too. Off by
         * default (words only).
         */
        public Builder semanticRecall(SemanticRecall semantic) {
            this.semantic = Optional.of(Objects.requireNonNull(semantic, "semantic"));
            return this;
        }

        public SessionMemory build() {
            return new SessionMemory(this);
        }
    }
}
