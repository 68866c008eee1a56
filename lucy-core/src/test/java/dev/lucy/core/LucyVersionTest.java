package dev.lucy.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LucyVersionTest {

    @Test
    void reports_the_version_the_build_stamped() {
        assertThat(LucyVersion.current()).matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?");
    }
}
