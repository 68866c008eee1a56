package dev.lucy.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.SingleInstanceLockFactory;
import org.apache.lucene.util.BytesRef;

/**
 * The default {@link ToolRetriever}: an in-memory Lucene index scored with BM25 and English stemming.
 *
 * <p>Each tool is one document (name split into words, description, intent tags). Each request a tool has served
 * ({@link #learn}) is a further small document pointing at the tool; a search reads the best {@link
 * RetrievalConfig#candidates()} documents, groups them by tool (the tool's own match plus a decaying sum of its
 * best-matching served requests) and adds a usage prior from {@link UsageStatistics}. Provider filters run inside
 * Lucene, so a user with few connections still gets {@code k} tools.
 *
 * <p>Thread safe. A tool added or removed is visible to the next search; a served request learned, to the next
 * search once {@link RetrievalConfig#learningRefresh()} has passed since the index was last reopened, so that a busy
 * Lucy, learning from every tool call, reopens it about once a second instead of writing a new segment for every
 * search. Register it as a {@link ToolRegistry.Listener} to
 * follow the registry. Close it to free the index.
 */
public final class Bm25ToolIndex implements ToolRetriever, ToolRegistry.Listener, AutoCloseable {
    /** Doc values: the tool's ordinal times two, plus one for a served request (read without stored fields). */
    private static final String KEY = "key";

    /** How much of a request is read to choose tools; the rest of a very long message does not change the choice. */
    public static final int MAX_REQUEST_CHARS = 8_000;
    /**
     * Distinct terms of a request that are searched: four query clauses each stay under Lucene's clause limit (1,024).
     */
    public static final int MAX_REQUEST_TERMS = 200;

    private static final String TOOL = "tool";
    private static final String TOOL_DOC = "tool_doc";
    private static final String EXAMPLE_ID = "example_id";
    private static final String PROVIDER = "provider";
    private static final String NAME = "name";
    private static final String DESCRIPTION = "description";
    private static final String TAGS = "tags";
    private static final String EXAMPLE = "example";

    private final RetrievalConfig config;
    private final UsageStatistics usage;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final ByteBuffersDirectory toolDirectory = directory();
    private final ByteBuffersDirectory exampleDirectory = directory();
    private final IndexWriter tools;
    private final IndexWriter examples;
    private final Searchers searchers;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicBoolean learned = new AtomicBoolean();
    private volatile long lastRefresh = System.nanoTime();
    private final AtomicLong exampleIds = new AtomicLong();
    /** Each tool's kept served requests, oldest first: the request's text and its example id. */
    private final Map<String, LinkedHashMap<String, String>> examplesByTool = new ConcurrentHashMap<>();

    private final Map<String, String> providerByTool = new ConcurrentHashMap<>();
    private final ReentrantLock exampleLock = new ReentrantLock();
    private final Map<String, Integer> ordinalByTool = new ConcurrentHashMap<>();
    private final Map<Integer, String> toolByOrdinal = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger nextOrdinal =
            new java.util.concurrent.atomic.AtomicInteger();

