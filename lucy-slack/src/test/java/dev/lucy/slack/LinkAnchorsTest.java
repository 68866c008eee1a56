package dev.lucy.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each case: a link as a user pastes it | the anchor text Lucy shows for it. */
class LinkAnchorsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://github.com/acme/app/pull/42                 | GitHub PR #42
            https://github.com/acme/app/pull/42/files           | GitHub PR #42
            https://github.com/acme/app/issues/7                | GitHub issue #7
            https://github.com/acme/app/commit/0123456789abcdef | GitHub commit 0123456
            https://www.github.com/acme/app                     | acme/app on GitHub
            """)
    void names_github_pull_requests_issues_commits_and_repositories(String link, String anchor) {
        assertThat(LinkAnchors.anchor(link)).isEqualTo(anchor);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://linear.app/acme/issue/ENG-123/fix-login                                 | ENG-123 on Linear
            https://acme.atlassian.net/browse/OPS-77                                        | OPS-77 on Jira
            https://acme.atlassian.net/jira/software/projects/OPS/board?selectedIssue=OPS-9 | OPS-9 on Jira
            https://acme.atlassian.net/wiki/spaces/ENG/pages/123/Release+Checklist          | Release Checklist on Confluence
            """)
    void names_linear_jira_and_confluence(String link, String anchor) {
        assertThat(LinkAnchors.anchor(link)).isEqualTo(anchor);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://docs.google.com/document/d/abc/edit                             | Google Doc
            https://docs.google.com/spreadsheets/d/abc                              | Google Sheet
            https://docs.google.com/presentation/d/abc                              | Google Slides
            https://drive.google.com/file/d/abc/view                                | Google Drive file
            https://drive.google.com/drive/folders/abc                              | Google Drive folder
            https://www.notion.so/acme/Q3-Planning-0123456789abcdef0123456789abcdef | Q3 Planning on Notion
            https://www.figma.com/design/AbC123/Checkout-Flow?node-id=1             | Checkout Flow on Figma
            """)
    void names_google_notion_and_figma_documents(String link, String anchor) {
        assertThat(LinkAnchors.anchor(link)).isEqualTo(anchor);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://github.com.evil.example/acme/app/pull/1  | github.com.evil.example
            https://notgithub.com/acme/app/pull/1            | notgithub.com
            https://evil-atlassian.net/browse/OPS-1          | evil-atlassian.net
            https://linear.app.evil.example/acme/issue/ENG-1 | linear.app.evil.example
            """)
    void matches_hosts_exactly_not_as_substrings(String link, String anchor) {
        assertThat(LinkAnchors.anchor(link)).isEqualTo(anchor);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://www.example.com/some/long/path?q=1 | example.com
            mailto:ops@example.com                     | ops@example.com
            """)
    void falls_back_to_the_host_name(String link, String anchor) {
        assertThat(LinkAnchors.anchor(link)).isEqualTo(anchor);
    }
}
