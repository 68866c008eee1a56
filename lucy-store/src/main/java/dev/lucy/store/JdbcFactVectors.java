package dev.lucy.store;

import dev.lucy.memory.Fact;
import dev.lucy.memory.spi.FactVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.SingleInstanceLockFactory;

/**
 * {@link FactVectors} in the memory database (table {@code memory_fact_vectors}), searched in an HNSW graph this
 * process keeps in memory (Lucene). The table is the truth: a search first reads the rows stored since the last one
 * (by any process or replica; usually none, one indexed query) into the graph, then asks the workspace's own graph
 * for the nearest vectors and reads those facts, still of the workspace, active and visible to the user, in one
 * query.
 *
 * <p>The first search after start reads every vector of the model into the graph: seconds at 100,000 facts. On
 * PostgreSQL a vector whose transaction commits after a later-numbered one has been read is missed until restart;
 * a fact is written and embedded in separate transactions, so this needs two replicas embedding at the same moment.
 */
final class JdbcFactVectors implements FactVectors, AutoCloseable {
    private static final String FACT = "fact";
    private static final String VECTOR = "vector";
    /**
     * How many nearest vectors are read per fact wanted: some belong to facts that no longer hold or are private. Each
     * one more widens the graph search and the facts read by id (3 cost recall about a third more than 2 at 100,000
     * facts).
     */
    private static final int OVERFETCH = 2;

    private static final int CATCH_UP_PAGE = 5_000;

    private final Database database;
    private final Map<String, Graph> graphs = new ConcurrentHashMap<>();

    JdbcFactVectors(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void put(Fact fact, String model, float[] vector) {
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO memory_fact_vectors (fact_id, workspace_id, model, vector) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (fact_id, model) DO NOTHING")) {
                ps.setString(1, fact.id());
                ps.setString(2, fact.workspaceId());
                ps.setString(3, model);
                ps.setBytes(4, bytes(vector));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<Near> nearest(String workspaceId, String userId, String model, float[] query, int k) {
        if (k < 1) {
            return List.of();
        }
        Graph graph = graphs.computeIfAbsent(model, m -> new Graph());
        graph.catchUp(model);
        Map<String, Float> near = graph.search(workspaceId, query, k * OVERFETCH);
        if (near.isEmpty()) {
            return List.of();
        }
        Map<String, Fact> facts = database.read(c -> visible(c, workspaceId, userId, near.keySet()));
        List<Near> out = new ArrayList<>();
        for (Map.Entry<String, Float> e : near.entrySet()) {
            Fact f = facts.get(e.getKey());
            if (f != null && out.size() < k) {
                out.add(new Near(f, e.getValue()));
            }
        }
        return out;
    }

    private static Map<String, Fact> visible(Connection c, String workspaceId, String userId, Iterable<String> ids)
            throws SQLException {
        List<String> list = new ArrayList<>();
        ids.forEach(list::add);
        String marks = String.join(", ", Collections.nCopies(list.size(), "?"));
        Map<String, Fact> out = new HashMap<>();
        // by id alone, the rest checked here: given the workspace too, SQLite reads it through the (workspace, person)
        // index, every active fact of a large workspace, instead of looking the ids up (hundreds of ms a recall at
        // 100,000 facts)
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + JdbcMemoryStore.COLUMNS + " FROM memory_facts WHERE id IN (" + marks + ")")) {
            for (int i = 0; i < list.size(); i++) {
                ps.setString(1 + i, list.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Fact f = JdbcMemoryStore.map(rs);
                    if (f.workspaceId().equals(workspaceId) && f.active() && f.visibleTo(userId)) {
                        out.put(f.id(), f);
                    }
                }
            }
        }
        return out;
    }