    private Bm25ToolIndex(RetrievalConfig config, UsageStatistics usage) {
        this.config = Objects.requireNonNull(config, "config");
        this.usage = Objects.requireNonNull(usage, "usage");
        try {
            this.tools = new IndexWriter(toolDirectory, writerConfig());
            this.examples = new IndexWriter(exampleDirectory, writerConfig());
            this.searchers = new Searchers(tools, examples, new BM25Similarity(config.k1(), config.b()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the in-memory tool index", e);
        }
    }

    private IndexWriterConfig writerConfig() {
        return new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity(config.k1(), config.b()));
    }

    /**
     * One contiguous buffer per file: reads and slices then never walk a list of small buffers (a third of a
     * search's time at 10,000 tools went there with the default layout).
     */
    private static ByteBuffersDirectory directory() {
        return new ByteBuffersDirectory(
                new SingleInstanceLockFactory(), ByteBuffersDataOutput::new, ByteBuffersDirectory.OUTPUT_AS_ONE_BUFFER);
    }

    /** An empty index scoring with {@code config}, reading usage priors from {@code usage}. */
    public static Bm25ToolIndex create(RetrievalConfig config, UsageStatistics usage) {
        return new Bm25ToolIndex(config, usage);
    }

    /** An index that follows {@code registry} (its tools now and later) and its usage statistics. */
    public static Bm25ToolIndex following(ToolRegistry registry, RetrievalConfig config) {
        Bm25ToolIndex index = new Bm25ToolIndex(config, registry.usage());
        registry.addListener(index);
        return index;
    }

    public RetrievalConfig config() {
        return config;
    }

    @Override
    public void added(Tool tool) {
        Document doc = new Document();
        doc.add(new NumericDocValuesField(KEY, 2L * ordinal(tool.name())));
        doc.add(new StringField(TOOL, tool.name(), Field.Store.NO));
        doc.add(new StringField(TOOL_DOC, tool.name(), Field.Store.NO));
        doc.add(new StringField(PROVIDER, tool.provider(), Field.Store.NO));
        doc.add(new TextField(NAME, words(tool.name()), Field.Store.NO));
        doc.add(new TextField(DESCRIPTION, tool.description(), Field.Store.NO));
        doc.add(new TextField(TAGS, words(String.join(" ", tool.tags())), Field.Store.NO));
        providerByTool.put(tool.name(), tool.provider());
        write(() -> tools.updateDocument(new Term(TOOL_DOC, tool.name()), doc));
    }

    @Override
    public void removed(Tool tool) {
        // Served requests stay: a provider refreshing its catalogue must not make Lucy forget what a tool is for.
        write(() -> tools.deleteDocuments(new Term(TOOL_DOC, tool.name())));
    }

    @Override
    public void learn(String tool, String request) {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(request, "request");
        if (config.maxExamplesPerTool() == 0 || request.isBlank()) {
            return;
        }
        String evicted = null;
        String id;
        String key = sameness(request);
        exampleLock.lock();
        try {
            LinkedHashMap<String, String> kept = examplesByTool.computeIfAbsent(tool, t -> new LinkedHashMap<>());
            String known = kept.remove(key);
            if (known != null) {
                // Served again: it becomes the newest, and the index, which already has it, does not change.
                kept.put(key, known);
                return;
            }
            id = Long.toString(exampleIds.incrementAndGet());
            kept.put(key, id);
            if (kept.size() > config.maxExamplesPerTool()) {
                Iterator<Map.Entry<String, String>> oldest = kept.entrySet().iterator();
                evicted = oldest.next().getValue();
                oldest.remove();
            }
        } finally {
            exampleLock.unlock();
        }
        Document doc = new Document();
        doc.add(new NumericDocValuesField(KEY, 2L * ordinal(tool) + 1));
        doc.add(new StringField(TOOL, tool, Field.Store.NO));
        doc.add(new StringField(EXAMPLE_ID, id, Field.Store.NO));
        doc.add(new StringField(PROVIDER, providerByTool.getOrDefault(tool, ""), Field.Store.NO));
        doc.add(new TextField(EXAMPLE, request, Field.Store.NO));
        String gone = evicted;
        change(learned, () -> {
            examples.addDocument(doc);
            if (gone != null) {
                examples.deleteDocuments(new Term(EXAMPLE_ID, gone));
            }
        });
    }

    /**
     * What makes two served requests the same lesson: their analysed words, in any order, numbers left out.
     * "Where is order 17?" and "where is order 4512" teach a tool the same thing; kept apart, a tool that serves one
     * kind of request all day would fill its examples with copies that differ in an order number, and every search
     * would score them all. A request of numbers alone is its own lesson.
     */
    private String sameness(String request) {
        StringBuilder key = new StringBuilder(request.length());
        for (String term : new TreeSet<>(terms(request))) {
            if (term.chars().noneMatch(Character::isDigit)) {
                key.append(term).append(' ');
            }
        }
        return key.isEmpty() ? request : key.toString();
    }

    /** How many served requests are kept for {@code tool}. */
    public int examples(String tool) {
        exampleLock.lock();
        try {
            Map<String, String> kept = examplesByTool.get(tool);
            return kept == null ? 0 : kept.size();
        } finally {
            exampleLock.unlock();
        }
    }

    @Override
    public List<ScoredTool> search(String request, RetrievalFilter filter, int k) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(filter, "filter");
        if (k <= 0) {
            return List.of();
        }
        Set<String> terms = terms(request);
        if (terms.isEmpty()) {
            return List.of();
        }
        refreshIfNeeded();
        KeyedSearcher searcher = acquire();
        try {
            Query query = query(searcher, terms, filter);
            int candidates = Math.max(config.candidates(), k * 4);
            // Only the best documents matter, never how many matched: pruning starts as soon as the queue is full.
            ScoreDoc[] hits =
                    searcher.search(query, new TopScoreDocCollectorManager(candidates, null, candidates)).scoreDocs;
            long[] keys = searcher.keys;
            Map<String, Scores> byTool = new HashMap<>();
            for (ScoreDoc hit : hits) {
                long key = keys[hit.doc];
                String tool = key < 0 ? null : toolByOrdinal.get((int) (key >>> 1));
                if (tool == null
                        || !providerByTool.containsKey(tool)
                        || !filter.allowed().test(tool)) {
                    continue;
                }
                byTool.computeIfAbsent(tool, t -> new Scores()).add((key & 1) == 0, hit.score);
            }
            return rank(byTool, k);
        } catch (IOException e) {
            throw new UncheckedIOException("tool search failed", e);
        } finally {
            release(searcher);
        }
    }

