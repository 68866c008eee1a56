package dev.lucy.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
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
 * <p>Thread safe. Changes become visible to the next search. Register it as a {@link ToolRegistry.Listener} to
 * follow the registry. Close it to free the index.
 */
public final class Bm25ToolIndex implements ToolRetriever, ToolRegistry.Listener, AutoCloseable {
    /** Doc values: the tool's ordinal times two, plus one for a served request (read without stored fields). */
    private static final String KEY = "key";

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
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicLong exampleIds = new AtomicLong();
    private final Map<String, Deque<String>> examplesByTool = new ConcurrentHashMap<>();
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
            IndexWriterConfig writerConfig =
                    new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity(config.k1(), config.b()));
            this.writer = new IndexWriter(directory, writerConfig);
            BM25Similarity similarity = new BM25Similarity(config.k1(), config.b());
            this.searchers = new SearcherManager(writer, new SearcherFactory() {
                @Override
                public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) throws IOException {
                    IndexSearcher searcher = new KeyedSearcher(reader);
                    searcher.setSimilarity(similarity);
                    // The index is small and lives in memory: caching clause bitsets costs more than it saves.
                    searcher.setQueryCache(null);
                    return searcher;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the in-memory tool index", e);
        }
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
        write(() -> writer.updateDocument(new Term(TOOL_DOC, tool.name()), doc));
    }

    @Override
    public void removed(Tool tool) {
        // Served requests stay: a provider refreshing its catalogue must not make Lucy forget what a tool is for.
        write(() -> writer.deleteDocuments(new Term(TOOL_DOC, tool.name())));
    }

    @Override
    public void learn(String tool, String request) {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(request, "request");
        if (config.maxExamplesPerTool() == 0 || request.isBlank()) {
            return;
        }
        String id = Long.toString(exampleIds.incrementAndGet());
        Document doc = new Document();
        doc.add(new NumericDocValuesField(KEY, 2L * ordinal(tool) + 1));
        doc.add(new StringField(TOOL, tool, Field.Store.NO));
        doc.add(new StringField(EXAMPLE_ID, id, Field.Store.NO));
        doc.add(new StringField(PROVIDER, providerByTool.getOrDefault(tool, ""), Field.Store.NO));
        doc.add(new TextField(EXAMPLE, request, Field.Store.NO));
        String evicted = null;
        exampleLock.lock();
        try {
            Deque<String> ids = examplesByTool.computeIfAbsent(tool, t -> new ArrayDeque<>());
            ids.addLast(id);
            if (ids.size() > config.maxExamplesPerTool()) {
                evicted = ids.removeFirst();
            }
        } finally {
            exampleLock.unlock();
        }
        write(() -> writer.addDocument(doc));
        if (evicted != null) {
            String gone = evicted;
            write(() -> writer.deleteDocuments(new Term(EXAMPLE_ID, gone)));
        }
    }

    /** How many served requests are kept for {@code tool}. */
    public int examples(String tool) {
        exampleLock.lock();
        try {
            Deque<String> ids = examplesByTool.get(tool);
            return ids == null ? 0 : ids.size();
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
        Query query = query(terms, filter);
        refreshIfNeeded();
        IndexSearcher searcher = acquire();
        try {
            ScoreDoc[] hits = searcher.search(query, Math.max(config.candidates(), k * 4)).scoreDocs;
            long[] keys = ((KeyedSearcher) searcher).keys;
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
     * A searcher that knows each document's key (tool ordinal and kind) by doc id, read once per refresh: a search
     * then groups its hits by tool with array reads instead of doc-values lookups.
     */
    private static final class KeyedSearcher extends IndexSearcher {
        final long[] keys;

        KeyedSearcher(IndexReader reader) throws IOException {
            super(reader);
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

    private Query query(Set<String> terms, RetrievalFilter filter) {
        BooleanQuery.Builder tools = new BooleanQuery.Builder();
        BooleanQuery.Builder examples = new BooleanQuery.Builder();
        for (String term : terms) {
            add(tools, NAME, term, config.nameBoost());
            add(tools, DESCRIPTION, term, config.descriptionBoost());
            add(tools, TAGS, term, config.tagsBoost());
            add(examples, EXAMPLE, term, (float) config.exampleWeight());
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

    private static void add(BooleanQuery.Builder builder, String field, String term, float boost) {
        if (boost > 0) {
            builder.add(new BoostQuery(new TermQuery(new Term(field, term)), boost), BooleanClause.Occur.SHOULD);
        }
    }

    /** The analysed terms of {@code text}: lower-cased, stop words dropped, stemmed. */
    Set<String> terms(String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream stream = analyzer.tokenStream(DESCRIPTION, words(text))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("could not analyse the request", e);
        }
        return terms;
    }

    /** Splits identifiers into words: {@code create_task} and {@code PDF&URLTool} become "create task", "PDF URL Tool". */
    static String words(String text) {
        return text.replaceAll("([a-z0-9])([A-Z])", "$1 $2")
                .replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2")
                .replace('_', ' ')
                .replace('-', ' ');
    }

    private void write(IndexWrite change) {
        try {
            change.run();
            dirty.set(true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not update the tool index", e);
        }
    }

    private void refreshIfNeeded() {
        if (dirty.compareAndSet(true, false)) {
            try {
                searchers.maybeRefreshBlocking();
            } catch (IOException e) {
                dirty.set(true);
                throw new UncheckedIOException("could not refresh the tool index", e);
            }
        }
    }

    private IndexSearcher acquire() {
        try {
            return searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the tool index", e);
        }
    }

    private void release(IndexSearcher searcher) {
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
            writer.close();
            directory.close();
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
