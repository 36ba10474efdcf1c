package dev.descent.plot;

import java.awt.Shape;
import org.jfree.chart.LegendItem;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;

/**
 * Draws each run as its iterates joined in order, in the run's colour: the start a ring, the end a square and,
 * when asked, every other iterate a dot. An item with a NaN coordinate is a gap: the line breaks there. Each run's
 * line is one SVG path.
 */
final class RunRenderer extends XYLineAndShapeRenderer {

    private static final long serialVersionUID = 1L;

    /** The index of the last drawn item of each series, which gets the end mark. */
    private final int[] lastItems;
    private final boolean dots;

    RunRenderer(int[] lastItems, boolean dots) {
        super(true, true);
        this.lastItems = lastItems.clone();
        this.dots = dots;
        setAutoPopulateSeriesPaint(false);
        setAutoPopulateSeriesShape(false);
        setAutoPopulateSeriesStroke(false);
        setDefaultShape(ChartStyle.DOT);
        setDefaultStroke(ChartStyle.RUN_STROKE);
        // Every mark is a filled shape (the ring too), so outlines would only double the drawing.
        setDrawOutlines(false);
        setDrawSeriesLineAsPath(true);
        for (int series = 0; series < lastItems.length; series++) {
            setSeriesPaint(series, ChartStyle.run(series));
        }
    }

    @Override
    public boolean getItemShapeVisible(int series, int item) {
        return dots || item == 0 || item == lastItems[series];
    }

    @Override
    public Shape getItemShape(int series, int item) {
        if (item == 0) {
            return ChartStyle.START;
        }
        return item == lastItems[series] ? ChartStyle.END : ChartStyle.DOT;
    }

    /** The run's colour, line and dot, whatever its first item looks like. */
    @Override
    public LegendItem getLegendItem(int datasetIndex, int series) {
        LegendItem item = super.getLegendItem(datasetIndex, series);
        if (item == null) {
            return null;
        }
        return new LegendItem(item.getLabel(), null, null, null, true, ChartStyle.DOT, true, item.getFillPaint(),
                false, item.getFillPaint(), ChartStyle.RUN_STROKE, true, item.getLine(), ChartStyle.RUN_STROKE,
                item.getFillPaint());
    }
}
