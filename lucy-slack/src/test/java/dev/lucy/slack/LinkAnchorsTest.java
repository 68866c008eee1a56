package dev.lucy.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinkAnchorsTest {
    @Test
    void names_github_pull_requests_issues_commits_and_repositories() {
        assertThat(LinkAnchors.anchor("https://github.com/acme/app/pull/42")).isEqualTo("GitHub PR #42");
        assertThat(LinkAnchors.anchor("https://github.com/acme/app/pull/42/files"))
                .isEqualTo("GitHub PR #42");
        assertThat(LinkAnchors.anchor("https://github.com/acme/app/issues/7")).isEqualTo("GitHub issue #7");
        assertThat(LinkAnchors.anchor("https://github.com/acme/app/commit/0123456789abcdef"))
                .isEqualTo("GitHub commit 0123456");
        assertThat(LinkAnchors.anchor("https://www.github.com/acme/app")).isEqualTo("acme/app on GitHub");
    }

    @Test
    void names_linear_jira_and_confluence() {
        assertThat(LinkAnchors.anchor("https://linear.app/acme/issue/ENG-123/fix-login"))
                .isEqualTo("ENG-123 on Linear");
        assertThat(LinkAnchors.anchor("https://acme.atlassian.net/browse/OPS-77"))
                .isEqualTo("OPS-77 on Jira");
        assertThat(LinkAnchors.anchor(
                        "https://acme.atlassian.net/jira/software/projects/OPS/board?selectedIssue=OPS-9"))
                .isEqualTo("OPS-9 on Jira");
        assertThat(LinkAnchors.anchor("https://acme.atlassian.net/wiki/spaces/ENG/pages/123/Release+Checklist"))
                .isEqualTo("Release Checklist on Confluence");
    }

    @Test
    void names_google_notion_and_figma_documents() {
        assertThat(LinkAnchors.anchor("https://docs.google.com/document/d/abc/edit"))
                .isEqualTo("Google Doc");
        assertThat(LinkAnchors.anchor("https://docs.google.com/spreadsheets/d/abc"))
                .isEqualTo("Google Sheet");
        assertThat(LinkAnchors.anchor("https://docs.google.com/presentation/d/abc"))
                .isEqualTo("Google Slides");
        assertThat(LinkAnchors.anchor("https://drive.google.com/file/d/abc/view"))
                .isEqualTo("Google Drive file");
        assertThat(LinkAnchors.anchor("https://drive.google.com/drive/folders/abc"))
                .isEqualTo("Google Drive folder");
        assertThat(LinkAnchors.anchor("https://www.notion.so/acme/Q3-Planning-0123456789abcdef0123456789abcdef"))
                .isEqualTo("Q3 Planning on Notion");
        assertThat(LinkAnchors.anchor("https://www.figma.com/design/AbC123/Checkout-Flow?node-id=1"))
                .isEqualTo("Checkout Flow on Figma");
    }

    @Test
    void matches_hosts_exactly_not_as_substrings() {
        assertThat(LinkAnchors.anchor("https://github.com.evil.example/acme/app/pull/1"))
                .isEqualTo("github.com.evil.example");
        assertThat(LinkAnchors.anchor("https://notgithub.com/acme/app/pull/1")).isEqualTo("notgithub.com");
        assertThat(LinkAnchors.anchor("https://evil-atlassian.net/browse/OPS-1"))
                .isEqualTo("evil-atlassian.net");
        assertThat(LinkAnchors.anchor("https://linear.app.evil.example/acme/issue/ENG-1"))
                .isEqualTo("linear.app.evil.example");
    }

    @Test
    void falls_back_to_the_host_name() {
        assertThat(LinkAnchors.anchor("https://www.example.com/some/long/path?q=1"))
                .isEqualTo("example.com");
        assertThat(LinkAnchors.anchor("mailto:ops@example.com")).isEqualTo("ops@example.com");
    }
}
