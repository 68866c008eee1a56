package dev.lucy.app;

import dev.lucy.app.config.EmbeddingsMode;
import dev.lucy.core.LucyException;
import dev.lucy.core.spi.Embeddings;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the embeddings {@code LUCY_EMBEDDINGS} asks for: lucy-embeddings' in-process model, through {@link
 * ServiceLoader} so that a bot built without that module (130 MB of jars) still runs, by words only.
 */
public final class EmbeddingsLoader {
    private static final Logger log = LoggerFactory.getLogger(EmbeddingsLoader.class);

    private EmbeddingsLoader() {}

    /**
     * The embeddings to use, or none for words only. Fails loudly ({@link LucyException}) when {@code mode} is {@link
     * EmbeddingsMode#ON} and no model can be loaded.
     */
    public static Optional<Embeddings> load(EmbeddingsMode mode) {
        if (mode == EmbeddingsMode.OFF) {
            return Optional.empty();
        }
        Optional<Embeddings> found;
        try {
            found = ServiceLoader.load(Embeddings.class).findFirst();
        } catch (ServiceConfigurationError | LucyException e) {
            if (mode == EmbeddingsMode.ON) {
                throw new LucyException("LUCY_EMBEDDINGS=on, but the embedding model could not be loaded", false, e);
            }
            log.warn(
                    "recall and tool choice match words only: the embedding model could not be loaded ({})",
                    e.getMessage());
            return Optional.empty();
        }
        if (found.isEmpty() && mode == EmbeddingsMode.ON) {
            throw new LucyException("LUCY_EMBEDDINGS=on, but lucy-embeddings is not on the class path", false);
        }
        found.ifPresent(e -> log.info("recall and tool choice match by meaning too ({})", e.name()));
        return found;
    }
}
