package dev.lucy.bench;

import dev.lucy.bench.baseline.ScenarioDriver;

/**
 * How a load bench's warm-up went: rounds run, and the JIT compiler's time in the last one against its wall time. One
 * round opens the connections and compiles the hottest code; the JIT compiler goes on compiling the long tail for
 * many more, so {@link #AUTO} repeats rounds until the compiler is busy less than a tenth of one (the steady state of
 * a process that has served for a while).
 */
record WarmUp(int rounds, long lastRoundJitMillis, long lastRoundMillis) {
    /** The rounds option meaning: until the JIT compiler settles. */
    static final int AUTO = -1;

    static final WarmUp NONE = new WarmUp(0, 0, 0);

    /** One warm-up round, numbered from 1, and what it measured. */
    @FunctionalInterface
    interface Round {
        WarmUp run(int round) throws InterruptedException;
    }

    /** The work of one round, measured in this JVM by {@link #timed}. */
    @FunctionalInterface
    interface Work {
        void run() throws InterruptedException;
    }

    /** How many rounds {@code option} allows: itself, or {@code max} for {@link #AUTO}. */
    static int limit(int option, int max) {
        return option == AUTO ? max : option;
    }

    /**
     * Runs {@code option} rounds, or with {@link #AUTO} until one {@linkplain #settled() settles}, at most {@code
     * max}; where this JVM does not time its compiler, auto stops after {@code untimed} rounds.
     */
    static WarmUp repeat(int option, int max, int untimed, Round round) throws InterruptedException {
        boolean timed = ScenarioDriver.jitTimed();
        WarmUp done = NONE;
        for (int r = 1; r <= limit(option, max); r++) {
            done = round.run(r);
            if (option == AUTO && (timed ? done.settled() : r == untimed)) {
                break;
            }
        }
        return done;
    }

    /** Round {@code round}: {@code work}, with this JVM's JIT compiler time and the wall time it took. */
    static WarmUp timed(int round, Work work) throws InterruptedException {
        long jitBefore = ScenarioDriver.compilationMillis();
        long start = System.nanoTime();
        work.run();
        return new WarmUp(
                round, ScenarioDriver.compilationMillis() - jitBefore, (System.nanoTime() - start) / 1_000_000);
    }

    /** Whether the compiler was busy less than a tenth of the last round. */
    boolean settled() {
        return lastRoundJitMillis * 10 < lastRoundMillis;
    }

    /**
     * Reads a rounds option called {@code name}: a positive number, or {@code auto} (and no value) for {@link #AUTO}.
     */
    static int parse(String option, String name) {
        if (option == null || option.equals("auto")) {
            return AUTO;
        }
        try {
            int rounds = Integer.parseInt(option.strip());
            if (rounds > 0) {
                return rounds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive number or auto, not '" + option + "'");
    }
}
