package dev.lucy.tools;

import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ConnectionResolver;
import dev.lucy.tools.spi.ToolInterceptor;

/**
 * Lets a call through only when the caller has connected the tool's provider; otherwise answers, always in the same
 * words, that a connection is required and where to make it.
 */
final class AuthorizationStage implements ToolInterceptor {
    private final ConnectionResolver connections;

    AuthorizationStage(ConnectionResolver connections) {
        this.connections = connections;
    }

    @Override
    public ToolResult intercept(Chain chain) {
        ToolRequest request = chain.request();
        String provider = request.tool().provider();
        if (provider.equals(Tool.BUILT_IN_PROVIDER)) {
            return chain.proceed(request);
        }
        return switch (connections.status(request.caller(), provider)) {
            case ConnectionResolver.Connected connected -> chain.proceed(request);
            case ConnectionResolver.Missing missing -> connectionRequired(missing);
        };
    }

    static ToolResult connectionRequired(ConnectionResolver.Missing missing) {
        return ToolResult.failure(
                ToolError.CONNECTION_REQUIRED,
                missing.provider() + " is not connected. Tell the user to connect it here: " + missing.connectUrl()
                        + " and then ask again. Do not retry before they have.");
    }
}
