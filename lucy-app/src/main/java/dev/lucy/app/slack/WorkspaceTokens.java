package dev.lucy.app.slack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import okhttp3.FormBody;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends each Web API call with the token of the workspace it is about. A call the SDK makes with the routing token
 * (the single {@code SLACK_BOT_TOKEN}, or a stand-in when there is none) goes out with the token of the workspace its
 * channel, person or file belongs to ({@link SlackWorkspaces#tokenFor}); calls made with any other token (the
 * app-level token, a token set on the request) go out unchanged.
 */
final class WorkspaceTokens implements Interceptor {
    /** Request fields that name what a call is about, the most telling first. */
    static final List<String> SUBJECTS =
            List.of("channel", "channel_id", "file", "user", "user_id", "users", "team_id");

    private final String routingToken;
    private final Function<String, String> tokenFor;

    WorkspaceTokens(String routingToken, Function<String, String> tokenFor) {
        this.routingToken = Objects.requireNonNull(routingToken, "routingToken");
        this.tokenFor = Objects.requireNonNull(tokenFor, "tokenFor");
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String auth = request.header("Authorization");
        if (auth == null || !auth.equals("Bearer " + routingToken) || !(request.body() instanceof FormBody form)) {
            return chain.proceed(request);
        }
        String subject = "";
        for (String field : SUBJECTS) {
            for (int i = 0; i < form.size() && subject.isEmpty(); i++) {
                if (form.name(i).equals(field)) {
                    subject = first(form.value(i));
                }
            }
        }
        return chain.proceed(request.newBuilder()
                .header("Authorization", "Bearer " + tokenFor.apply(subject))
                .build());
    }

    /** The subject of a JSON body, for {@link SlackWebApi}. */
    static String subject(JsonNode body) {
        for (String field : SUBJECTS) {
            JsonNode value = body.get(field);
            if (value != null && value.isTextual() && !value.asText().isEmpty()) {
                return first(value.asText());
            }
        }
        return "";
    }

    private static String first(String ids) {
        int comma = ids.indexOf(',');
        return comma < 0 ? ids : ids.substring(0, comma);
    }
}
