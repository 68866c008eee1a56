package dev.lucy.app.config;

/** Whether recall and tool retrieval also match by meaning ({@code LUCY_EMBEDDINGS}). */
public enum EmbeddingsMode {
    /** Uses the in-process model when lucy-embeddings is on the class path, words only otherwise. */
    AUTO,
    /** Uses the in-process model; the bot does not start without lucy-embeddings. */
    ON,
    /**
     * Words only: keyword recall and BM25 tool retrieval, no model loaded. The default while recall by meaning is
     * slower than its targets on large memories (see docs/performance.md).
     */
    OFF
}
