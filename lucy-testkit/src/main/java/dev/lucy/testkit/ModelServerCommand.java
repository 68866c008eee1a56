package dev.lucy.testkit;

import dev.lucy.testkit.model.ScriptedModelServer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code sim model-server [--port N] [--model NAME]...}: the scripted model server, answering by echo. */
final class ModelServerCommand {
    private ModelServerCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err, CountDownLatch stop) {
        ScriptedModelServer.Builder builder = ScriptedModelServer.builder();
        List<String> models = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 >= args.size() || !(option.equals("--port") || option.equals("--model"))) {
                err.println("lucy sim model-server: unknown or incomplete option '" + option + "'");
                err.println("Usage: ./lucy sim model-server [--port N] [--model NAME]...");
                return TestkitMain.USAGE;
            }
            String value = args.get(++i);
            if (option.equals("--model")) {
                models.add(value);
                continue;
            }
            try {
                builder.port(Integer.parseInt(value));
            } catch (IllegalArgumentException e) {
                err.println("lucy sim model-server: --port needs a port number 0 to 65535, not '" + value + "'");
                return TestkitMain.USAGE;
            }
        }
        if (!models.isEmpty()) {
            builder.models(models.toArray(String[]::new));
        }
        ScriptedModelServer server;
        try {
            server = builder.start();
        } catch (RuntimeException e) {
            err.println("lucy sim model-server: " + e.getMessage());
            return TestkitMain.FAILED;
        }
        out.println(server.baseUrl());
        out.println("Scripted OpenAI-compatible model server; it echoes the last user message. Stop it with Ctrl-C.");
        out.flush();
        return TestkitMain.serveUntilStopped(server::close, stop);
    }
}
