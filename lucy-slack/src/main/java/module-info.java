/** Lucy's standalone Slack output: Markdown to mrkdwn, Block Kit and markdown blocks, within Slack's limits. */
module dev.lucy.slack {
    requires org.commonmark;
    requires org.commonmark.ext.gfm.tables;
    requires org.commonmark.ext.gfm.strikethrough;
    requires org.commonmark.ext.task.list.items;
    requires org.commonmark.ext.autolink;

    exports dev.lucy.slack;
}
