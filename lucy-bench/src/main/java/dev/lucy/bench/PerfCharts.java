package dev.lucy.bench;

import dev.lucy.bench.PerfData.Run;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * The charts {@code ./lucy bench plot} draws from {@link PerfData}: bar charts made with JFreeChart and written as
 * SVG by JFreeSVG. The same data gives the same file, so a chart kept in the repository changes only with its data.
 */
final class PerfCharts {
    static final int WIDTH = 900;
    static final int HEIGHT = 480;

    private static final String FONT = "SansSerif";
    private static final Color INK = new Color(0x33, 0x33, 0x33);
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    // Okabe and Ito's colours, which people with any colour vision can tell apart.
    private static final Color BLUE = new Color(0x00, 0x72, 0xB2);
    private static final Color ORANGE = new Color(0xE6, 0x9F, 0x00);
    private static final Color GREEN = new Color(0x00, 0x9E, 0x73);
    private static final Color SKY = new Color(0x56, 0xB4, 0xE9);
    private static final Color VERMILION = new Color(0xD5, 0x5E, 0x00);
    private static final Color GREY = new Color(0x88, 0x88, 0x88);

    private PerfCharts() {}

    /**
     * One chart.
     *
     * @param file the SVG file's name
     * @param what what it shows, for the report
     * @param draw the chart from the data, or empty when the data has no run it draws
     */
    record Chart(String file, String what, Function<PerfData, Optional<JFreeChart>> draw) {}

    /** Every chart, in the order performance.md shows them. */
    static List<Chart> all() {
        return List.of(
                new Chart(
                        "latency-under-load.svg",
                        "latency percentiles under load (runtime-load, load)",
                        PerfCharts::latencyUnderLoad),
                new Chart(
                        "lucy-vs-langchain4j-cpu.svg",
                        "CPU per agent turn, Lucy against LangChain4j (baseline)",
                        PerfCharts::cpuPerTurn),
                new Chart("retrieval-recall.svg", "tool retrieval recall (retrieval)", PerfCharts::retrievalRecall));
    }

    /** p50, p95 and p99 from message to answer of every runtime-load and load run, against the ideal. */
    static Optional<JFreeChart> latencyUnderLoad(PerfData data) {
        DefaultCategoryDataset bars = new DefaultCategoryDataset();
        Set<Double> ideals = new TreeSet<>();
        Set<Double> conversations = new TreeSet<>();
        Set<String> keys = new HashSet<>();
        for (Run run : data.runs("runtime-load")) {
            if (run.number("p95_ms").isEmpty()) {
                continue; // a --burst run measures admission, not latency
            }
            String key = unique(keys, "runtime-load\n" + run.label());
            bars.addValue(seconds(run.number("p50_ms")), "p50", key);
            bars.addValue(seconds(run.number("p95_ms")), "p95", key);
            bars.addValue(seconds(run.number("p99_ms")), "p99", key);
            run.number("ideal_ms").ifPresent(ideals::add);
            run.number("conversations").ifPresent(conversations::add);
        }
        for (Run run : data.runs("load")) {
            if (run.number("task_p95_ms").isEmpty()) {
                continue;
            }
            String key = unique(keys, "load\n" + run.label());
            bars.addValue(seconds(run.number("task_p50_ms")), "p50", key);
            bars.addValue(seconds(run.number("task_p95_ms")), "p95", key);
            bars.addValue(seconds(run.number("task_p99_ms")), "p99", key);
            // The task the percentiles are of: three model calls and two tool calls in a row.
            OptionalDouble model = run.number("model_latency_ms");
            if (model.isPresent()) {
                ideals.add(3 * model.getAsDouble()
                        + 2 * run.number("tool_latency_ms").orElse(0));
            }
            run.number("conversations").ifPresent(conversations::add);
        }
        if (bars.getColumnCount() == 0) {
            return Optional.empty();
        }
        CategoryPlot plot = plot(
                bars,
                "seconds from the message to the answer",
                "0.00",
                List.of(SKY, BLUE, new Color(0x0B, 0x3C, 0x5D)));
        // Three bars a run leave room for one figure: the p95, which the target is about.
        plot.getRenderer().setSeriesItemLabelsVisible(0, false);
        plot.getRenderer().setSeriesItemLabelsVisible(2, false);
        if (ideals.size() == 1) {
            double ideal = ideals.iterator().next() / 1000;
            marker(plot, ideal, "ideal, " + decimal("0.0", ideal) + " s", GREEN);
            marker(plot, ideal * 1.10, "target for p95, " + decimal("0.0", ideal * 1.10) + " s", VERMILION);
        }
        String who = conversations.size() == 1
                ? decimal("#,##0", conversations.iterator().next()) + " conversations at once"
                : "conversations at once";
        return Optional.of(chart(
                "Latency under load",
                who + ", each a three-turn tool task. runtime-load: runtime, agent loop and model client;"
                        + " load: the whole app through Slack's APIs",
                plot));
    }

