package dev.lucy.app.ops;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** Whether a person is at this process's terminal: standard input and output both attached to one. */
public final class Terminal {
    private Terminal() {}

    /** True on a terminal; false when either stream is redirected (a container, a service, a pipe, a test). */
    public static boolean attached() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+ hands out a console for redirected streams too; isTerminal() tells them apart.
            return (boolean) MethodHandles.publicLookup()
                    .findVirtual(java.io.Console.class, "isTerminal", MethodType.methodType(boolean.class))
                    .invoke(console);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return true; // Java 21: a console exists only on a terminal
        } catch (Throwable e) {
            return false;
        }
    }
}
