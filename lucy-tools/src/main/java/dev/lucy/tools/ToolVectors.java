package dev.lucy.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.SingleInstanceLockFactory;

/**
 * Unit vectors of tools in an in-memory Lucene HNSW graph, one or more per tool (views of its text): nearest
 * neighbours by dot product in well under a millisecond at 10,000 tools, where comparing with every vector costs
 * several. A search returns each tool once, at its best view's place. Thread safe.
 */
final class ToolVectors implements AutoCloseable {
    private static final String VECTOR = "vector";
    private static final String TOOL = "tool";
    private static final String PROVIDER = "provider";
    /** Vectors asked of the graph per tool wanted: a tool with several views may hold several of the nearest. */
    private static final int OVERFETCH = 2;

    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final AtomicBoolean dirty = new AtomicBoolean();
    /**
     * Each segment's tool names by doc id, read once per segment: reading a hit's stored fields decompresses a block
     * per hit, most of the graph search's own time.
     */
    private final Map<IndexReader.CacheKey, String[]> toolsBySegment = new ConcurrentHashMap<>();

    ToolVectors() {
        try {
            // a large buffer keeps the tools registered before a search in one segment: each segment is a graph
            // searched on its own
            writer = new IndexWriter(directory(), new IndexWriterConfig().setRAMBufferSizeMB(256));
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the in-memory vector index", e);
        }
    }

    /**
     * An in-memory directory holding each file in one buffer: the graph search reads every vector it compares from
     * it, and reading across a file's many small buffers was most of the search's time.
     */
    private static ByteBuffersDirectory directory() {
        return new ByteBuffersDirectory(
                new SingleInstanceLockFactory(), ByteBuffersDataOutput::new, ByteBuffersDirectory.OUTPUT_AS_ONE_BUFFER);
    }

    /** Stores {@code vectors} (the views of one tool) for {@code tool} of {@code provider}, replacing its others. */
    void put(String tool, String provider, List<float[]> vectors) {
        try {
            writer.deleteDocuments(new Term(TOOL, tool));
            for (float[] vector : vectors) {
                Document doc = new Document();
                doc.add(new StringField(TOOL, tool, Field.Store.YES));
                doc.add(new StringField(PROVIDER, provider, Field.Store.NO));
                doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
                writer.addDocument(doc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not index a tool vector", e);
        }
        dirty.set(true);
    }

    void remove(String tool) {
        try {
            writer.deleteDocuments(new Term(TOOL, tool));
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove a tool vector", e);
        }
        dirty.set(true);
    }

    /**
     * Up to {@code n} distinct tools nearest to {@code query}, nearest first, of {@code providers} when given, each with
     * its cosine similarity.
     */
    Map<String, Float> nearest(float[] query, int n, Optional<Set<String>> providers) {
        try {
            if (dirty.getAndSet(false)) {
                searchers.maybeRefreshBlocking();
            }
            IndexSearcher searcher = searchers.acquire();
            try {
                Query filter = providers.map(ToolVectors::providerFilter).orElse(null);
                int asked = n * OVERFETCH;
                ScoreDoc[] hits =
                        searcher.search(new KnnFloatVectorQuery(VECTOR, query, asked, filter), asked).scoreDocs;
                List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
                Map<String, Float> tools = new LinkedHashMap<>();
                for (ScoreDoc hit : hits) {
                    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
                    String tool = tools(leaf)[hit.doc - leaf.docBase];
                    // Lucene scores a dot product d of unit vectors as (1 + d) / 2
                    tools.putIfAbsent(tool, 2 * hit.score - 1);
                    if (tools.size() == n) {
                        break;
                    }
                }
                return tools;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("tool vector search failed", e);
        }
    }

    /** The tool names of a segment by doc id; a segment never changes, so they are read once and dropped with it. */
    private String[] tools(LeafReaderContext leaf) throws IOException {
        IndexReader.CacheHelper helper = leaf.reader().getCoreCacheHelper();
        if (helper == null) {
            throw new IllegalStateException("a vector segment without a cache key");
        }
        String[] names = toolsBySegment.get(helper.getKey());
        if (names == null) {
            names = new String[leaf.reader().maxDoc()];
            StoredFields stored = leaf.reader().storedFields();
            for (int doc = 0; doc < names.length; doc++) {
                names[doc] = stored.document(doc).get(TOOL);
            }
            if (toolsBySegment.putIfAbsent(helper.getKey(), names) == null) {
                helper.addClosedListener(toolsBySegment::remove);
            }
        }
        return names;
    }

    private static Query providerFilter(Set<String> providers) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (String provider : providers) {
            any.add(new TermQuery(new Term(PROVIDER, provider)), BooleanClause.Occur.SHOULD);
        }
        return any.build();
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not close the vector index", e);
        }
    }
}
