package dev.lucy.tools;

import java.util.Set;

/**
 * One entry of the capability index: what a tool is for, what it needs and how it has fared.
 *
 * @param tool the tool name
 * @param provider the service it needs a connection to
 * @param scopes the permissions it needs
 * @param tags its intent tags
 * @param sideEffect what it does to the world
 * @param usage calls, success rate and latency so far
 */
public record Capability(
        String tool, String provider, Set<String> scopes, Set<String> tags, SideEffect sideEffect, ToolUsage usage) {}
