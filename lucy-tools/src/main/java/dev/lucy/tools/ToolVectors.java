package dev.lucy.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
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
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Unit vectors of tools in an in-memory Lucene HNSW graph, one per key: nearest neighbours by dot product in well
 * under a millisecond at 10,000 tools, where comparing with every vector costs several. A search returns each tool
 * once, at its best place. Thread safe.
 */
final class ToolVectors implements AutoCloseable {
    private static final String VECTOR = "vector";
    private static final String TOOL = "tool";
    private static final String KEY = "key";
    private static final String PROVIDER = "provider";

    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final AtomicBoolean dirty = new AtomicBoolean();

    ToolVectors() {
        try {
            writer = new IndexWriter(new ByteBuffersDirectory(), new IndexWriterConfig());
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the in-memory vector index", e);
        }
    }

    /** Stores {@code vector} under {@code key} (replacing what the key held) for {@code tool} of {@code provider}. */
    void put(String key, String tool, String provider, float[] vector) {
        Document doc = new Document();
        doc.add(new StringField(KEY, key, Field.Store.NO));
        doc.add(new StoredField(TOOL, tool));
        doc.add(new StringField(PROVIDER, provider, Field.Store.NO));
        doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        try {
            writer.updateDocument(new Term(KEY, key), doc);
        } catch (IOException e) {
            throw new UncheckedIOException("could not index a tool vector", e);
        }
        dirty.set(true);
    }

    void remove(String key) {
        try {
            writer.deleteDocuments(new Term(KEY, key));
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
                // one vector per tool (HybridToolIndex keeps served requests apart), so n documents are n tools
                ScoreDoc[] hits = searcher.search(new KnnFloatVectorQuery(VECTOR, query, n, filter), n).scoreDocs;
                StoredFields stored = searcher.storedFields();
                Map<String, Float> tools = new LinkedHashMap<>();
                for (ScoreDoc hit : hits) {
                    // Lucene scores a dot product d of unit vectors as (1 + d) / 2
                    tools.putIfAbsent(stored.document(hit.doc).get(TOOL), 2 * hit.score - 1);
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
