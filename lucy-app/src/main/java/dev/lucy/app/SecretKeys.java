package dev.lucy.app;

import dev.lucy.app.config.LucyConfig;
import dev.lucy.core.LucyException;
import dev.lucy.store.SecretBox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that seals people's MCP tokens at rest: {@code LUCY_SECRET_KEY} when set, else the key file {@value
 * #FILE} in the data directory, made on first use with a random key and readable by its owner only (0600).
 */
final class SecretKeys {
    static final String FILE = "secret.key";

    private static final Logger log = LoggerFactory.getLogger(SecretKeys.class);

    private SecretKeys() {}

    /** The box for {@code config}: its key, or the data directory's key file. */
    static SecretBox box(LucyConfig config) {
        if (config.secretKey().isPresent()) {
            return SecretBox.of(LucyConfig.secretKeyBytes(config.secretKey().get()));
        }
        return fromFile(config.dataDir().resolve(FILE));
    }

    /** The key in {@code file}, made there first when there is none. */
    static SecretBox fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            byte[] key;
            try {
                key = Base64.getDecoder()
                        .decode(Files.readString(file, StandardCharsets.US_ASCII)
                                .strip());
            } catch (IllegalArgumentException e) {
                key = new byte[0];
            }
            if (key.length != SecretBox.KEY_BYTES) {
                throw LucyException.permanent("the key file " + file + " is damaged (it must hold 32 bytes in"
                        + " base64); restore it, or set LUCY_SECRET_KEY");
            }
            return SecretBox.of(key);
        } catch (IOException e) {
            throw LucyException.permanent("the key file " + file + " cannot be read or made ("
                    + e.getClass().getSimpleName() + "); set LUCY_SECRET_KEY instead");
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] encoded =
                (Base64.getEncoder().encodeToString(SecretBox.newKey()) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            return; // another process made it first: use theirs
        }
        Files.write(file, encoded, StandardOpenOption.TRUNCATE_EXISTING);
        log.info(
                "made a new secret key for people's MCP tokens in {} (keep it: without it they must connect again)",
                file);
    }
}
