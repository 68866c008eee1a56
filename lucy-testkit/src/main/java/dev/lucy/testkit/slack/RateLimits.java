package dev.lucy.testkit.slack;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which Web API methods the simulator rate limits, and how hard. Immutable; switch per test with
 * {@link SlackSimulator#rateLimits(RateLimits)}. Over the limit a call gets HTTP 429, {@code Retry-After} in whole
 * seconds and {@code {"ok":false,"error":"ratelimited"}}, as Slack answers.
 *
 * <p>The default is {@link #off()}: most tests are not about rate limits. {@link #slackTiers()} applies Slack's
 * published tier floors per method and workspace, and about one {@code chat.postMessage} per second per channel.
 */
public final class RateLimits {
    /** Slack's rate-limit tiers and their published floors, in calls per minute. */
    public enum Tier {
        TIER_1(1),
        TIER_2(20),
        TIER_3(50),
        TIER_4(100),
        /** Methods with their own rules; the simulator does not limit them by tier. */
        SPECIAL(0);

        private final int perMinute;

        Tier(int perMinute) {
            this.perMinute = perMinute;
        }

        /** Calls per minute Slack allows at least. */
        public int perMinute() {
            return perMinute;
        }
    }

    /**
     * A fixed-window limit.
     *
     * @param permits calls allowed per window
     * @param window the window length
     * @param perChannel true to count each channel apart (as Slack does for {@code chat.postMessage})
     */
    public record Limit(int permits, Duration window, boolean perChannel) {
        public Limit {
            if (permits < 1) {
                throw new IllegalArgumentException("permits must be at least 1, was " + permits);
            }
            Objects.requireNonNull(window, "window");
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("window must be positive, was " + window);
            }
        }
    }

    private static final Map<String, Tier> TIERS = Map.ofEntries(
            Map.entry("apps.connections.open", Tier.TIER_1),
            Map.entry("auth.test", Tier.SPECIAL),
            Map.entry("chat.postMessage", Tier.SPECIAL),
            Map.entry("chat.update", Tier.TIER_3),
            Map.entry("chat.delete", Tier.TIER_3),
            Map.entry("chat.postEphemeral", Tier.TIER_4),
            Map.entry("reactions.add", Tier.TIER_3),
            Map.entry("reactions.remove", Tier.TIER_2),
            Map.entry("conversations.replies", Tier.TIER_3),
            Map.entry("conversations.history", Tier.TIER_3),
            Map.entry("users.info", Tier.TIER_4),
            Map.entry("conversations.list", Tier.TIER_2),
            Map.entry("conversations.info", Tier.TIER_3),
            Map.entry("conversations.members", Tier.TIER_4),
            Map.entry("assistant.threads.setStatus", Tier.TIER_3),
            Map.entry("assistant.threads.setSuggestedPrompts", Tier.TIER_3),
            Map.entry("assistant.threads.setTitle", Tier.TIER_3),
            Map.entry("chat.startStream", Tier.TIER_2),
            Map.entry("chat.appendStream", Tier.TIER_4),
            Map.entry("chat.stopStream", Tier.TIER_2),
            Map.entry("files.getUploadURLExternal", Tier.TIER_4),
            Map.entry("files.completeUploadExternal", Tier.TIER_4),
            Map.entry("files.info", Tier.TIER_4),
            Map.entry("views.publish", Tier.TIER_4));

    /** {@code chat.postMessage}: about one per second per channel, with short bursts. */
    public static final Limit POST_MESSAGE_PER_CHANNEL = new Limit(3, Duration.ofSeconds(3), true);

    private static final RateLimits OFF = new RateLimits(Map.of());

    private final Map<String, Limit> limits;

    private RateLimits(Map<String, Limit> limits) {
        this.limits = Map.copyOf(limits);
    }

    /** No method is limited. The default. */
    public static RateLimits off() {
        return OFF;
    }

    /** Every method at its Slack tier floor; {@code chat.postMessage} per channel. */
    public static RateLimits slackTiers() {
        Map<String, Limit> limits = new HashMap<>();
        TIERS.forEach((method, tier) -> {
            if (tier != Tier.SPECIAL) {
                limits.put(method, new Limit(tier.perMinute(), Duration.ofMinutes(1), false));
            }
        });
        limits.put("chat.postMessage", POST_MESSAGE_PER_CHANNEL);
        return new RateLimits(limits);
    }

    /** The tier Slack documents for a method the simulator serves. */
    public static Optional<Tier> tierOf(String method) {
        return Optional.ofNullable(TIERS.get(method));
    }

    /** A copy that limits {@code method} to {@code permits} calls per {@code window} per workspace. */
    public RateLimits with(String method, int permits, Duration window) {
        return with(method, new Limit(permits, window, false));
    }

    /** A copy with {@code limit} for {@code method}. */
    public RateLimits with(String method, Limit limit) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(limit, "limit");
        Map<String, Limit> copy = new HashMap<>(limits);
        copy.put(method, limit);
        return new RateLimits(copy);
    }

    /** A copy where {@code method} is not limited. */
    public RateLimits without(String method) {
        Map<String, Limit> copy = new HashMap<>(limits);
        copy.remove(method);
        return new RateLimits(copy);
    }

    /** The limit for a method, when it has one. */
    public Optional<Limit> limitFor(String method) {
        return Optional.ofNullable(limits.get(method));
    }

    @Override
    public String toString() {
        return "RateLimits" + limits;
    }
}