    /** Each agent's CPU per turn in every baseline run, the model server's share taken out. */
    static Optional<JFreeChart> cpuPerTurn(PerfData data) {
        DefaultCategoryDataset bars = new DefaultCategoryDataset();
        Set<String> keys = new HashSet<>();
        for (Run run : data.runs("baseline")) {
            if (run.number("lucy_cpu_ms_per_turn").isEmpty()) {
                continue;
            }
            OptionalDouble lucy = run.number("lucy_cpu_ms_per_turn");
            OptionalDouble langChain4j = run.number("baseline_cpu_ms_per_turn");
            String ratio = langChain4j.isPresent()
                    ? "\nLucy / LangChain4j " + decimal("0.00", lucy.getAsDouble() / langChain4j.getAsDouble())
                    : "";
            String key = unique(keys, run.label() + ratio);
            bars.addValue(value(lucy), "Lucy", key);
            bars.addValue(value(langChain4j), "LangChain4j", key);
        }
        if (bars.getColumnCount() == 0) {
            return Optional.empty();
        }
        CategoryPlot plot = plot(bars, "CPU ms per agent turn", "0.000", List.of(BLUE, ORANGE));
        return Optional.of(chart(
                "Lucy against LangChain4j: CPU per agent turn",
                "The same three-turn tool task through both agents (conversations at once, the model's latency), in one"
                        + " process, against one scripted model server whose own CPU is taken out; lower is better",
                plot));
    }

