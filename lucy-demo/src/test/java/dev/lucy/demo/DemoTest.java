package dev.lucy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo a new user runs first: every scene must show what it promises, through the real app. */
class DemoTest {

    @Test
    void the_demo_plays_every_scene_through_the_real_app_and_says_it_is_a_simulation() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8), Duration.ofMillis(300)).run();

        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("SIMULATED").contains("That was a simulation");
        assertThat(section(shown, "1.", "2.")).contains("model calls: 0").containsPattern("Lucy: \\S");
        assertThat(section(shown, "2.", "3."))
                .containsPattern("Lucy reacted :[a-z_]+:")
                .doesNotContain("Lucy: ");
        assertThat(section(shown, "3.", "4.")).contains("Our Q1 target is *$800K*");
        assertThat(section(shown, "4.", "5."))
                .contains("Added _Write the launch notes_")
                .contains("progress, ")
                .contains("• *Launch*: #1 Write the launch notes");
        assertThat(section(shown, "5.", "6.")).contains("Approval needed").contains("Deleted task #1");
        assertThat(section(shown, "6.", "7."))
                .contains("in the background")
                .contains("Lucy: Working on 1 thing for you:")
                .containsPattern("\"research our launch readiness in the background\": working")
                .contains("Next steps");
        assertThat(section(shown, "7.", "That was"))
                .contains("Scheduled: Every weekday at 09:00 London time; next: ")
                .contains("Scheduled: Once, on ")
                .contains(":alarm_clock: Scheduled: post the open tasks of Launch")
                .contains("*Launch*");
    }

    private static String section(String text, String from, String to) {
        int start = text.indexOf("\n" + from);
        int end = text.indexOf(to, start + 1);
        assertThat(start).as("scene %s is shown", from).isNotNegative();
        return text.substring(start, end < 0 ? text.length() : end);
    }
}
