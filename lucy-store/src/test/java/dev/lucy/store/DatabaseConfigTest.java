package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

    @Test
    void the_default_is_one_sqlite_file_in_the_data_directory() {
        DatabaseConfig config = DatabaseConfig.sqlite(Path.of("data"));

        assertThat(config.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(config.sqliteFile()).contains(Path.of("data", "lucy.db"));
        assertThat(config.maxPoolSize()).isEqualTo(DatabaseConfig.DEFAULT_SQLITE_POOL_SIZE);
    }

    @Test
    void accepts_the_postgres_url_form_hosts_hand_out_and_never_prints_the_password() {
        DatabaseConfig config = DatabaseConfig.builder("postgres://lucy:s3cr%40t@db.internal:5432/lucy")
                .build();

        assertThat(config.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(config.url()).isEqualTo("jdbc:postgresql://db.internal:5432/lucy");
        assertThat(config.username()).contains("lucy");
        assertThat(config.password()).contains("s3cr@t");
        assertThat(config.toString()).doesNotContain("s3cr");
        assertThat(DatabaseConfig.builder("jdbc:postgresql://h/db?user=u&password=hunter2")
                        .build()
                        .toString())
                .doesNotContain("hunter2");
    }

    @Test
    void rejects_unsupported_databases_and_bad_settings_naming_the_field() {
        assertThatThrownBy(() -> DatabaseConfig.builder("jdbc:mysql://h/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql");
        assertThatThrownBy(() -> DatabaseConfig.builder(" ")).hasMessageContaining("url");
        assertThatThrownBy(() -> DatabaseConfig.builder("jdbc:sqlite:x.db")
                        .maxPoolSize(0)
                        .build())
                .hasMessageContaining("maxPoolSize");
        assertThatThrownBy(() -> DatabaseConfig.builder("jdbc:sqlite:x.db")
                        .busyTimeout(Duration.ZERO)
                        .build())
                .hasMessageContaining("busyTimeout");
    }

    @Test
    void to_builder_keeps_every_setting() {
        DatabaseConfig config = DatabaseConfig.builder("jdbc:sqlite:x.db")
                .maxPoolSize(7)
                .busyTimeout(Duration.ofSeconds(3))
                .durability(DatabaseConfig.Durability.POWER_LOSS)
                .build();

        DatabaseConfig copy = config.toBuilder().build();

        assertThat(copy.maxPoolSize()).isEqualTo(7);
        assertThat(copy.busyTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(copy.durability()).isEqualTo(DatabaseConfig.Durability.POWER_LOSS);
    }
}