    static byte[] bytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    static float[] floats(byte[] bytes) {
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    @Override
    public void close() {
        graphs.values().forEach(Graph::close);
    }

    /**
     * One model's vectors, in one in-memory HNSW graph per workspace, and how far into the table they have read. A
     * graph per workspace keeps a search from walking other workspaces' vectors: a graph shared and filtered by
     * workspace made a recall in a workspace holding most of the facts cost hundreds of milliseconds, Lucene falling
     * back to comparing every vector once the filter rejected enough of the graph's nodes.
     */
    private final class Graph {
        private final ReentrantLock lock = new ReentrantLock();
        private final Map<String, Partition> partitions = new ConcurrentHashMap<>();
        private long lastSeq;
        private int dimensions = -1;

        /** Reads the vectors stored since the last call into the graphs. */
        void catchUp(String model) {
            lock.lock();
            try {
                Set<Partition> added = new HashSet<>();
                while (true) {
                    int read = database.read(c -> readSince(c, model, added));
                    if (read < CATCH_UP_PAGE) {
                        break;
                    }
                }
                for (Partition p : added) {
                    p.searchers.maybeRefreshBlocking();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not refresh the vector graph", e);
            } finally {
                lock.unlock();
            }
        }

        private int readSince(Connection c, String model, Set<Partition> added) throws SQLException {
            int read = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, fact_id, workspace_id, vector FROM"
                    + " memory_fact_vectors WHERE model = ? AND seq > ? ORDER BY seq LIMIT ?")) {
                ps.setString(1, model);
                ps.setLong(2, lastSeq);
                ps.setInt(3, CATCH_UP_PAGE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        read++;
                        lastSeq = rs.getLong(1);
                        float[] vector = floats(rs.getBytes(4));
                        if (dimensions < 0) {
                            dimensions = vector.length;
                        }
                        if (vector.length != dimensions) {
                            continue; // written by a differently configured model of the same name
                        }
                        Partition p = partitions.computeIfAbsent(rs.getString(3), w -> new Partition());
                        Document doc = new Document();
                        doc.add(new StoredField(FACT, rs.getString(2)));
                        doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
                        p.writer.addDocument(doc);
                        added.add(p);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not add to the vector graph", e);
            }
            return read;
        }

        /** Fact ids of the workspace nearest to {@code query}, nearest first, with their cosine similarity. */
        Map<String, Float> search(String workspaceId, float[] query, int n) {
            Partition p = partitions.get(workspaceId);
            if (p == null || dimensions < 0 || query.length != dimensions) {
                return Map.of();
            }
            try {
                IndexSearcher searcher = p.searchers.acquire();
                try {
                    ScoreDoc[] hits = searcher.search(new KnnFloatVectorQuery(VECTOR, query, n), n).scoreDocs;
                    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
                    Map<String, Float> out = new LinkedHashMap<>();
                    for (ScoreDoc hit : hits) {
                        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
                        // Lucene scores a dot product d of unit vectors as (1 + d) / 2
                        out.putIfAbsent(p.facts(leaf)[hit.doc - leaf.docBase], 2 * hit.score - 1);
                    }
                    return out;
                } finally {
                    p.searchers.release(searcher);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("vector search failed", e);
            }
        }

        void close() {
            partitions.values().forEach(Partition::close);
        }
    }

    /** The graph of one workspace's vectors of one model. */
    private static final class Partition {
        private final IndexWriter writer;
        private final SearcherManager searchers;
        /**
         * Each segment's fact ids by doc id, read once per segment (segments never change): reading each hit's stored
         * fields decompressed a block per hit, a seventh of a recall's time at 100,000 facts.
         */
        private final Map<IndexReader.CacheKey, String[]> factsBySegment = new ConcurrentHashMap<>();

        Partition() {
            try {
                // a large buffer keeps a bulk catch-up in few segments: every segment is a graph searched on its own
                writer = new IndexWriter(directory(), new IndexWriterConfig().setRAMBufferSizeMB(256));
                searchers = new SearcherManager(writer, null);
            } catch (IOException e) {
                throw new UncheckedIOException("could not open the in-memory vector graph", e);
            }
        }

        String[] facts(LeafReaderContext leaf) throws IOException {
            IndexReader.CacheHelper helper = leaf.reader().getCoreCacheHelper();
            if (helper == null) {
                throw new IllegalStateException("a vector segment without a cache key");
            }
            String[] ids = factsBySegment.get(helper.getKey());
            if (ids == null) {
                ids = new String[leaf.reader().maxDoc()];
                StoredFields stored = leaf.reader().storedFields();
                for (int doc = 0; doc < ids.length; doc++) {
                    ids[doc] = stored.document(doc).get(FACT);
                }
                if (factsBySegment.putIfAbsent(helper.getKey(), ids) == null) {
                    helper.addClosedListener(factsBySegment::remove);
                }
            }
            return ids;
        }

        /**
         * An in-memory directory holding each file in one buffer: the graph search reads every vector it compares from
         * it, and reading across a file's many small buffers was most of the search's time.
         */
        private static ByteBuffersDirectory directory() {
            return new ByteBuffersDirectory(
                    new SingleInstanceLockFactory(),
                    ByteBuffersDataOutput::new,
                    ByteBuffersDirectory.OUTPUT_AS_ONE_BUFFER);
        }

        void close() {
            try {
                searchers.close();
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not close the vector graph", e);
            }
        }
    }
}