    /**
     * A searcher over both indexes (tools, served requests) that knows each document's key (tool ordinal and kind)
     * by doc id, read once per refresh: a search then groups its hits by tool with array reads instead of
     * doc-values lookups.
     *
     * <p>Tools and served requests live in two indexes read as one {@link MultiReader}: every document of an index
     * has that index's text fields, so their norms are dense (sparse norms cost a fifth of a search at 10,000
     * tools), while term statistics, and so every score, are the same as in one index.
     */
    private static final class KeyedSearcher extends IndexSearcher {
        private static final int MAX_CACHED_TERMS = 20_000;

        final long[] keys;
        private final Map<Term, TermStates> termStates = new ConcurrentHashMap<>();
        final DirectoryReader tools;
        final DirectoryReader examples;

        KeyedSearcher(MultiReader reader, DirectoryReader tools, DirectoryReader examples, BM25Similarity similarity)
                throws IOException {
            super(reader);
            this.tools = tools;
            this.examples = examples;
            setSimilarity(similarity);
            // The index is small and lives in memory: caching clause bitsets costs more than it saves.
            setQueryCache(null);
            keys = new long[reader.maxDoc()];
            Arrays.fill(keys, -1);
            for (LeafReaderContext leaf : reader.leaves()) {
                NumericDocValues values = leaf.reader().getNumericDocValues(KEY);
                if (values == null) {
                    continue;
                }
                for (int doc = values.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = values.nextDoc()) {
                    keys[leaf.docBase + doc] = values.longValue();
                }
            }
        }

        /**
         * A term query whose term statistics and dictionary positions come from a per-searcher cache: requests
         * reuse a small vocabulary, and looking each term up in every field's dictionary was a fifth of a search.
         * The cache lives as long as the searcher (until the next change) and stops growing at
         * {@value #MAX_CACHED_TERMS} terms.
         */
        TermQuery termQuery(Term term) throws IOException {
            TermStates states = termStates.get(term);
            if (states == null) {
                states = TermStates.build(this, term, true);
                if (termStates.size() < MAX_CACHED_TERMS) {
                    termStates.putIfAbsent(term, states);
                }
            }
            return new TermQuery(term, states);
        }

        static KeyedSearcher open(DirectoryReader tools, DirectoryReader examples, BM25Similarity similarity)
                throws IOException {
            // The multi-reader takes its own reference on each index reader and drops it when closed.
            return new KeyedSearcher(
                    new MultiReader(new IndexReader[] {tools, examples}, false), tools, examples, similarity);
        }
    }

