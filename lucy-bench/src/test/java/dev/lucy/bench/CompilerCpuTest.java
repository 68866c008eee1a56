package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.lucy.bench.baseline.ScenarioDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CompilerCpuTest {
    @Test
    void the_compiler_threads_have_used_some_but_not_more_than_all_of_this_processes_cpu() {
        assumeThat(Files.isDirectory(Path.of("/proc/self/task"))).as("Linux").isTrue();

        long compiler = CompilerCpu.nanos().orElseThrow();
        long process = ScenarioDriver.processCpuNanos();

        assertThat(compiler)
                .as("a JVM that has run tests has compiled code")
                .isPositive()
                .isLessThan(process);
    }

    @Test
    void a_process_that_does_not_exist_has_no_figure() {
        assertThat(CompilerCpu.nanos(Long.MAX_VALUE)).isEmpty();
    }
}
