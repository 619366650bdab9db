package org.fnnc.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fnnc.files.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws loss (left axis) and validation accuracy (right axis) per epoch into a PNG, headless. */
final class LossChart {

    private LossChart() {
    }

    /** Writes the chart of {@code epochs} to {@code png} (atomically). */
    static void write(Path png, String title, List<EpochRow> epochs) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("epoch").yAxisTitle("loss").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("0");
        List<Double> x = new ArrayList<>();
        List<Double> train = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        List<Double> valAcc = new ArrayList<>();
        for (EpochRow e : epochs) {
            x.add((double) e.epoch());
            train.add(e.trainLoss());
            valLoss.add(e.validationLoss());
            valAcc.add(100 * e.validationAccuracy());
        }
        chart.addSeries("train loss", x, train).setMarker(SeriesMarkers.CIRCLE);
        if (allFinite(valLoss)) {
            chart.addSeries("validation loss", x, valLoss).setMarker(SeriesMarkers.DIAMOND);
        }
        if (allFinite(valAcc)) {
            XYSeries acc = chart.addSeries("validation accuracy (%)", x, valAcc);
            acc.setMarker(SeriesMarkers.SQUARE);
            acc.setYAxisGroup(1);
            chart.setYAxisGroupTitle(1, "accuracy (%)");
        }
        // XChart's byte/stream encoders are deprecated; its image plus ImageIO is the stable path.
        java.awt.image.BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        AtomicFiles.write(png, out -> javax.imageio.ImageIO.write(image, "png", out));
    }

    private static boolean allFinite(List<Double> values) {
        return values.stream().allMatch(v -> Double.isFinite(v));
    }
}
