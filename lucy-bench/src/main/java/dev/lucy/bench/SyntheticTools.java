package dev.lucy.bench;

import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.SideEffect;
import dev.lucy.tools.Tool;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Realistic filler tools for scale tests: SaaS providers, each with a few resources and the usual actions on them,
 * named and described the way integration catalogues do ({@code zendesk_create_ticket}: "Create a ticket in
 * Zendesk ..."). Deterministic for a given seed.
 */
final class SyntheticTools {
    private static final String[] PROVIDERS = {
        "jira",
        "github",
        "gitlab",
        "bitbucket",
        "linear",
        "asana",
        "trello",
        "monday",
        "clickup",
        "notion",
        "confluence",
        "salesforce",
        "hubspot",
        "pipedrive",
        "zoho_crm",
        "zendesk",
        "freshdesk",
        "intercom",
        "helpscout",
        "servicenow",
        "google_calendar",
        "outlook_calendar",
        "calendly",
        "gmail",
        "outlook_mail",
        "sendgrid",
        "mailchimp",
        "twilio",
        "slack",
        "teams",
        "discord",
        "zoom",
        "webex",
        "dropbox",
        "box",
        "google_drive",
        "onedrive",
        "sharepoint",
        "airtable",
        "google_sheets",
        "smartsheet",
        "stripe",
        "paypal",
        "quickbooks",
        "xero",
        "shopify",
        "woocommerce",
        "bigcommerce",
        "square",
        "docusign",
        "pandadoc",
        "figma",
        "miro",
        "canva",
        "datadog",
        "pagerduty",
        "opsgenie",
        "sentry",
        "newrelic",
        "grafana",
        "aws_s3",
        "gcp_storage",
        "azure_devops",
        "circleci",
        "jenkins",
        "vercel",
        "netlify",
        "cloudflare",
        "okta",
        "auth0",
        "bamboohr",
        "workday",
        "greenhouse",
        "lever",
        "gusto",
        "expensify",
        "typeform",
        "surveymonkey",
        "youtube",
        "spotify",
        "twitter",
        "linkedin",
        "facebook_pages",
        "instagram",
        "reddit",
        "medium",
        "wordpress",
        "webflow",
        "contentful",
        "segment",
        "mixpanel",
        "amplitude",
        "google_analytics",
        "snowflake",
        "bigquery",
        "postgres",
        "mongodb",
        "redis",
        "elasticsearch",
        "openweather",
        "google_maps",
        "uber",
        "doordash",
        "yelp"
    };
    private static final String[] RESOURCES = {
        "issue",
        "pull request",
        "ticket",
        "contact",
        "deal",
        "company",
        "page",
        "database",
        "task",
        "project",
        "event",
        "calendar",
        "email",
        "draft",
        "message",
        "channel",
        "meeting",
        "file",
        "folder",
        "record",
        "table",
        "row",
        "invoice",
        "payment",
        "customer",
        "order",
        "product",
        "subscription",
        "refund",
        "document",
        "envelope",
        "board",
        "comment",
        "incident",
        "alert",
        "dashboard",
        "deployment",
        "build",
        "pipeline",
        "user",
        "group",
        "employee",
        "candidate",
        "job posting",
        "expense report",
        "survey",
        "response",
        "playlist",
        "post",
        "campaign",
        "segment",
        "report",
        "query",
        "bucket",
        "webhook",
        "release",
        "sprint"
    };
    private static final String[][] ACTIONS = {
        {"create", "Create a new %s in %s with the given fields", "WRITE"},
        {"get", "Get one %s from %s by its id, with all its details", "READ"},
        {"list", "List the %ss in %s, newest first, one page at a time", "READ"},
        {"search", "Search %ss in %s by keywords, status or owner", "READ"},
        {"update", "Update fields of an existing %s in %s", "WRITE"},
        {"delete", "Permanently delete a %s from %s", "DESTRUCTIVE"},
        {"archive", "Archive a %s in %s so it no longer shows in active views", "WRITE"},
        {"assign", "Assign a %s in %s to a person or a team", "WRITE"},
        {"comment_on", "Add a comment or note to a %s in %s", "WRITE"},
        {"export", "Export %ss from %s as CSV or JSON for reporting", "READ"}
    };

    private SyntheticTools() {}

    static List<Tool> generate(int count, long seed) {
        Random random = new Random(seed);
        List<Tool> tools = new ArrayList<>(count);
        Set<String> names = new LinkedHashSet<>();
        int guard = 0;
        while (tools.size() < count && guard++ < count * 20) {
            String provider = PROVIDERS[random.nextInt(PROVIDERS.length)];
            String resource = RESOURCES[random.nextInt(RESOURCES.length)];
            String[] action = ACTIONS[random.nextInt(ACTIONS.length)];
            String name = (provider + "_" + action[0] + "_" + resource.replace(' ', '_'));
            if (name.length() > 64 || !names.add(name)) {
                continue;
            }
            String service = pretty(provider);
            tools.add(Tool.builder(name)
                    .description(action[1].formatted(resource, service) + ".")
                    .provider(provider)
                    .tags(provider, resource.replace(' ', '_'), action[0])
                    .sideEffect(SideEffect.valueOf(action[2]))
                    .handler((caller, args) -> ToolResult.success("{}"))
                    .build());
        }
        return tools;
    }

    private static String pretty(String provider) {
        StringBuilder out = new StringBuilder();
        for (String part : provider.split("_")) {
            out.append(Character.toUpperCase(part.charAt(0)))
                    .append(part.substring(1))
                    .append(' ');
        }
        return out.toString().trim();
    }
}
