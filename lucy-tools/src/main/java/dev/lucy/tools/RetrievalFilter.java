package dev.lucy.tools;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which tools a retrieval may return: those of the providers the workspace and user have connected, and those the
 * caller is allowed to use.
 *
 * @param providers the providers whose tools may be returned; empty means any provider
 * @param allowed a last check per tool name (permissions, withdrawn tools)
 */
public record RetrievalFilter(Optional<Set<String>> providers, Predicate<String> allowed) {
    public RetrievalFilter {
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(allowed, "allowed");
        providers = providers.map(Set::copyOf);
    }

    /** Any tool of any provider. */
    public static RetrievalFilter all() {
        return new RetrievalFilter(Optional.empty(), name -> true);
    }

    /** Only tools of these providers. */
    public static RetrievalFilter providers(Set<String> providers) {
        return new RetrievalFilter(Optional.of(providers), name -> true);
    }

    /** Whether a tool named {@code toolName} of {@code provider} passes this filter. */
    public boolean accepts(String provider, String toolName) {
        return providers.map(p -> p.contains(provider)).orElse(true) && allowed.test(toolName);
    }

    /** This filter, and also only tools {@code test} accepts. */
    public RetrievalFilter and(Predicate<String> test) {
        return new RetrievalFilter(providers, allowed.and(test));
    }
}
