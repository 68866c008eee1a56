package dev.lucy.bench;

/**
 * A benchmark's command-line options: fields annotated with picocli's {@code @Option}, each with its description and
 * default, which both read {@code ./lucy bench NAME ...} and print {@code ./lucy bench NAME --help}. After parsing,
 * {@link #settings()} turns them into what the benchmark runs with.
 *
 * @param <S> the settings the benchmark runs with
 */
interface BenchArgs<S> {

    /**
     * The settings, from the parsed options: defaults that depend on other options filled in, combinations checked.
     *
     * @throws IllegalArgumentException naming the option that does not fit, as a usage error shows it
     */
    S settings();

    /**
     * Options a benchmark reads as they are parsed: their own settings, nothing to fill in or check.
     *
     * @param <A> the options' own class
     */
    abstract class AsParsed<A extends AsParsed<A>> implements BenchArgs<A> {
        @Override
        @SuppressWarnings("unchecked") // A is the subclass itself, as its declaration says
        public final A settings() {
            return (A) this;
        }
    }
}
