package io.stagedoor.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Minimal line charts as SVG: no dependency, readable in any browser and on GitHub. */
final class Svg {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
            "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 360;
    private static final int LEFT = 70;
    private static final int BOTTOM = 50;
    private static final int TOP = 40;
    private static final int RIGHT = 140;

    private Svg() {
    }

    static void lines(Path file, String title, String xLabel, String yLabel, Map<String, List<double[]>> series)
            throws IOException {
        double maxX = series.values().stream().flatMap(List::stream).mapToDouble(p -> p[0]).filter(Double::isFinite).max().orElse(1);
        double maxY = series.values().stream().flatMap(List::stream).mapToDouble(p -> p[1]).filter(Double::isFinite).max().orElse(1);
        maxX = maxX <= 0 ? 1 : maxX;
        maxY = maxY <= 0 ? 1 : maxY * 1.1;
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                        + "<text x=\"%d\" y=\"20\" font-size=\"15\">%s</text>%n", WIDTH, HEIGHT, LEFT, title));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, TOP, LEFT, HEIGHT - BOTTOM));
        for (int tick = 0; tick <= 4; tick++) {
            double y = HEIGHT - BOTTOM - plotHeight * tick / 4;
            double x = LEFT + plotWidth * tick / 4;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.0f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4,
                    label(maxY * tick / 4)));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.0f\" x2=\"%d\" y2=\"%.0f\" stroke=\"#eee\"/>%n",
                    LEFT, y, WIDTH - RIGHT, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x,
                    HEIGHT - BOTTOM + 18, label(maxX * tick / 4)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotWidth / 2, HEIGHT - 10, xLabel));
        svg.append(String.format(Locale.ROOT, "<text x=\"15\" y=\"%.0f\" transform=\"rotate(-90 15 %.0f)\" text-anchor=\"middle\">%s</text>%n",
                TOP + plotHeight / 2, TOP + plotHeight / 2, yLabel));
        int index = 0;
        for (Map.Entry<String, List<double[]>> entry : series.entrySet()) {
            String colour = COLOURS[index % COLOURS.length];
            double finalMaxX = maxX;
            double finalMaxY = maxY;
            String points = entry.getValue().stream().filter(p -> Double.isFinite(p[1]))
                                 .map(p -> String.format(Locale.ROOT, "%.1f,%.1f", LEFT + plotWidth * p[0] / finalMaxX,
                                         HEIGHT - BOTTOM - plotHeight * p[1] / finalMaxY))
                                 .collect(Collectors.joining(" "));
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    colour, points));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", WIDTH - RIGHT + 10,
                    TOP + 16 * index, colour, entry.getKey()));
            index++;
        }
        svg.append("</svg>\n");
        Files.writeString(file, svg.toString());
    }

    private static String label(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
