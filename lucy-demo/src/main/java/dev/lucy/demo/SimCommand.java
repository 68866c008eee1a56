package dev.lucy.demo;

import dev.lucy.app.Subcommand;
import dev.lucy.app.cli.Values;
import dev.lucy.testkit.StandaloneServers;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./lucy sim SERVER [options]}: one of the testkit's loopback servers, served until the process stops. */
public final class SimCommand implements Subcommand {
    static final int USAGE = 2;

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public CommandLine command(PrintStream out, PrintStream err) {
        return new CommandLine(new Sim(out, err));
    }

    @Command(
            name = "sim",
            synopsisSubcommandLabel = "SERVER",
            commandListHeading = "%nServers:%n",
            description = {
                "Run a simulator on 127.0.0.1 until stopped: sim slack, sim model-server or sim postgres.",
                "Each prints how to reach it (URLs, tokens, a database URL); stop it with Ctrl-C."
            },
            subcommands = HelpCommand.class)
    static final class Sim implements Callable<Integer> {
        private final PrintStream out;
        private final PrintStream err;

        @Spec
        CommandSpec spec;

        Sim(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        /** {@code ./lucy sim} alone: the servers it can run, as a usage error. */
        @Override
        public Integer call() {
            spec.commandLine().usage(err);
            return USAGE;
        }

        @Command(
                name = "slack",
                description = {
                    "The Slack simulator: Web API and Socket Mode, a team with the bot and users alice and bob in"
                            + " #general.",
                    "Point SLACK_BOT_TOKEN, SLACK_APP_TOKEN and the Web API URL it prints at it; post as a user"
                            + " with POST /sim/post."
                })
        int slack(@Mixin ListenPort listen) {
            return StandaloneServers.slack(listen.port, out, err);
        }

        @Command(
                name = "model-server",
                description = {
                    "The scripted OpenAI-compatible model server; it echoes the last user message.",
                    "Prints its base URL (LUCY_MODEL_BASE_URL); it needs no API key."
                })
        int modelServer(
                @Mixin ListenPort listen,
                @Option(
                                names = "--model",
                                paramLabel = "NAME",
                                description = "A model id it offers; repeat for several (default: its one model).")
                        List<String> models) {
            return StandaloneServers.modelServer(
                    listen.port, models == null ? List.of() : new ArrayList<>(models), out, err);
        }

        @Command(
                name = "postgres",
                description = {
                    "PostgreSQL on loopback with an empty database lucy, to try several replicas on one machine.",
                    "Prints the LUCY_DATABASE_URL to give each replica; its data is deleted when it stops."
                })
        int postgres() {
            return StandaloneServers.postgres(out, err);
        }
    }

    /** {@code --port N}: where a server listens, 0 for a free port. */
    static final class ListenPort {
        @Option(
                names = "--port",
                paramLabel = "N",
                defaultValue = "0",
                converter = Values.Port.class,
                description = "The port to listen on; 0 takes a free one.")
        int port;
    }
}