    /** Hands out searchers over both indexes and reopens them after changes, counting references like Lucene's. */
    private static final class Searchers extends ReferenceManager<KeyedSearcher> {
        private final IndexWriter tools;
        private final IndexWriter examples;
        private final BM25Similarity similarity;

        Searchers(IndexWriter tools, IndexWriter examples, BM25Similarity similarity) throws IOException {
            this.tools = tools;
            this.examples = examples;
            this.similarity = similarity;
            DirectoryReader toolReader = DirectoryReader.open(tools);
            DirectoryReader exampleReader = DirectoryReader.open(examples);
            try {
                current = KeyedSearcher.open(toolReader, exampleReader, similarity);
            } finally {
                toolReader.decRef();
                exampleReader.decRef();
            }
        }

        @Override
        protected void decRef(KeyedSearcher searcher) throws IOException {
            searcher.getIndexReader().decRef();
        }

        @Override
        protected KeyedSearcher refreshIfNeeded(KeyedSearcher old) throws IOException {
            DirectoryReader toolReader = DirectoryReader.openIfChanged(old.tools, tools);
            DirectoryReader exampleReader = DirectoryReader.openIfChanged(old.examples, examples);
            if (toolReader == null && exampleReader == null) {
                return null;
            }
            try {
                return KeyedSearcher.open(
                        toolReader != null ? toolReader : old.tools,
                        exampleReader != null ? exampleReader : old.examples,
                        similarity);
            } finally {
                // The new searcher holds its own references; drop the ones openIfChanged gave us.
                if (toolReader != null) {
                    toolReader.decRef();
                }
                if (exampleReader != null) {
                    exampleReader.decRef();
                }
            }
        }

        @Override
        protected boolean tryIncRef(KeyedSearcher searcher) {
            return searcher.getIndexReader().tryIncRef();
        }

        @Override
        protected int getRefCount(KeyedSearcher searcher) {
            return searcher.getIndexReader().getRefCount();
        }
    }

    private int ordinal(String tool) {
        return ordinalByTool.computeIfAbsent(tool, t -> {
            int ordinal = nextOrdinal.getAndIncrement();
            toolByOrdinal.put(ordinal, t);
            return ordinal;
        });
    }

    private List<ScoredTool> rank(Map<String, Scores> byTool, int k) {
        boolean blend = config.usageWeight() > 0;
        List<ScoredTool> ranked = new ArrayList<>(byTool.size());
        for (Map.Entry<String, Scores> entry : byTool.entrySet()) {
            double score = entry.getValue().total(config);
            if (blend) {
                score += config.usageWeight() * usage.prior(entry.getKey());
            }
            ranked.add(new ScoredTool(entry.getKey(), score));
        }
        ranked.sort(Comparator.comparingDouble(ScoredTool::score).reversed().thenComparing(ScoredTool::name));
        return ranked.size() > k ? List.copyOf(ranked.subList(0, k)) : List.copyOf(ranked);
    }

    private Query query(KeyedSearcher searcher, Set<String> terms, RetrievalFilter filter) throws IOException {
        BooleanQuery.Builder tools = new BooleanQuery.Builder();
        BooleanQuery.Builder examples = new BooleanQuery.Builder();
        for (String term : terms) {
            add(searcher, tools, NAME, term, config.nameBoost());
            add(searcher, tools, DESCRIPTION, term, config.descriptionBoost());
            add(searcher, tools, TAGS, term, config.tagsBoost());
            add(searcher, examples, EXAMPLE, term, (float) config.exampleWeight());
        }
        BooleanQuery.Builder either = new BooleanQuery.Builder();
        either.add(tools.build(), BooleanClause.Occur.SHOULD);
        if (config.exampleWeight() > 0) {
            either.add(examples.build(), BooleanClause.Occur.SHOULD);
        }
        BooleanQuery.Builder root = new BooleanQuery.Builder().add(either.build(), BooleanClause.Occur.MUST);
        filter.providers()
                .ifPresent(providers -> root.add(
                        new TermInSetQuery(
                                PROVIDER, providers.stream().map(BytesRef::new).toList()),
                        BooleanClause.Occur.FILTER));
        return root.build();
    }

