package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.tools.spi.ConnectionResolver.Missing;
import dev.lucy.tools.spi.ConnectionResolver.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connections are kept per workspace and per person: one never counts for another. */
class ConnectionsTest {
    private static final Caller ANA = new Caller("T1", "U-ana", "C1:1");
    private static final Caller BEN = new Caller("T1", "U-ben", "C2:1");
    /** The same person id in a workspace whose id starts like T1's. */
    private static final Caller ANA_ELSEWHERE = new Caller("T10", "U-ana", "C9:1");

    private final Connections connections = Connections.withConnectUrl(
            (caller, provider) -> "https://lucy.example.com/connect/" + provider + "?team=" + caller.workspaceId());

    @Test
    void a_workspace_connection_holds_for_everyone_there_and_for_nobody_elsewhere() {
        connections.connectWorkspace("T1", "zendesk");

        assertThat(connections.status(ANA, "zendesk")).isEqualTo(Status.CONNECTED);
        assertThat(connections.status(BEN, "zendesk")).isEqualTo(Status.CONNECTED);
        assertThat(connections.status(ANA_ELSEWHERE, "zendesk"))
                .isEqualTo(new Missing("zendesk", "https://lucy.example.com/connect/zendesk?team=T10"));
    }

    @Test
    void a_personal_connection_holds_for_that_person_in_that_workspace_only() {
        connections.connectUser("T1", "U-ana", "github");

        assertThat(connections.status(ANA, "github")).isEqualTo(Status.CONNECTED);
        assertThat(connections.status(BEN, "github")).isInstanceOf(Missing.class);
        assertThat(connections.status(ANA_ELSEWHERE, "github")).isInstanceOf(Missing.class);
    }

    @Test
    void disconnecting_in_one_workspace_leaves_other_workspaces_and_providers_and_says_which_changed() {
        List<String> changed = new ArrayList<>();
        connections.onChange(changed::add);
        connections.connectWorkspace("T1", "zendesk");
        connections.connectUser("T1", "U-ben", "zendesk");
        connections.connectWorkspace("T10", "zendesk");
        connections.connectWorkspace("T1", "desk");

        connections.disconnect("T1", "zendesk");

        assertThat(connections.status(ANA, "zendesk")).isInstanceOf(Missing.class);
        assertThat(connections.status(BEN, "zendesk")).isInstanceOf(Missing.class);
        assertThat(connections.status(ANA_ELSEWHERE, "zendesk")).isEqualTo(Status.CONNECTED);
        assertThat(connections.status(ANA, "desk")).isEqualTo(Status.CONNECTED);
        assertThat(changed).containsExactly("T1", "T1", "T10", "T1", "T1");
    }
}
