package dev.lucy.testkit.model;

import static dev.lucy.core.Locks.locked;

import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.support.TypeBasedParameterResolver;

/**
 * Runs a {@link ScriptedModelServer} for JUnit 5 tests.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ModelServerExtension model = new ModelServerExtension();
 *
 * @Test
 * void answers(ScriptedModelServer server) { ... server.baseUrl() ... }
 * }</pre>
 *
 * <p>Registered on a static field (or with {@code @ExtendWith}) one server serves the whole class and is
 * {@linkplain ScriptedModelServer#reset() reset} after each test; on an instance field each test gets its own
 * server. Test methods and lifecycle methods may take a {@link ScriptedModelServer} parameter. {@link #client} hands
 * out Lucy's HTTP model client pointed at the server, closed for you:
 *
 * <pre>{@code
 * private final OpenAiCompatibleChatModel client = model.client(config -> config.defaultModel("primary"));
 * }</pre>
 */
public final class ModelServerExtension extends TypeBasedParameterResolver<ScriptedModelServer>
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final ScriptedModelServer.Builder builder;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<OpenAiCompatibleChatModel> clients = new ArrayList<>();
    private ScriptedModelServer server;
    private boolean perClass;

    /** A server with the defaults. */
    public ModelServerExtension() {
        this(ScriptedModelServer.builder());
    }

    /** A server configured by {@code builder} (which must not change afterwards). */
    public ModelServerExtension(ScriptedModelServer.Builder builder) {
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    /** The running server; started on first use. */
    public ScriptedModelServer server() {
        return locked(lock, () -> {
            if (server == null) {
                server = builder.start();
            }
            return server;
        });
    }

    /** The running server's base URL, {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return server().baseUrl();
    }

    /**
     * Lucy's HTTP model client for the running server: a {@link ModelClientConfig} with the server's base URL, no API
     * key and {@link ScriptedModelServer#DEFAULT_MODEL}, then whatever {@code settings} change. Closed after the test
     * it was made for (made in a test instance's field or a test, it is that test's), before the server resets.
     */
    public OpenAiCompatibleChatModel client(UnaryOperator<ModelClientConfig.Builder> settings) {
        OpenAiCompatibleChatModel client = OpenAiCompatibleChatModel.create(settings.apply(ModelClientConfig.builder()
                        .baseUrl(baseUrl())
                        .noApiKey()
                        .defaultModel(ScriptedModelServer.DEFAULT_MODEL))
                .build());
        lock.lock();
        try {
            clients.add(client);
        } finally {
            lock.unlock();
        }
        return client;
    }

    /** {@link #client(UnaryOperator)} with the defaults. */
    public OpenAiCompatibleChatModel client() {
        return client(UnaryOperator.identity());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        lock.lock();
        try {
            perClass = true;
        } finally {
            lock.unlock();
        }
        server();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        lock.lock();
        try {
            closeClients();
            if (server == null) {
                return;
            }
            if (perClass) {
                server.reset();
            } else {
                server.close();
                server = null;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        lock.lock();
        try {
            closeClients();
            if (server != null) {
                server.close();
                server = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private void closeClients() {
        clients.forEach(OpenAiCompatibleChatModel::close);
        clients.clear();
    }

    @Override
    public ScriptedModelServer resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server();
    }
}
