package dev.lucy.testkit.model;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
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
 * server. Test methods and lifecycle methods may take a {@link ScriptedModelServer} parameter.
 */
public final class ModelServerExtension extends TypeBasedParameterResolver<ScriptedModelServer>
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final ScriptedModelServer.Builder builder;
    private final ReentrantLock lock = new ReentrantLock();
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
        lock.lock();
        try {
            if (server == null) {
                server = builder.start();
            }
            return server;
        } finally {
            lock.unlock();
        }
    }

    /** The running server's base URL, {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return server().baseUrl();
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
            if (server != null) {
                server.close();
                server = null;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ScriptedModelServer resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server();
    }
}
