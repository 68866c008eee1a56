package dev.lucy.tools.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.tools.spi.ServedRequestStore;
import dev.lucy.tools.spi.ServedRequestStore.Entry;
import dev.lucy.tools.spi.ServedRequestStore.ServedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** What every {@link ServedRequestStore} must do. Extend it and open a fresh, empty store. */
public abstract class ServedRequestStoreContract extends StoreContract<ServedRequestStore> {
    protected static ServedRequest served(String tool, String request) {
        return new ServedRequest(tool, request);
    }

    @Test
    void an_empty_store_has_nothing_to_read() {
        assertThat(store.after(0, 100)).isEmpty();
    }

    @Test
    void entries_come_back_in_the_order_they_were_stored_with_who_stored_them() {
        store.append("replica-a", List.of(served("page_oncall", "wake up the billing owner")), 100);
        store.append(
                "replica-b",
                List.of(served("open_ticket", "file this for support"), served("page_oncall", "who is on call")),
                100);

        List<Entry> entries = store.after(0, 100);

        assertThat(entries)
                .extracting(
                        Entry::origin, e -> e.served().tool(), e -> e.served().request())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("replica-a", "page_oncall", "wake up the billing owner"),
                        org.assertj.core.groups.Tuple.tuple("replica-b", "open_ticket", "file this for support"),
                        org.assertj.core.groups.Tuple.tuple("replica-b", "page_oncall", "who is on call"));
        assertThat(entries).extracting(Entry::position).isSorted().doesNotHaveDuplicates();
        assertThat(entries.get(0).position()).isPositive();
    }

    @Test
    void a_reader_gets_only_what_was_stored_after_its_position_a_page_at_a_time() {
        for (int i = 0; i < 5; i++) {
            store.append("replica-a", List.of(served("tool_" + i, "request " + i)), 100);
        }
        List<Entry> all = store.after(0, 100);

        List<Entry> firstPage = store.after(0, 2);
        List<Entry> rest = store.after(firstPage.get(1).position(), 100);

        assertThat(firstPage).containsExactlyElementsOf(all.subList(0, 2));
        assertThat(rest).containsExactlyElementsOf(all.subList(2, 5));
        assertThat(store.after(all.get(4).position(), 100)).isEmpty();
    }

    @Test
    void each_tool_keeps_only_its_latest_entries_and_the_others_keep_theirs() {
        for (int i = 1; i <= 5; i++) {
            store.append(
                    "replica-a", List.of(served("page_oncall", "page " + i), served("open_ticket", "ticket " + i)), 3);
        }

        assertThat(store.after(0, 100))
                .extracting(e -> e.served().request())
                .containsExactly("page 3", "ticket 3", "page 4", "ticket 4", "page 5", "ticket 5");
    }

    @Test
    void concurrent_writers_lose_nothing_and_never_share_a_position() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < 4; w++) {
                String origin = "replica-" + w;
                writers.submit(() -> {
                    start.await();
                    for (int i = 0; i < 10; i++) {
                        store.append(origin, List.of(served("tool_" + (i % 3), origin + " request " + i)), 1000);
                    }
                    return null;
                });
            }
            start.countDown();
        }

        List<Entry> entries = new ArrayList<>();
        long position = 0;
        for (List<Entry> page = store.after(position, 7); !page.isEmpty(); page = store.after(position, 7)) {
            entries.addAll(page);
            position = page.get(page.size() - 1).position();
        }
        assertThat(entries).hasSize(40);
        assertThat(entries).extracting(Entry::position).isSorted().doesNotHaveDuplicates();
    }
}
