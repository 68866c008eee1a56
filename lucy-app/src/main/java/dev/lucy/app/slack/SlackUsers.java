package dev.lucy.app.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.User;
import dev.lucy.core.Check;
import dev.lucy.core.LucyException;
import dev.lucy.core.Sleeper;
import dev.lucy.tools.spi.WorkspaceAdmins;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * People's display names from {@code users.info}, cached (Caffeine: bounded, each name kept for a TTL). A lookup
 * that fails (unknown user, Slack unreachable) answers the user id itself and is remembered for at most a
 * minute, so a Slack outage neither breaks a reply nor floods Slack with lookups. Thread safe; blocking on a
 * miss.
 *
 * <p>Also the approvals' {@link WorkspaceAdmins}: {@link #isAdmin} asks {@code users.info} each time (it is asked
 * only when an approval is shown or "always allow" is clicked, and a revoked admin must not keep the power for an
 * hour).
 */
public final class SlackUsers implements WorkspaceAdmins {
    public static final long DEFAULT_MAX_USERS = 10_000;
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    static final Duration FAILURE_TTL = Duration.ofMinutes(1);
    /** How long whether a person is still in the workspace is kept, for the schedules they made. */
    static final Duration ACCESS_TTL = Duration.ofSeconds(30);

    private final MethodsClient methods;
    private final SlackCalls calls;
    private final Cache<String, Name> names;
    private final Cache<String, Optional<User>> profiles;
    private final Cache<String, Optional<String>> access;

    /** {@value #DEFAULT_MAX_USERS} names, each for an hour. */
    public static SlackUsers create(MethodsClient methods) {
        return new SlackUsers(methods, DEFAULT_MAX_USERS, DEFAULT_TTL);
    }

    /**
     * As {@link #create(MethodsClient)} for Lucy in several workspaces: {@code workspaceOf} names a person's workspace
     * ({@link SlackWorkspaces#workspaceOf}, empty when not known), so that Slack's 429 for one workspace's lookups
     * holds that workspace's only.
     */
    public static SlackUsers create(MethodsClient methods, java.util.function.Function<String, String> workspaceOf) {
        return new SlackUsers(
                methods,
                DEFAULT_MAX_USERS,
                DEFAULT_TTL,
                lookups().inWorkspaces(workspaceOf),
                com.github.benmanes.caffeine.cache.Ticker.systemTicker());
    }

    private static SlackCalls lookups() {
        return new SlackCalls(2, Duration.ofSeconds(5), SlackCalls.DEFAULT_BACKOFF, Sleeper.system());
    }

    public SlackUsers(MethodsClient methods, long maxUsers, Duration ttl) {
        this(methods, maxUsers, ttl, lookups(), com.github.benmanes.caffeine.cache.Ticker.systemTicker());
    }

    SlackUsers(
            MethodsClient methods,
            long maxUsers,
            Duration ttl,
            SlackCalls calls,
            com.github.benmanes.caffeine.cache.Ticker ticker) {
        this.methods = Objects.requireNonNull(methods, "methods");
        this.calls = Objects.requireNonNull(calls, "calls");
        if (maxUsers < 1) {
            throw new IllegalArgumentException("maxUsers must be at least 1: " + maxUsers);
        }
        Check.positive(ttl, "ttl");
        long found = ttl.toNanos();
        long failed = Math.min(found, FAILURE_TTL.toNanos());
        this.names = Caffeine.newBuilder()
                .maximumSize(maxUsers)
                .ticker(ticker)
                .expireAfter(
                        Expiry.<String, Name>creating((id, name) -> Duration.ofNanos(name.found() ? found : failed)))
                .build();
        this.profiles = Caffeine.newBuilder()
                .maximumSize(maxUsers)
                .ticker(ticker)
                .expireAfterWrite(FAILURE_TTL)
                .build();
        this.access = Caffeine.newBuilder()
                .maximumSize(maxUsers)
                .ticker(ticker)
                .expireAfterWrite(ACCESS_TTL)
                .build();
    }

    /** The name people see for {@code userId}: display name, else real name, else user name, else the id. */
    public String displayName(String userId) {
        Objects.requireNonNull(userId, "userId");
        if (userId.isBlank()) {
            return userId;
        }
        return names.get(userId, this::lookUp).value();
    }

    /**
     * Whether {@code userId} is an admin or owner of the workspace {@code workspaceId} itself: someone from another
     * organisation in a shared channel is not, whatever their role at home. A lookup that fails answers false.
     */
    @Override
    public boolean isAdmin(String workspaceId, String userId) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(userId, "userId");
        if (userId.isBlank()) {
            return false;
        }
        try {
            var response = calls.run(
                    userId, "users.info", Set.of("user_not_found"), () -> methods.usersInfo(r -> r.user(userId)));
            User user = response.getUser();
            return response.isOk()
                    && user != null
                    && !user.isDeleted()
                    && workspaceId.equals(user.getTeamId())
                    && (user.isAdmin() || user.isOwner() || user.isPrimaryOwner());
        } catch (LucyException e) {
            return false;
        }
    }

    private Name lookUp(String userId) {
        try {
            var response = calls.run(
                    userId, "users.info", Set.of("user_not_found"), () -> methods.usersInfo(r -> r.user(userId)));
            User user = response.getUser();
            if (!response.isOk() || user == null) {
                return new Name(userId, false);
            }
            User.Profile profile = user.getProfile();
            return Stream.of(
                            profile == null ? null : profile.getDisplayName(),
                            profile == null ? null : profile.getRealName(),
                            user.getRealName(),
                            user.getName())
                    .filter(n -> n != null && !n.isBlank())
                    .findFirst()
                    .map(n -> new Name(n, true))
                    .orElse(new Name(userId, false));
        } catch (LucyException e) {
            return new Name(userId, false);
        }
    }

    /** The person's time zone from their Slack profile ({@code tz}), when Slack gives one. */
    public Optional<ZoneId> zoneOf(String userId) {
        return profile(userId).flatMap(user -> {
            try {
                return user.getTz() == null || user.getTz().isBlank()
                        ? Optional.empty()
                        : Optional.of(ZoneId.of(user.getTz()));
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Why {@code userId} can no longer act in {@code workspaceId}, when Slack says so: their account was deactivated or
     * is unknown. Empty when they are there, and when Slack could not be asked (a failing lookup pauses nothing).
     */
    public Optional<String> goneFrom(String workspaceId, String userId) {
        Objects.requireNonNull(userId, "userId");
        // Asked before every scheduled run: kept briefly, so schedules due together ask once per person.
        return access.get(userId, id -> {
            try {
                var response =
                        calls.run(id, "users.info", Set.of("user_not_found"), () -> methods.usersInfo(r -> r.user(id)));
                if (!response.isOk() || response.getUser() == null) {
                    return "user_not_found".equals(response.getError())
                            ? Optional.of("the person who made it is no longer in this workspace")
                            : Optional.empty();
                }
                return response.getUser().isDeleted()
                        ? Optional.of("the person who made it left the workspace")
                        : Optional.empty();
            } catch (LucyException e) {
                return Optional.empty();
            }
        });
    }

    private Optional<User> profile(String userId) {
        Objects.requireNonNull(userId, "userId");
        return profiles.get(userId, id -> {
            try {
                var response =
                        calls.run(id, "users.info", Set.of("user_not_found"), () -> methods.usersInfo(r -> r.user(id)));
                return response.isOk() ? Optional.ofNullable(response.getUser()) : Optional.empty();
            } catch (LucyException e) {
                return Optional.empty();
            }
        });
    }

    private record Name(String value, boolean found) {}
}
