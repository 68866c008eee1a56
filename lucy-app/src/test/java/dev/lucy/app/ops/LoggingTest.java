package dev.lucy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.app.config.LogFormat;
import dev.lucy.app.config.LucyConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs through SLF4J into the real logback.xml and reads what reaches standard error. */
class LoggingTest {
    private static final String BOT = "xoxb-1111-2222-abcdefABCDEF";
    private static final String APP = "xapp-1-A111-2222-abcdef";
    private static final String MODEL_KEY = "local-model-key-7f3a9c";
    private static final String OTHER_KEY = "sk-or-v1-0123456789abcdef";

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStandardError() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(originalErr);
        LogSetup.apply(context, LucyConfig.builder().logFormat(LogFormat.TEXT).build());
    }

    @Test
    void json_lines_carry_message_level_and_stack_trace_with_every_credential_masked() throws Exception {
        LogSetup.apply(context, config(LogFormat.JSON, "INFO"));
        Logger log = LoggerFactory.getLogger("dev.lucy.app.LoggingTest");

        log.info("Connecting with {} and {} using key {}", BOT, APP, MODEL_KEY);
        log.warn(
                "Model call failed",
                new IllegalStateException("401 for Authorization: Bearer " + OTHER_KEY + " (" + MODEL_KEY + ")"));

        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        String all = String.join("\n", lines);
        assertThat(all).doesNotContain(BOT, APP, MODEL_KEY, OTHER_KEY);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("logger_name").asText()).isEqualTo("dev.lucy.app.LoggingTest");
        assertThat(first.get("message").asText())
                .isEqualTo("Connecting with xoxb-[redacted] and xapp-[redacted] using key [redacted]");
        JsonNode second = json.readTree(lines.get(1));
        assertThat(second.get("level").asText()).isEqualTo("WARN");
        assertThat(second.get("stack_trace").asText())
                .contains("IllegalStateException: 401 for Authorization: Bearer [redacted] ([redacted])");
    }

    @Test
    void the_libraries_system_logger_records_come_out_as_the_bots_own_lines_with_credentials_masked() throws Exception {
        LogSetup.apply(context, config(LogFormat.JSON, "INFO"));
        // lucy-core, -memory, -store and -tools log through the JDK's System.Logger, not SLF4J
        System.Logger library = System.getLogger("dev.lucy.memory.LoggingTest");

        library.log(System.Logger.Level.WARNING, "extraction refused by the model for key " + MODEL_KEY);
        library.log(System.Logger.Level.DEBUG, "below the bot's level");

        List<String> lines = lines();
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("logger_name").asText()).isEqualTo("dev.lucy.memory.LoggingTest");
        assertThat(line.get("message").asText()).isEqualTo("extraction refused by the model for key [redacted]");
    }

    @Test
    void text_lines_mask_credentials_in_messages_and_stack_traces() {
        LogSetup.apply(context, config(LogFormat.TEXT, "INFO"));
        Logger log = LoggerFactory.getLogger("dev.lucy.app.LoggingTest");

        log.error("Socket refused {}", APP, new IllegalStateException("token " + BOT + " revoked"));

        String out = err.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain(BOT, APP);
        assertThat(out).contains("ERROR", "Socket refused xapp-[redacted]");
        assertThat(out).contains("IllegalStateException: token xoxb-[redacted] revoked");
        assertThat(out.strip()).doesNotStartWith("{");
    }

    @Test
    void the_configured_level_filters_lines() {
        LogSetup.apply(context, config(LogFormat.TEXT, "WARN"));
        Logger log = LoggerFactory.getLogger("dev.lucy.app.LoggingTest");

        log.info("routine detail");
        log.warn("something to look at");

        String out = err.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("something to look at").doesNotContain("routine detail");
    }

    @Test
    void auto_writes_json_when_standard_error_is_not_a_terminal() throws Exception {
        LogSetup.apply(context, config(LogFormat.AUTO, "INFO"));

        LoggerFactory.getLogger("dev.lucy.app.LoggingTest").info("hello from a pipe");

        JsonNode line = new ObjectMapper().readTree(lines().get(0));
        assertThat(line.get("message").asText()).isEqualTo("hello from a pipe");
    }

    private static LucyConfig config(LogFormat format, String level) {
        return LucyConfig.builder()
                .slackBotToken(BOT)
                .slackAppToken(APP)
                .modelApiKey(MODEL_KEY)
                .logFormat(format)
                .logLevel(level)
                .build();
    }

    private List<String> lines() {
        return err.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> !l.isBlank())
                .toList();
    }
}
