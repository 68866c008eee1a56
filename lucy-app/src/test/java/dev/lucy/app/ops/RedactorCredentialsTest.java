package dev.lucy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The log redactor masks every credential lucy-core's detector knows, not only Slack tokens and API keys. */
class RedactorCredentialsTest {
    private final Redactor redactor = Redactor.patternsOnly();

    @Test
    void masks_passwords_in_connection_strings_and_assignments() {
        assertThat(redactor.redact("connecting to postgres://lucy:s3cret-pw@db:5432/lucy with DB_PASSWORD=Hunter2!"))
                .isEqualTo("connecting to postgres://lucy:[redacted]@db:5432/lucy with DB_PASSWORD=[redacted]");
    }

    @Test
    void masks_a_private_key_block_whole() {
        String line =
                "loaded -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY----- ok";

        assertThat(redactor.redact(line)).isEqualTo("loaded [redacted] ok");
    }

    @Test
    void masks_cloud_and_code_host_tokens_keeping_their_prefix() {
        assertThat(redactor.redact("aws AKIAIOSFODNN7EXAMPLE gh ghp_0123456789abcdefghijABCDEFGHIJklmnop"))
                .isEqualTo("aws AKIA[redacted] gh ghp_[redacted]");
    }

    @Test
    void a_password_someone_said_in_chat_does_not_reach_the_log() {
        assertThat(redactor.redact("could not store what U1 said: remember my password is Tr0ub4dor&3"))
                .isEqualTo("could not store what U1 said: remember my password is [redacted]");
    }
}
