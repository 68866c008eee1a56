package dev.lucy.app.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SlackFileTransferTest {

    @Test
    void the_token_follows_a_redirect_only_to_the_same_scheme_host_and_port() {
        URI from = URI.create("https://files.slack.com/files-pri/T1-F1/download/a.csv");

        assertThat(SlackFileTransfer.sameOrigin(from, URI.create("https://files.slack.com/files-origin/F1")))
                .isTrue();
        assertThat(SlackFileTransfer.sameOrigin(from, URI.create("https://files-origin.example.com/F1")))
                .isFalse();
        assertThat(SlackFileTransfer.sameOrigin(from, URI.create("http://files.slack.com/F1")))
                .isFalse();
        assertThat(SlackFileTransfer.sameOrigin(from, URI.create("https://files.slack.com:8443/F1")))
                .isFalse();
    }
}
