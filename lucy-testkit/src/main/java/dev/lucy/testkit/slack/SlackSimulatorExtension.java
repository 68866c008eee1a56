package dev.lucy.testkit.slack;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.support.TypeBasedParameterResolver;

/**
 * Starts a fresh {@link SlackSimulator} before each test and closes it after.
 *
 * <pre>{@code
 * @ExtendWith(SlackSimulatorExtension.class)
 * class MyBotTest {
 *     @Test
 *     void replies(SlackSimulator slack) { ... }
 * }
 *
 * // or, to configure it:
 * @RegisterExtension
 * final SlackSimulatorExtension slack = SlackSimulatorExtension.with(b -> b.user("carol").channel("ops"));
 * }</pre>
 */
public final class SlackSimulatorExtension extends TypeBasedParameterResolver<SlackSimulator>
        implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SlackSimulatorExtension.class);

    private final UnaryOperator<SlackSimulator.Builder> configuration;
    private volatile SlackSimulator current;

    /** With the defaults of {@link SlackSimulator#builder()}. */
    public SlackSimulatorExtension() {
        this(UnaryOperator.identity());
    }

    private SlackSimulatorExtension(UnaryOperator<SlackSimulator.Builder> configuration) {
        this.configuration = configuration;
    }

    /** With a configured builder. */
    public static SlackSimulatorExtension with(UnaryOperator<SlackSimulator.Builder> configuration) {
        return new SlackSimulatorExtension(Objects.requireNonNull(configuration, "configuration"));
    }

    /** The simulator of the running test. */
    public SlackSimulator simulator() {
        SlackSimulator simulator = current;
        if (simulator == null) {
            throw new IllegalStateException("the Slack simulator runs only during a test");
        }
        return simulator;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        SlackSimulator simulator = configuration.apply(SlackSimulator.builder()).start();
        current = simulator;
        context.getStore(NAMESPACE).put(SlackSimulator.class, (AutoCloseable) simulator);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        current = null;
        AutoCloseable simulator = context.getStore(NAMESPACE).remove(SlackSimulator.class, AutoCloseable.class);
        if (simulator != null) {
            ((SlackSimulator) simulator).close();
        }
    }

    @Override
    public SlackSimulator resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return simulator();
    }
}
