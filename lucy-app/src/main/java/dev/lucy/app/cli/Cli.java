package dev.lucy.app.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every {@code ./lucy} command reads its arguments and answers a mistake, whichever module defines it (lucy-app's
 * commands, lucy-demo's {@code demo} and {@code sim}, lucy-bench's benchmarks):
 *
 * <ul>
 *   <li>every command and subcommand takes {@code -h}/{@code --help}: usage with descriptions and defaults, options
 *       in alphabetical order, on standard output, exit code {@value #OK};
 *   <li>a usage error (an unknown option or command, a missing or bad value) prints one line to standard error that
 *       names the command, the problem, the closest option or command when one is near, and where the help is;
 *       exit code {@value #USAGE};
 *   <li>a command that fails prints one line, never a stack trace; exit code {@value #FAILED} (or the command's
 *       own code).
 * </ul>
 *
 * <p>A command's {@code Callable<Integer>} returns its exit code; to report a usage error found while it runs, it
 * throws {@link ParameterException}. Stateless; the command tree it configures is used by one thread.
 */
public final class Cli {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command failed. */
    public static final int FAILED = 1;
    /** The command line was wrong: an unknown option or command, a missing or bad value. */
    public static final int USAGE = 2;

    /** Columns of the usage help. */
    static final int WIDTH = 100;

    /** Columns of the longest option name and its value before the description moves to the next line. */
    static final int LONG_OPTIONS_WIDTH = 32;

    private static final String HELP_DESCRIPTION = "Show this help and exit.";

    private Cli() {}

    /**
     * Runs {@code line} with {@code args} as {@code ./lucy} does (see the class comment) and returns the exit code.
     * Configures the whole tree first, so call it once the tree has all its subcommands.
     */
    public static int execute(CommandLine line, List<String> args, PrintStream out, PrintStream err) {
        return configure(line, out, err).execute(args.toArray(String[]::new));
    }

    /**
     * Readies a complete command tree: help on every command, defaults in the usage, the streams, the one-line usage
     * errors, and values that say plainly what they need. Returns {@code line}.
     */
    public static CommandLine configure(CommandLine line, PrintStream out, PrintStream err) {
        withHelp(line, new HashSet<>());
        line.setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF))
                .setUsageHelpWidth(WIDTH)
                .setUsageHelpLongOptionsMaxWidth(LONG_OPTIONS_WIDTH)
                .setOverwrittenOptionsAllowed(true)
                .setParameterExceptionHandler((e, args) -> usageError(e))
                .setExecutionExceptionHandler((e, command, parsed) -> failure(e, command))
                .registerConverter(Integer.class, Values::integer)
                .registerConverter(Integer.TYPE, Values::integer)
                .registerConverter(Long.class, Values::whole)
                .registerConverter(Long.TYPE, Values::whole)
                .registerConverter(Double.class, Values::decimal)
                .registerConverter(Double.TYPE, Values::decimal);
        return line;
    }

    /**
     * What a message about {@code command} starts with: {@code lucy memory list}, as a person would type it, without
     * the {@code ./} of the script.
     */
    public static String label(CommandSpec command) {
        String name = command.qualifiedName(" ");
        return name.startsWith("./") ? name.substring(2) : name;
    }

    /** How a person asks for the help of {@code command}: {@code ./lucy memory list --help}. */
    static String helpFor(CommandSpec command) {
        return command.qualifiedName(" ") + " --help";
    }

    private static void withHelp(CommandLine line, Set<CommandLine> done) {
        if (!done.add(line)) {
            return;
        }
        CommandSpec spec = line.getCommandSpec();
        UsageMessageSpec usage = spec.usageMessage().showDefaultValues(true).sortOptions(true);
        // the same headings everywhere, unless a command names its own (sim's "Servers:")
        if (usage.parameterListHeading().isEmpty()) {
            usage.parameterListHeading("%nParameters:%n");
        }
        if (usage.optionListHeading().isEmpty()) {
            usage.optionListHeading("%nOptions:%n");
        }
        if (usage.commandListHeading().equals("Commands:%n")) {
            usage.commandListHeading("%nCommands:%n");
        }
        if (spec.findOption("--help") == null && spec.findOption("-h") == null) {
            spec.addOption(OptionSpec.builder("-h", "--help")
                    .usageHelp(true)
                    .description(HELP_DESCRIPTION)
                    .build());
        }
        for (CommandLine sub : line.getSubcommands().values()) {
            withHelp(sub, done);
        }
    }

    private static int usageError(ParameterException e) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(label(command.getCommandSpec()) + ": " + problem(e) + " (" + helpFor(command.getCommandSpec())
                + " shows the usage)");
        err.flush();
        return USAGE;
    }

    private static int failure(Exception e, CommandLine command) {
        PrintWriter err = command.getErr();
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        err.println(label(command.getCommandSpec()) + ": " + firstLine(message));
        err.flush();
        return FAILED;
    }

    /** The problem in words that follow the command's name, on one line. */
    public static String problem(ParameterException e) {
        CommandSpec command = e.getCommandLine().getCommandSpec();
        // a mistyped option is the first thing to fix, even when picocli noticed a missing one first
        List<String> unmatched = e instanceof UnmatchedArgumentException u
                ? u.getUnmatched()
                : e.getCommandLine().getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
            String first = unmatched.get(0);
            if (first.startsWith("-") && first.length() > 1 && !first.matches("-\\d.*")) {
                return "unknown option '" + first + "'" + suggestion(first, optionNames(command));
            }
            if (!command.subcommands().isEmpty()) {
                return "unknown " + subcommandNoun(command) + " '" + first + "'"
                        + suggestion(first, visibleSubcommands(command));
            }
            return "unexpected argument '" + first + "'";
        }
        if (e instanceof MissingParameterException missing
                && !missing.getMissing().isEmpty()) {
            ArgSpec arg = missing.getMissing().get(0);
            if (e.getMessage().startsWith("Missing required parameter for option")) {
                return name(arg) + " needs a value";
            }
            return "needs " + describe(arg);
        }
        if (e.getCause() instanceof TypeConversionException conversion && e.getArgSpec() != null) {
            return name(e.getArgSpec()) + " " + conversion.getMessage();
        }
        return firstLine(lowerFirst(e.getMessage()));
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec option ? option.longestName() : ((PositionalParamSpec) arg).paramLabel();
    }

    private static String describe(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            return option.longestName() + (option.typeInfo().isBoolean() ? "" : " " + option.paramLabel());
        }
        return ((PositionalParamSpec) arg).paramLabel();
    }

    /** {@code COMMAND} becomes "command", {@code SERVER} "server": what the words after this command name. */
    private static String subcommandNoun(CommandSpec command) {
        String label = command.usageMessage().synopsisSubcommandLabel().replaceAll("[^A-Za-z-]", "");
        return label.isEmpty() ? "command" : label.toLowerCase(Locale.ROOT);
    }

    private static List<String> optionNames(CommandSpec command) {
        List<String> names = new ArrayList<>();
        for (OptionSpec option : command.options()) {
            if (!option.hidden()) {
                names.add(option.longestName());
            }
        }
        return names;
    }

    private static List<String> visibleSubcommands(CommandSpec command) {
        List<String> names = new ArrayList<>();
        command.subcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                names.add(name);
            }
        });
        return names;
    }

    private static String suggestion(String typed, List<String> candidates) {
        String word = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
        return Suggestions.closest(word, candidates)
                .map(name -> "; did you mean " + name + "?")
                .orElse("");
    }

    private static String lowerFirst(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        // "Unknown subcommand" reads on after the command's name; an acronym or a setting's name stays as it is
        boolean word =
                text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1));
        return word ? Character.toLowerCase(text.charAt(0)) + text.substring(1) : text;
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.endsWith(".") && !line.endsWith("..") ? line.substring(0, line.length() - 1) : line;
    }
}
