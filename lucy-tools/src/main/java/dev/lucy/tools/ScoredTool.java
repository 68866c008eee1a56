package dev.lucy.tools;

/**
 * A tool retrieval found, with its blended score (higher is more relevant; only comparable within one search).
 *
 * @param name the tool name
 * @param score the blended relevance score
 */
public record ScoredTool(String name, double score) {}
