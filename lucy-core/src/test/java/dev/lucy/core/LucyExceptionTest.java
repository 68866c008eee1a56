package dev.lucy.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class LucyExceptionTest {

    @Test
    void permanent_failures_are_not_retriable() {
        assertThat(LucyException.permanent("bad config").retriable()).isFalse();
    }

    @Test
    void transient_failures_are_retriable_and_keep_their_cause() {
        IOException cause = new IOException("connection reset");
        LucyException e = LucyException.transientFailure("model unreachable", cause);
        assertThat(e.retriable()).isTrue();
        assertThat(e).hasMessage("model unreachable").hasCause(cause);
    }
}
