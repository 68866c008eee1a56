package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.lucy.core.Caller;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ConnectionResolver;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ToolCatalogueTest {
    private static final Caller ALICE = new Caller("T1", "U-alice", "C1:1");

    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final AtomicInteger lookups = new AtomicInteger();
    private final Set<String> connected = ConcurrentHashMap.newKeySet();
    private final ConnectionResolver resolver = (caller, provider) -> {
        lookups.incrementAndGet();
        return connected.contains(provider)
                ? ConnectionResolver.Status.CONNECTED
                : new ConnectionResolver.Missing(provider, "https://lucy.test/" + provider);
    };
    private final ToolRegistry registry =
            new ToolRegistry().register(tool("zendesk_get_ticket", "zendesk")).register(tool("jira_get_issue", "jira"));
    private final ToolCatalogue catalogue = ToolCatalogue.create(
            registry, resolver, Duration.ofMinutes(10), Duration.ofMinutes(1), ticker, Runnable::run);

    @Test
    void serves_repeated_lookups_from_the_cache() {
        connected.add("jira");
        for (int i = 0; i < 10; i++) {
            assertThat(catalogue.connectedProviders(ALICE)).containsExactlyInAnyOrder("lucy", "jira");
        }
        assertThat(lookups.get()).isEqualTo(2);
        assertThat(catalogue.hitRatio()).isEqualTo(0.9);
    }

    @Test
    void invalidation_on_a_connection_change_shows_it_at_once() {
        assertThat(catalogue.connectedProviders(ALICE)).containsExactly("lucy");
        connected.add("zendesk");
        catalogue.invalidate("T1");
        assertThat(catalogue.connectedProviders(ALICE)).contains("zendesk");
    }

    @Test
    void refreshes_in_the_background_after_the_refresh_interval_and_expires_after_the_ttl() {
        assertThat(catalogue.connectedProviders(ALICE)).containsExactly("lucy");
        connected.add("jira");

        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(catalogue.connectedProviders(ALICE)).containsExactly("lucy");
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        catalogue.connectedProviders(ALICE); // triggers the refresh (run inline by the test's executor)
        assertThat(catalogue.connectedProviders(ALICE)).containsExactlyInAnyOrder("lucy", "jira");
    }

    private static Tool tool(String name, String provider) {
        return Tool.builder(name)
                .description("The " + name + " tool")
                .provider(provider)
                .handler((caller, args) -> ToolResult.success("ok"))
                .build();
    }
}
