package dev.lucy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TestDatabasesTest {
    @RegisterExtension
    final TestDatabases databases = TestDatabases.sqlite();

    @Test
    void each_fresh_sqlite_database_is_a_new_file_in_the_tests_own_directory() {
        TestDatabases.Coordinates first = databases.fresh();
        TestDatabases.Coordinates second = databases.fresh();

        assertThat(first.jdbcUrl()).startsWith("jdbc:sqlite:").isNotEqualTo(second.jdbcUrl());
        Path directory =
                Path.of(first.jdbcUrl().substring("jdbc:sqlite:".length())).getParent();
        assertThat(directory)
                .isDirectory()
                .isEqualTo(Path.of(second.jdbcUrl().substring("jdbc:sqlite:".length()))
                        .getParent());
        assertThat(Files.exists(Path.of(first.jdbcUrl().substring("jdbc:sqlite:".length()))))
                .isFalse();
        assertThat(first.user()).isEmpty();
    }

    @Test
    void outside_a_test_it_says_how_to_register_it() {
        assertThatThrownBy(() -> TestDatabases.postgres().fresh())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@RegisterExtension");
    }
}
