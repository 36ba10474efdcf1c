package dev.descent.plot;

import dev.descent.optimization.RunPlan;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;

/** The look shared by every plot: fonts, the run colours, the shading of a contour map. */
final class ChartStyle {

    private ChartStyle() {
    }

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    /** The run colours, in order (Tableau 10, as matplotlib's default cycle): distinct, and legible on white. */
    private static final Color[] RUNS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    /** Viridis at nine even stops: perceptually uniform, and readable in grey. */
    private static final Color[] VIRIDIS = {
        new Color(0x440154), new Color(0x472d7b), new Color(0x3b528b), new Color(0x2c728e), new Color(0x21918c),
        new Color(0x28ae80), new Color(0x5ec962), new Color(0xaddc30), new Color(0xfde725)};

    /** How far the shading is lightened towards white, so that the paths drawn over it stand out. */
    private static final double WASH = 0.55;

    static final Color CURVE = new Color(0x333333);
    static final Color CONTOUR = new Color(40, 40, 40, 110);
    static final Color MARK = new Color(0x444444);
    static final BasicStroke RUN_STROKE = new BasicStroke(1.8f);
    static final BasicStroke CURVE_STROKE = new BasicStroke(1.5f);
    static final BasicStroke CONTOUR_STROKE = new BasicStroke(0.7f);

    /** Iterates: a small dot. */
    static final Shape DOT = new Ellipse2D.Double(-2.5, -2.5, 5, 5);
    /** The start: a large ring (a filled shape, so that it needs no outline). */
    static final Shape START = ring(6, 4.2);
    /** The end: a filled square. */
    static final Shape END = new Rectangle2D.Double(-4.5, -4.5, 9, 9);

    private static Shape ring(double outer, double inner) {
        Area ring = new Area(new Ellipse2D.Double(-outer, -outer, 2 * outer, 2 * outer));
        ring.subtract(new Area(new Ellipse2D.Double(-inner, -inner, 2 * inner, 2 * inner)));
        return ring;
    }

    static Color run(int index) {
        return RUNS[index % RUNS.length];
    }

    /** The shading of {@code t} in [0, 1] (0 low, 1 high): washed-out viridis. */
    static int shade(double t) {
        double u = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int k = Math.min((int) u, VIRIDIS.length - 2);
        double f = u - k;
        Color lo = VIRIDIS[k];
        Color hi = VIRIDIS[k + 1];
        int r = wash(lo.getRed() + f * (hi.getRed() - lo.getRed()));
        int g = wash(lo.getGreen() + f * (hi.getGreen() - lo.getGreen()));
        int b = wash(lo.getBlue() + f * (hi.getBlue() - lo.getBlue()));
        return (r << 16) | (g << 8) | b;
    }

    private static int wash(double channel) {
        return (int) Math.round(channel + WASH * (255 - channel));
    }

    static void axis(ValueAxis axis) {
        axis.setLabelFont(LABEL);
        axis.setTickLabelFont(TICK);
    }

    /** A chart with the title, a legend at the bottom, and white backgrounds. */
    static JFreeChart chart(String title, XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        axis(plot.getDomainAxis());
        axis(plot.getRangeAxis());
        JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(LEGEND);
        legend.setPosition(RectangleEdge.BOTTOM);
        // Groups each element in the SVG (<g> with a reference to its series and item).
        chart.setElementHinting(true);
        return chart;
    }

    /** A formula as a title: long catalog formulas are shortened. */
    static String formula(String formula) {
        String oneLine = formula.replaceAll("\\s+", " ").trim();
        // RunPlan.titleFormula() keeps one character more than is written here, so a title drawn from it is this one.
        return oneLine.length() < RunPlan.TITLE_FORMULA ? oneLine
                : oneLine.substring(0, RunPlan.TITLE_FORMULA - 2) + "…";
    }
}
