package dev.lucy.tools.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.tools.spi.McpSignInStore;
import dev.lucy.tools.spi.McpSignInStore.SignIn;
import dev.lucy.tools.spi.McpTokenStore.Key;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link McpSignInStore} must do. Extend it and open a fresh, empty store. */
public abstract class McpSignInStoreContract extends StoreContract<McpSignInStore> {
    protected static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    protected static final Key ALICE = new Key("T1", "U-alice", "notes");
    protected static final String VERIFIER = "pkce_verifier_of_alice_0123456789abcdef";
    protected static final String SECRET = "client_secret_0123456789abcdef";

    protected static SignIn signIn(String state, Instant expiresAt) {
        return new SignIn(
                state,
                ALICE,
                VERIFIER,
                "https://lucy.example/oauth/callback",
                "https://notes.example/mcp",
                URI.create("https://auth.example/authorize"),
                URI.create("https://auth.example/token"),
                List.of("notes.read", "notes.write"),
                "client-1",
                Optional.of(SECRET),
                expiresAt);
    }

    @Test
    void a_sign_in_is_found_by_its_state_until_it_is_taken_once() {
        SignIn kept = signIn("state-1", NOW.plus(Duration.ofMinutes(10)));
        store.save(kept);

        assertThat(store.find("state-1", NOW)).contains(kept);
        assertThat(store.find("state-1", NOW)).contains(kept);
        assertThat(store.find("state-2", NOW)).isEmpty();
        assertThat(store.take("state-1", NOW)).contains(kept);
        assertThat(store.take("state-1", NOW)).isEmpty();
        assertThat(store.find("state-1", NOW)).isEmpty();
    }

    @Test
    void a_sign_in_without_a_secret_keeps_its_fields() {
        SignIn noSecret = new SignIn(
                "state-3",
                ALICE,
                VERIFIER,
                "http://127.0.0.1:1/oauth/callback",
                "http://127.0.0.1:2/mcp",
                URI.create("http://127.0.0.1:2/authorize?tenant=a"),
                URI.create("http://127.0.0.1:2/token"),
                List.of(),
                "client-2",
                Optional.empty(),
                NOW.plusSeconds(60));
        store.save(noSecret);

        assertThat(store.take("state-3", NOW)).contains(noSecret);
    }

    @Test
    void an_expired_sign_in_is_never_returned_and_is_purged() {
        store.save(signIn("old", NOW.minusSeconds(1)));
        store.save(signIn("fresh", NOW.plusSeconds(60)));

        assertThat(store.find("old", NOW)).isEmpty();
        assertThat(store.purgeExpired(NOW)).isEqualTo(1);
        assertThat(store.take("old", NOW.minusSeconds(10))).isEmpty();
        assertThat(store.find("fresh", NOW)).isPresent();
        assertThat(store.take("fresh", NOW.plusSeconds(61))).isEmpty();
    }

    @Test
    void two_callbacks_with_one_state_take_it_at_most_once() throws Exception {
        store.save(signIn("raced", NOW.plusSeconds(60)));
        assertThat(winners(8, () -> store.take("raced", NOW))).isEqualTo(1);
    }
}
