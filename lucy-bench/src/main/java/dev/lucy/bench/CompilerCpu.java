package dev.lucy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The CPU time a JVM's JIT compiler threads have used, read from Linux's {@code /proc}: what a process spends
 * compiling code rather than serving, which a process that has served for a while no longer pays. HotSpot names
 * them "C1 CompilerThread..." and "C2 CompilerThread..."; the JVM itself does not report their CPU.
 */
final class CompilerCpu {
    /** Linux's clock ticks per second for {@code /proc/.../stat} times (USER_HZ, 100 on every common kernel). */
    private static final long TICKS_PER_SECOND = 100;

    private CompilerCpu() {}

    /** The compiler threads' CPU so far in process {@code pid}, in nanoseconds; empty off Linux. */
    static OptionalLong nanos(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return OptionalLong.empty();
        }
        long ticks = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                ticks += compilerTicks(thread);
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ticks * (1_000_000_000L / TICKS_PER_SECOND));
    }

    /** The compiler threads' CPU so far in this process. */
    static OptionalLong nanos() {
        return nanos(ProcessHandle.current().pid());
    }

    /** A thread's user and system ticks if it is a compiler thread; 0 otherwise or when it has just ended. */
    private static long compilerTicks(Path thread) {
        try {
            String name = Files.readString(thread.resolve("comm")).strip();
            if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
                return 0;
            }
            String stat = Files.readString(thread.resolve("stat"));
            // Fields after the name, which is in parentheses and may hold spaces: state is field 3, utime 14, stime 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
