package dev.lucy.app.settings;

import dev.lucy.core.model.ModelTier;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The settings in effect in one channel: the channel's own, else the workspace's, else Lucy's defaults; tools and MCP
 * servers a channel allows are always within what its workspace allows. Immutable.
 *
 * @param instructions extra instructions for the system prompt
 * @param tier the model tier every run uses; empty: Lucy picks per message
 * @param tools the names of the tools allowed (Lucy's own, not MCP servers'); empty: all
 * @param mcpServers the names of the MCP servers whose tools are allowed; empty: all
 * @param joinThreads whether replies in a thread Lucy takes part in reach it without a mention
 * @param quietHours when Lucy posts nothing on its own
 * @param sources where each setting comes from
 */
public record ChannelSettings(
        Optional<String> instructions,
        Optional<ModelTier> tier,
        Optional<Set<String>> tools,
        Optional<Set<String>> mcpServers,
        boolean joinThreads,
        Optional<QuietHours> quietHours,
        Map<SettingKey, Source> sources) {

    /** Where a setting in effect comes from. */
    public enum Source {
        DEFAULT("Lucy's default"),
        WORKSPACE("set for the workspace"),
        CHANNEL("set for this channel");

        private final String words;

        Source(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    public ChannelSettings {
        Objects.requireNonNull(instructions, "instructions");
        Objects.requireNonNull(tier, "tier");
        tools = tools.map(Set::copyOf);
        mcpServers = mcpServers.map(Set::copyOf);
        Objects.requireNonNull(quietHours, "quietHours");
        EnumMap<SettingKey, Source> all = new EnumMap<>(SettingKey.class);
        for (SettingKey key : SettingKey.values()) {
            all.put(key, sources.getOrDefault(key, Source.DEFAULT));
        }
        sources = Map.copyOf(all);
    }

    /** Lucy as configured by its operator: no extra instructions, tiers per message, everything allowed. */
    public static ChannelSettings defaults() {
        return new ChannelSettings(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                true,
                Optional.empty(),
                Map.of());
    }

    /** Whether a run here needs anything beyond Lucy's defaults: instructions, or fewer tools. */
    public boolean shapesRuns() {
        return instructions.isPresent() || tools.isPresent() || mcpServers.isPresent();
    }

    /** Whether {@code at} falls within this channel's quiet hours. */
    public boolean quietAt(Instant at) {
        return quietHours.map(q -> q.contains(at)).orElse(false);
    }

    public Source source(SettingKey key) {
        return sources.get(key);
    }
}
