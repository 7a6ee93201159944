package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * Renders an HTML page in headless Chromium and keeps the screenshot. Chromium is found on the
 * PATH ({@code chromium}, Debian's package, which {@code .ci/run} installs; or
 * {@code chromium-browser}, {@code google-chrome}); without it the check is skipped with a message,
 * except under {@code CI=true}, where that is a failure.
 */
final class ReportScreenshot {

    private static final int WIDTH = 1024;
    private static final int HEIGHT = 2300;

    private ReportScreenshot() {
    }

    /** Screenshots {@code page} into {@code png}: a picture of the whole report, not a blank page. */
    static void take(Path page, Path png) throws Exception {
        String browser = browser();
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        Path profile = Files.createTempDirectory("dpp-chromium");
        Process p = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT, "--screenshot=" + png,
                page.toUri().toString()).redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("Chromium rendered the page within 60 s").isTrue();
        String said = Files.readString(profile.resolve("chromium.log"));
        DppProcess.deleteTree(profile);
        assertThat(Files.isRegularFile(png)).as("the screenshot " + png + "; Chromium said:\n" + said).isTrue();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isEqualTo(HEIGHT);
        Set<Integer> colors = new HashSet<>();
        boolean equityLine = false;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colors.add(rgb);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                equityLine |= b > 150 && r < 90 && g > 60 && g < 140; // the equity curve's blue
            }
        }
        assertThat(colors.size()).as("a rendered page (text, tables, charts), not a blank one").isGreaterThan(50);
        assertThat(equityLine).as("the equity curve is drawn").isTrue();
        System.out.println("report screenshot: " + png);
    }

    private static String browser() throws Exception {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        String why = "no Chromium on the PATH (Debian: apt-get install chromium)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(why + "; CI=true requires it");
        }
        Assumptions.abort(why + "; the report is not rendered");
        return null;
    }
}
