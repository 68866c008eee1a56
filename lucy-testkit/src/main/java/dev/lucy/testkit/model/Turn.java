package dev.lucy.testkit.model;

/**
 * What the {@link ScriptedModelServer} does with one chat-completions request: answer it ({@link Reply}) or fail
 * it ({@link Fault}). Turns are immutable values; queue them with {@link ScriptedModelServer#enqueue(Turn...)} or
 * return them from a {@link Script}.
 */
public sealed interface Turn permits Reply, Fault {}
