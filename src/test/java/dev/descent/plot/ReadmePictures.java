package dev.descent.plot;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the README's convergence picture, the seeds' four learning rates on x^2 from 3, with the service's own
 * renderer (the runs made by the engine, as PlotRendererTests makes them). Run by
 * {@code scripts/render-readme-pictures.sh}; once POST /api/v1/comparisons exists, the script asks the service
 * for it with {@code {"comparison": ...}} instead.
 */
public final class ReadmePictures {

    private ReadmePictures() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/convergence.svg");
        Files.write(out, PlotRenderer.render(PlotRendererTests.learningRates(),
                new PlotOptions(PlotKind.CONVERGENCE, ImageFormat.SVG, 800, 500)));
    }
}
