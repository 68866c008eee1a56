package dev.lucy.bench;

import dev.lucy.core.spi.Embeddings;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Embeddings remembered across bench runs in a file: MetaTool's 21,000 texts take minutes to embed on a busy
 * machine, and a run that tries other fusion settings needs the same vectors again. Latency figures never come from
 * here: the bench times the model itself separately.
 */
final class CachedEmbeddings implements Embeddings {
    private final Embeddings model;
    private final Path file;
    private final Map<String, float[]> cache = new ConcurrentHashMap<>();
    private int added;

    CachedEmbeddings(Embeddings model, Path file) {
        this.model = model;
        this.file = file;
        if (Files.exists(file)) {
            try (DataInputStream in =
                    new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
                while (true) {
                    String text;
                    try {
                        text = in.readUTF();
                    } catch (EOFException end) {
                        break;
                    }
                    float[] v = new float[in.readInt()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = in.readFloat();
                    }
                    cache.put(text, v);
                }
            } catch (IOException e) {
                cache.clear(); // a broken cache is only slower
            }
        }
    }

    Embeddings model() {
        return model;
    }

    @Override
    public int dimensions() {
        return model.dimensions();
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            float[] v = cache.get(text);
            if (v == null) {
                v = model.embed(text);
                cache.put(text, v);
                added++;
            }
            out.add(v);
        }
        return out;
    }

    /** Writes the cache back when it grew. */
    void save() {
        if (added == 0) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            try (DataOutputStream out =
                    new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
                for (Map.Entry<String, float[]> e : cache.entrySet()) {
                    if (e.getKey().length() > 20_000) {
                        continue; // writeUTF's limit
                    }
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().length);
                    for (float f : e.getValue()) {
                        out.writeFloat(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the embedding cache " + file, e);
        }
    }
}
