package dev.lucy.tools;

import java.util.List;

/**
 * Finds the tools most relevant to a request, so the model sees a handful of schemas instead of hundreds.
 *
 * <p>Thread safe and non-blocking apart from CPU work; the default is {@link Bm25ToolIndex}, BM25 over names,
 * descriptions, tags and the requests each tool has served, blended with usage statistics.
 */
public interface ToolRetriever {

    /** Up to {@code k} tools that pass {@code filter}, most relevant first; empty when nothing matches. */
    List<ScoredTool> search(String request, RetrievalFilter filter, int k);

    /**
     * Remembers that {@code request} was served by {@code tool}, as evidence for later searches. The default
     * ignores it.
     */
    default void learn(String tool, String request) {}
}
