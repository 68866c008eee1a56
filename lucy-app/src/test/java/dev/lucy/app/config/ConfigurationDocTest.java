package dev.lucy.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The configuration reference and the loader cannot drift apart. */
class ConfigurationDocTest {
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([A-Z][A-Z0-9_]+)`\\s*\\|", Pattern.MULTILINE);

    @Test
    void the_reference_documents_exactly_the_settings_the_loader_reads() throws IOException {
        Path doc = Path.of("..", "docs", "configuration.md");
        Matcher m = ROW.matcher(Files.readString(doc));
        Set<String> documented = new LinkedHashSet<>();
        while (m.find()) {
            assertThat(documented.add(m.group(1)))
                    .as("%s is documented twice", m.group(1))
                    .isTrue();
        }

        assertThat(documented).containsExactlyElementsOf(ConfigLoader.settings());
    }
}