    private static void add(
            KeyedSearcher searcher, BooleanQuery.Builder builder, String field, String term, float boost)
            throws IOException {
        if (boost > 0) {
            builder.add(new BoostQuery(searcher.termQuery(new Term(field, term)), boost), BooleanClause.Occur.SHOULD);
        }
    }

    /**
     * The analysed terms of {@code text}: lower-cased, stop words dropped, stemmed. Only the first {@value
     * #MAX_REQUEST_CHARS} characters and the first {@value #MAX_REQUEST_TERMS} distinct terms choose tools, so a
     * pasted log or a 40,000-character message costs a bounded search.
     */
    Set<String> terms(String text) {
        Set<String> terms = new LinkedHashSet<>();
        String head = text.length() > MAX_REQUEST_CHARS ? text.substring(0, MAX_REQUEST_CHARS) : text;
        try (TokenStream stream = analyzer.tokenStream(DESCRIPTION, words(head))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (terms.size() < MAX_REQUEST_TERMS && stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("could not analyse the request", e);
        }
        return terms;
    }

    /**
     * Splits identifiers into words: {@code create_task} and {@code PDF&URLTool} become "create task", "PDF URL Tool".
     * One pass over the text, so its cost grows linearly with any input (a pattern with backtracking took minutes on a
     * line of capitals).
     */
    static String words(String text) {
        int n = text.length();
        StringBuilder out = new StringBuilder(n + 16);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (i > 0 && isUpper(c)) {
                char before = text.charAt(i - 1);
                boolean wordStarts = isLower(before) || isDigit(before);
                boolean acronymEnds = isUpper(before) && i + 1 < n && isLower(text.charAt(i + 1));
                if (wordStarts || acronymEnds) {
                    out.append(' ');
                }
            }
            out.append(c == '_' || c == '-' ? ' ' : c);
        }
        return out.toString();
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void write(IndexWrite change) {
        change(dirty, change);
    }

    private static void change(AtomicBoolean mark, IndexWrite change) {
        try {
            change.run();
            mark.set(true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not update the tool index", e);
        }
    }

    private void refreshIfNeeded() {
        boolean due = dirty.get()
                || (learned.get()
                        && System.nanoTime() - lastRefresh
                                >= config.learningRefresh().toNanos());
        if (due && (dirty.compareAndSet(true, false) | learned.compareAndSet(true, false))) {
            lastRefresh = System.nanoTime();
            try {
                searchers.maybeRefreshBlocking();
            } catch (IOException e) {
                dirty.set(true);
                throw new UncheckedIOException("could not refresh the tool index", e);
            }
        }
    }

    private KeyedSearcher acquire() {
        try {
            return searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the tool index", e);
        }
    }

    private void release(KeyedSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException("could not release the tool index", e);
        }
    }

    @Override
    public void close() {
        try {
            searchers.close();
            tools.close();
            examples.close();
            toolDirectory.close();
            exampleDirectory.close();
            analyzer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not close the tool index", e);
        }
    }

    @FunctionalInterface
    private interface IndexWrite {
        void run() throws IOException;
    }

    /** One tool's matches in a search: its own document and its served requests, best first. */
    private static final class Scores {
        private double own;
        private final List<Float> examples = new ArrayList<>(4);

        void add(boolean ownDocument, float score) {
            // Hits arrive best first, so served requests are collected in falling order.
            if (ownDocument) {
                own = score;
            } else {
                examples.add(score);
            }
        }

        double total(RetrievalConfig config) {
            double sum = own;
            double weight = 1;
            for (int i = 0; i < examples.size() && i < config.examplesCounted(); i++) {
                sum += examples.get(i) * weight;
                weight *= config.exampleDecay();
            }
            return sum;
        }
    }
}
