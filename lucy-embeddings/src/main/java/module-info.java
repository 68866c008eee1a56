/** Sentence embeddings computed inside the JVM by a small model shipped in a jar: no network, no download. */
module dev.lucy.embeddings {
    requires transitive dev.lucy.core;
    requires langchain4j.core;
    requires langchain4j.embeddings;
    requires langchain4j.embeddings.all.minilm.l6.v2.q;

    exports dev.lucy.embeddings;

    provides dev.lucy.core.spi.Embeddings with
            dev.lucy.embeddings.MiniLmEmbeddings;
}
