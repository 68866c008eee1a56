package dev.lucy.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The web console's settings: loopback and traces kept a week unless told otherwise, and bad values named. */
class ConsoleConfigTest {

    @Test
    void by_default_the_console_listens_on_loopback_and_keeps_traces_a_week() {
        ConsoleConfig console = ConfigLoader.load(Map.of()).console();

        assertThat(console.enabled()).isTrue();
        assertThat(console.bind()).isEqualTo("127.0.0.1");
        assertThat(console.port()).isEqualTo(ConsoleConfig.DEFAULT_PORT);
        assertThat(console.token()).isEmpty();
        assertThat(console.traces()).isTrue();
        assertThat(console.traceRetention()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void every_console_setting_is_read_and_the_token_is_a_secret_kept_out_of_the_description() {
        String token = "a-long-console-token-of-32-chars";
        LucyConfig config = ConfigLoader.load(Map.of(
                "LUCY_CONSOLE_BIND", "0.0.0.0",
                "LUCY_CONSOLE_PORT", "9999",
                "LUCY_CONSOLE_TOKEN", token,
                "LUCY_TRACES", "false",
                "LUCY_TRACE_RETENTION", "30d"));
        ConsoleConfig console = config.console();

        assertThat(console.bind()).isEqualTo("0.0.0.0");
        assertThat(console.loopbackOnly()).isFalse();
        assertThat(console.port()).isEqualTo(9999);
        assertThat(console.token()).map(Secret::reveal).contains(token);
        assertThat(console.traces()).isFalse();
        assertThat(console.traceRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(config.secrets()).map(Secret::reveal).contains(token);
        assertThat(config.toString()).doesNotContain(token).contains("token=set");
        assertThat(ConfigLoader.load(Map.of("LUCY_CONSOLE_PORT", "off"))
                        .console()
                        .enabled())
                .isFalse();
    }

    @Test
    void sign_in_with_slack_takes_the_consoles_address_and_slacks_openid_pages_from_the_settings() {
        LucyConfig config = ConfigLoader.load(Map.of(
                "SLACK_CLIENT_ID", "1111.2222",
                "SLACK_CLIENT_SECRET", "a-client-secret",
                "SLACK_APP_TOKEN", "xapp-1-A1-1-abc",
                "LUCY_CONSOLE_URL", "https://lucy-console.example.com",
                "LUCY_SLACK_OPENID_URL", "http://127.0.0.1:9000/openid/connect"));

        assertThat(config.console().url()).contains(java.net.URI.create("https://lucy-console.example.com"));
        assertThat(config.slackOAuth().orElseThrow().openIdUrl())
                .as("a trailing / added, so that authorize and keys resolve under it")
                .isEqualTo(java.net.URI.create("http://127.0.0.1:9000/openid/connect/"));
        assertThat(ConfigLoader.load(Map.of(
                                "SLACK_CLIENT_ID",
                                "1111.2222",
                                "SLACK_CLIENT_SECRET",
                                "s",
                                "SLACK_APP_TOKEN",
                                "xapp-1-A1-1-abc"))
                        .slackOAuth()
                        .orElseThrow()
                        .openIdUrl())
                .isEqualTo(java.net.URI.create("https://slack.com/openid/connect/"));
    }

    @Test
    void bad_console_settings_stop_start_up_naming_the_setting() {
        for (Map.Entry<String, String> bad : Map.of(
                        "LUCY_CONSOLE_TOKEN", "short",
                        "LUCY_CONSOLE_PORT", "70000",
                        "LUCY_TRACE_RETENTION", "0s",
                        "LUCY_TRACES", "maybe",
                        "LUCY_CONSOLE_URL", "lucy-console.example.com")
                .entrySet()) {
            assertThatThrownBy(() -> ConfigLoader.load(Map.of(bad.getKey(), bad.getValue())))
                    .as(bad.toString())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(bad.getKey());
        }
    }
}
