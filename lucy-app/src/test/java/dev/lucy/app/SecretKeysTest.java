package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.LucyException;
import dev.lucy.store.SecretBox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key file that seals people's MCP tokens when LUCY_SECRET_KEY is not set. */
class SecretKeysTest {
    @TempDir
    Path dir;

    @Test
    void a_key_file_is_made_once_readable_by_its_owner_only_and_used_again() throws IOException {
        Path file = dir.resolve("data").resolve(SecretKeys.FILE);

        SecretBox first = SecretKeys.fromFile(file);
        SecretBox again = SecretKeys.fromFile(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(again.keyId()).isEqualTo(first.keyId());
        assertThat(again.open(first.seal("oat_token", "row"), "row")).contains("oat_token");
    }

    @Test
    void a_damaged_key_file_is_a_clear_error() throws IOException {
        Path file = dir.resolve(SecretKeys.FILE);
        Files.writeString(file, "not a key");

        assertThatThrownBy(() -> SecretKeys.fromFile(file))
                .isInstanceOf(LucyException.class)
                .hasMessage("the key file " + file + " is damaged (it must hold 32 bytes in base64); restore it, or"
                        + " set LUCY_SECRET_KEY");
    }
}
