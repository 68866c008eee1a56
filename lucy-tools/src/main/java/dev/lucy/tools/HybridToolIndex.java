package dev.lucy.tools;

import dev.lucy.core.RankFusion;
import dev.lucy.core.RankFusion.Fused;
import dev.lucy.core.RankFusion.Ranking;
import dev.lucy.core.spi.Embeddings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ToolRetriever} that understands meaning as well as words: BM25 ({@link Bm25ToolIndex}, with served
 * requests and usage) and nearest neighbours of the request's embedding among the tools' embeddings (Lucene HNSW),
 * fused by reciprocal rank. A new deployment with no served requests finds "what's the weather like in Lisbon?"
 * under a tool described as "current conditions and forecasts"; once requests are served, both rankings learn.
 *
 * <p>Each tool is embedded once, when it is registered (its name in words, description and tags, and each sentence
 * of its description on its own, each phrased as a request: {@link #texts(Tool, HybridConfig)});
 * BM25 reads the request without its conversational filler ({@link HybridConfig#fillerWords()}); each served
 * request once, when it is learned ({@link HybridConfig#learnVectors()}); the mean of a tool's last served
 * requests ({@link RetrievalConfig#maxExamplesPerTool()}) is compared beside the tool's own vector. A search embeds the request once; {@link
 * #search(String, float[], RetrievalFilter, int)} takes a vector computed already, so one embedding serves memory
 * recall and tool retrieval alike.
 *
 * <p>Thread safe. Register it as a {@link ToolRegistry.Listener} ({@link #following}). Close it to free the indexes.
 */
public final class HybridToolIndex implements ToolRetriever, ToolRegistry.Listener, AutoCloseable {
    /** At most this many sentences of a description get a vector of their own, beside the whole text's. */
    static final int MAX_SENTENCE_VIEWS = 4;

    private final Bm25ToolIndex keywords;
    private final Embeddings embeddings;
    private final HybridConfig config;
    private final RankFusion fusion;
    private final ToolVectors vectors = new ToolVectors();
    private final Map<String, String> providerByTool = new ConcurrentHashMap<>();
    private final Map<String, Served> servedByTool = new ConcurrentHashMap<>();
    /** Each tool's mean view: the mean of all its views' vectors, not normalised, so a dot product is their mean's. */
    private final Map<String, float[]> meanViewByTool = new ConcurrentHashMap<>();

    private final ReentrantLock exampleLock = new ReentrantLock();

    private HybridToolIndex(Bm25ToolIndex keywords, Embeddings embeddings, HybridConfig config) {
        this.keywords = Objects.requireNonNull(keywords, "keywords");
        this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
        this.config = Objects.requireNonNull(config, "config");
        this.fusion = new RankFusion(config.fusionK());
    }

    /** An index that follows {@code registry} (its tools now and later), scoring keywords with {@code retrieval}. */
    public static HybridToolIndex following(
            ToolRegistry registry, RetrievalConfig retrieval, Embeddings embeddings, HybridConfig config) {
        HybridToolIndex index =
                new HybridToolIndex(Bm25ToolIndex.create(retrieval, registry.usage()), embeddings, config);
        registry.addListener(index);
        return index;
    }

    public HybridConfig config() {
        return config;
    }

    /** The embeddings this index compares with; a caller that embeds the request itself must use these. */
    public Embeddings embeddings() {
        return embeddings;
    }

    @Override
    public void added(Tool tool) {
        keywords.added(tool);
        providerByTool.put(tool.name(), tool.provider());
        List<float[]> views = embeddings.embed(texts(tool, config));
        meanViewByTool.put(tool.name(), mean(views));
        // the name view, last, counts in the mean only: one more vector per tool would slow every search
        vectors.put(tool.name(), tool.provider(), config.nameView() ? views.subList(0, views.size() - 1) : views);
    }

    private static float[] mean(List<float[]> views) {
        float[] mean = new float[views.get(0).length];
        for (float[] view : views) {
            for (int i = 0; i < mean.length && i < view.length; i++) {
                mean[i] += view[i] / views.size();
            }
        }
        return mean;
    }

    @Override
    public void removed(Tool tool) {
        keywords.removed(tool);
        providerByTool.remove(tool.name());
        vectors.remove(tool.name());
        meanViewByTool.remove(tool.name());
        servedByTool.remove(tool.name());
    }

    /**
     * What a tool's vectors are made from: its name in words with its description and intent tags, and each sentence
     * of its description on its own (up to {@value #MAX_SENTENCE_VIEWS}), and its name in words alone, last, when
     * {@link HybridConfig#nameView()}; each after {@link HybridConfig#viewPrefix()}. A request about one thing a tool
     * does is nearer to the sentence that says it than to the whole text, whose name and other sentences pull its
     * vector elsewhere; a search finds each tool at its nearest view and ranks it with its mean view too ({@link
     * HybridConfig#viewMeanWeight()}). On MetaTool's development split the sentences took cold-start recall@5 from
     * 0.761 to 0.776, the prefix, the name and the mean further (docs/performance.md).
     */
    static List<String> texts(Tool tool, HybridConfig config) {
        List<String> texts = new ArrayList<>();
        texts.add(config.viewPrefix() + text(tool));
        List<String> sentences = sentences(tool.description());
        for (String sentence : sentences.subList(0, Math.min(MAX_SENTENCE_VIEWS, sentences.size()))) {
            texts.add(config.viewPrefix() + sentence);
        }
        if (config.nameView()) {
            texts.add(config.viewPrefix() + Bm25ToolIndex.words(tool.name()));
        }
        return texts;
    }

    /**
     * The request as the BM25 ranking reads it: without {@link HybridConfig#fillerWords()} ("can you please find me
     * flights" becomes "find flights"). Words are runs of letters, digits, apostrophes, underscores and hyphens (an
     * identifier stays whole); one pass, which stops once {@link Bm25ToolIndex#MAX_REQUEST_CHARS} are written, all of
     * the request BM25 reads, so a long paste costs no more than that.
     */
    static String keywordRequest(String request, Set<String> filler) {
        if (filler.isEmpty()) {
            return request;
        }
        StringBuilder out = new StringBuilder(Math.min(request.length(), Bm25ToolIndex.MAX_REQUEST_CHARS + 16));
        int n = request.length();
        int i = 0;
        while (i < n && out.length() < Bm25ToolIndex.MAX_REQUEST_CHARS) {
            int start = i;
            while (i < n && isWordChar(request.charAt(i))) {
                i++;
            }
            if (i > start) {
                String word = request.substring(start, i);
                if (!filler.contains(word.toLowerCase(Locale.ROOT))) {
                    out.append(word).append(' ');
                }
            } else {
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '\'' || c == '_' || c == '-';
    }

    /** The sentences of {@code text}: split after '.', '!' or '?' followed by white space, in one pass. */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ends = (c == '.' || c == '!' || c == '?')
                    && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)));
            if (ends || i + 1 == text.length()) {
                String sentence = text.substring(start, i + 1).strip();
                if (!sentence.isEmpty()) {
                    out.add(sentence);
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** The tool's whole text: its name in words, its description and its intent tags. */
    static String text(Tool tool) {
        StringBuilder text = new StringBuilder(Bm25ToolIndex.words(tool.name())).append(". ");
        text.append(tool.description());
        if (!tool.tags().isEmpty()) {
            text.append(" (").append(String.join(", ", tool.tags())).append(')');
        }
        return text.toString();
    }

    @Override
    public void learn(String tool, String request) {
        keywords.learn(tool, request);
        int keep = keywords.config().maxExamplesPerTool();
        if (!config.learnVectors() || keep == 0 || request.isBlank()) {
            return;
        }
        float[] vector = embeddings.embed(clip(request));
        exampleLock.lock();
        try {
            servedByTool.computeIfAbsent(tool, t -> new Served(vector.length)).add(vector, keep);
        } finally {
            exampleLock.unlock();
        }
    }

    /**
     * The vectors of the last requests a tool served, their sum, and their normalised mean, which a search compares
     * with the request's vector. One mean per tool, compared exactly and kept out of the HNSW graph: a graph of one
     * vector per served request (14,000 for MetaTool) cost about 2 ms a search, and replacing a tool's vector in the
     * graph at each request it serves leaves deleted nodes the search still walks.
     */
    private static final class Served {
        private final ArrayDeque<float[]> last = new ArrayDeque<>();
        private final double[] sum;
        private volatile float[] mean = new float[0];

        Served(int dimensions) {
            sum = new double[dimensions];
        }

        /** Adds a request's vector, dropping the oldest beyond {@code keep}; false if its length does not fit. */
        boolean add(float[] vector, int keep) {
            if (vector.length != sum.length) {
                return false;
            }
            last.addLast(vector);
            accumulate(vector, 1);
            while (last.size() > keep) {
                accumulate(last.removeFirst(), -1);
            }
            mean = normalisedSum();
            return true;
        }

        private void accumulate(float[] vector, int sign) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += sign * vector[i];
            }
        }

        float[] mean() {
            return mean;
        }

        private float[] normalisedSum() {
            double norm = 0;
            for (double x : sum) {
                norm += x * x;
            }
            float[] out = new float[sum.length];
            double scale = norm == 0 ? 0 : 1 / Math.sqrt(norm);
            for (int i = 0; i < sum.length; i++) {
                out[i] = (float) (sum[i] * scale);
            }
            return out;
        }
    }

    @Override
    public List<ScoredTool> search(String request, RetrievalFilter filter, int k) {
        Objects.requireNonNull(request, "request");
        if (k <= 0 || request.isBlank()) {
            return List.of();
        }
        return search(request, embeddings.embed(clip(request)), filter, k);
    }

    /**
     * As {@link #search(String, RetrievalFilter, int)}, with the request's vector from {@link #embeddings()} computed
     * already: this costs no model time.
     */
    public List<ScoredTool> search(String request, float[] requestVector, RetrievalFilter filter, int k) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(requestVector, "requestVector");
        Objects.requireNonNull(filter, "filter");
        if (k <= 0) {
            return List.of();
        }
        int n = Math.max(config.candidates(), k);
        List<String> byWords = keywords.search(keywordRequest(request, config.fillerWords()), filter, n).stream()
                .map(ScoredTool::name)
                .toList();
        List<String> byMeaning = byMeaning(requestVector, filter, n);
        List<Fused<String>> fused = fusion.fuse(
                new Ranking<>(byWords, config.keywordWeight()), new Ranking<>(byMeaning, config.vectorWeight()));
        List<ScoredTool> out = new ArrayList<>(Math.min(k, fused.size()));
        for (Fused<String> f : fused) {
            if (out.size() == k) {
                break;
            }
            out.add(new ScoredTool(f.item(), f.score()));
        }
        return out;
    }

    /**
     * The {@code n} tools nearest to the request, each at its better similarity: its own views' (found at the nearest
     * view in the HNSW graph, weighed with its mean view) or the mean of its served requests' (compared here, one per
     * tool that served any).
     */
    private List<String> byMeaning(float[] request, RetrievalFilter filter, int n) {
        float servedBonus = (float) config.servedBonus();
        double meanWeight = config.viewMeanWeight();
        Map<String, Float> best = new HashMap<>();
        for (Map.Entry<String, Float> e :
                vectors.nearest(request, n, filter.providers()).entrySet()) {
            float[] meanView = meanViewByTool.get(e.getKey());
            float nearest = e.getValue();
            best.put(
                    e.getKey(),
                    meanWeight == 0 || meanView == null || meanView.length != request.length
                            ? nearest
                            : (float) ((nearest + meanWeight * Embeddings.dot(request, meanView)) / (1 + meanWeight)));
        }
        Optional<Set<String>> providers = filter.providers();
        for (Map.Entry<String, Served> e : servedByTool.entrySet()) {
            float[] mean = e.getValue().mean();
            String provider = providerByTool.get(e.getKey());
            if (mean.length == request.length
                    && provider != null
                    && (providers.isEmpty() || providers.get().contains(provider))) {
                best.merge(e.getKey(), Embeddings.dot(request, mean) + servedBonus, Math::max);
            }
        }
        List<Map.Entry<String, Float>> ranked = new ArrayList<>(best.entrySet());
        ranked.sort(Map.Entry.<String, Float>comparingByValue(Comparator.reverseOrder()));
        List<String> out = new ArrayList<>(n);
        for (Map.Entry<String, Float> e : ranked) {
            if (out.size() == n) {
                break;
            }
            if (providerByTool.containsKey(e.getKey()) && filter.allowed().test(e.getKey())) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private static String clip(String request) {
        return request.length() > Bm25ToolIndex.MAX_REQUEST_CHARS
                ? request.substring(0, Bm25ToolIndex.MAX_REQUEST_CHARS)
                : request;
    }

    @Override
    public void close() {
        try (vectors) {
            keywords.close();
        }
    }
}