    /** Recall at 1, 5 and 10 of each retriever in the latest retrieval run. */
    static Optional<JFreeChart> retrievalRecall(PerfData data) {
        Optional<Run> latest = data.latest("retrieval");
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Run run = latest.get();
        String tools = decimal("#,##0", run.number("tools").orElse(Double.NaN)) + " tools";
        String scaled = decimal("#,##0", run.number("scaledTools").orElse(Double.NaN)) + " tools";
        List<String[]> retrievers = List.of(
                new String[] {"plainBm25", "plain BM25, " + tools},
                new String[] {"lucy", "Lucy, " + tools},
                new String[] {"lucyScaled", "Lucy, " + scaled});
        DefaultCategoryDataset bars = new DefaultCategoryDataset();
        for (String[] retriever : retrievers) {
            for (String[] queries : List.of(new String[] {"single", "1 tool"}, new String[] {"multi", "2 tools"})) {
                for (int k : new int[] {1, 5, 10}) {
                    bars.addValue(
                            value(run.number(retriever[0], queries[0], "recall@" + k)),
                            retriever[1],
                            queries[1] + "\nrecall@" + k);
                }
            }
            bars.addValue(value(run.number(retriever[0], "multi", "all@5")), retriever[1], "2 tools\nall@5");
        }
        CategoryPlot plot = plot(bars, "share of the wanted tools found", "0.00", List.of(GREY, BLUE, SKY));
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 1.08);
        return Optional.of(chart(
                "Tool retrieval recall (MetaTool)",
                run.label() + ". Test queries that want 1 tool or 2 (all@5: both in the top 5). Lucy also learns"
                        + " from the requests each tool served; plain BM25 reads names and descriptions only",
                plot));
    }

    /** The chart as an SVG document of {@link #WIDTH} by {@link #HEIGHT}. */
    static String svg(JFreeChart chart) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        // Fixed ids and rounded coordinates: the same data gives the same file, and a small one.
        g.setDefsKeyPrefix("lucy");
        g.setGeomDoubleConverter(SVGUtils.createDoubleConverter(3));
        chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g.getSVGDocument();
    }

    private static CategoryPlot plot(DefaultCategoryDataset bars, String unit, String format, List<Color> colours) {
        CategoryAxis categories = new CategoryAxis(null);
        categories.setMaximumCategoryLabelLines(4);
        categories.setMaximumCategoryLabelWidthRatio(1.15f);
        categories.setCategoryMargin(0.25);
        categories.setTickLabelFont(new Font(FONT, Font.PLAIN, 12));
        categories.setTickLabelPaint(INK);
        NumberAxis values = new NumberAxis(unit);
        values.setLabelFont(new Font(FONT, Font.PLAIN, 12));
        values.setLabelPaint(INK);
        values.setTickLabelFont(new Font(FONT, Font.PLAIN, 11));
        values.setTickLabelPaint(INK);
        values.setUpperMargin(0.12);
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setItemMargin(0.04);
        renderer.setMaximumBarWidth(0.08);
        for (int i = 0; i < colours.size(); i++) {
            renderer.setSeriesPaint(i, colours.get(i));
        }
        renderer.setDefaultItemLabelGenerator(
                new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat(format, symbols())));
        renderer.setDefaultItemLabelFont(new Font(FONT, Font.PLAIN, 10));
        renderer.setDefaultItemLabelPaint(INK);
        renderer.setDefaultItemLabelsVisible(true);
        CategoryPlot plot = new CategoryPlot(bars, categories, values, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        return plot;
    }

    private static JFreeChart chart(String title, String subtitle, CategoryPlot plot) {
        JFreeChart chart = new JFreeChart(title, new Font(FONT, Font.BOLD, 17), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setPaint(INK);
        chart.setPadding(new RectangleInsets(10, 10, 6, 14));
        TextTitle under = new TextTitle(subtitle, new Font(FONT, Font.PLAIN, 12));
        under.setPaint(INK);
        under.setMaximumLinesToDisplay(2);
        chart.addSubtitle(under);
        chart.getLegend().setFrame(BlockBorder.NONE);
        chart.getLegend().setItemFont(new Font(FONT, Font.PLAIN, 12));
        chart.getLegend().setItemPaint(INK);
        return chart;
    }

    /** A dashed line across the plot at {@code at}, named in the legend (a label on the line would cross bars). */
    private static void marker(CategoryPlot plot, double at, String label, Color colour) {
        Stroke dashes = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6, 4}, 0);
        plot.addRangeMarker(new ValueMarker(at, colour, dashes));
        LegendItemCollection legend = new LegendItemCollection();
        legend.addAll(plot.getLegendItems());
        legend.add(new LegendItem(label, null, null, null, new Line2D.Double(-9, 0, 9, 0), dashes, colour));
        plot.setFixedLegendItems(legend);
    }

    /** {@code label}, or {@code label (2)}, ... when a run with the same label came before. */
    private static String unique(Set<String> keys, String label) {
        String key = label;
        for (int n = 2; !keys.add(key); n++) {
            key = label + " (" + n + ")";
        }
        return key;
    }

    private static Double seconds(OptionalDouble millis) {
        return millis.isPresent() ? millis.getAsDouble() / 1000 : null;
    }

    private static Double value(OptionalDouble number) {
        return number.isPresent() ? number.getAsDouble() : null;
    }

    private static String decimal(String pattern, double value) {
        return new DecimalFormat(pattern, symbols()).format(value);
    }

    private static DecimalFormatSymbols symbols() {
        return DecimalFormatSymbols.getInstance(Locale.ROOT);
    }
}
