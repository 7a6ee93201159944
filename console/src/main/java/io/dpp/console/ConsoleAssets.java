package io.dpp.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The console's files, read once from the classpath into memory: the pages under
 * {@code io/dpp/console/web/} and the front-end libraries from their WebJars under
 * {@code vendor/}. Each file carries its content type, a strong ETag and, where it is smaller, a
 * gzip copy, so that serving one is a map lookup and a write.
 */
public final class ConsoleAssets {

    /** Where the console's own files are on the classpath. */
    static final String WEB = "io/dpp/console/web/";
    /** The uPlot WebJar's version: the one the console's pom depends on (ConsoleAssetsTest checks they agree). */
    static final String UPLOT_VERSION = "1.6.30";

    /** One file: its body, gzip copy (null when not smaller), content type and ETag. */
    public record Asset(String type, byte[] body, byte[] gzip, String etag) {
    }

    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png", "json", "application/json", "txt", "text/plain; charset=utf-8");

    private final Map<String, Asset> assets;

    private ConsoleAssets(Map<String, Asset> assets) {
        this.assets = Collections.unmodifiableMap(assets);
    }

    /** The file at {@code name} (e.g. {@code app.js}, {@code vendor/uplot/uPlot.esm.js}), or null. */
    public Asset get(String name) {
        return assets.get(name);
    }

    /** Every file name, sorted. */
    public java.util.Set<String> names() {
        return assets.keySet();
    }

    /**
     * Reads every file.
     *
     * @throws IllegalStateException when the console's files or a library are missing from the
     *                               classpath (a broken build)
     */
    public static ConsoleAssets load() {
        ClassLoader loader = ConsoleAssets.class.getClassLoader();
        URL index = loader.getResource(WEB + "index.html");
        if (index == null) {
            throw new IllegalStateException("the console's files are not on the classpath (" + WEB + "index.html)");
        }
        Map<String, Asset> assets = new TreeMap<>();
        try {
            URI uri = index.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                boolean opened = false;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                    opened = true;
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                try {
                    readTree(fs.getPath("/" + WEB), assets);
                } finally {
                    if (opened) {
                        fs.close();
                    }
                }
            } else {
                readTree(Path.of(uri).getParent(), assets);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console's files: " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        String uplot = "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/";
        assets.put("vendor/uplot/uPlot.esm.js", asset("js", resource(loader, uplot + "dist/uPlot.esm.js")));
        assets.put("vendor/uplot/uPlot.min.css", asset("css", resource(loader, uplot + "dist/uPlot.min.css")));
        assets.put("vendor/uplot/LICENSE.txt", asset("txt", resource(loader, uplot + "LICENSE")));
        return new ConsoleAssets(assets);
    }

    private static void readTree(Path root, Map<String, Asset> into) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = root.relativize(p).toString().replace('\\', '/');
                int dot = name.lastIndexOf('.');
                String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
                if (!TYPES.containsKey(extension)) {
                    throw new IllegalStateException("console file " + name + " has no known content type");
                }
                into.put(name, asset(extension, Files.readAllBytes(p)));
            }
        }
    }

    private static byte[] resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the console's library file " + name + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Asset asset(String extension, byte[] body) {
        byte[] gzip = gzip(body);
        return new Asset(TYPES.get(extension), body, gzip.length < body.length * 9 / 10 ? gzip : null, etag(body));
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String etag(byte[] body) {
        return "\"" + HexFormat.of().formatHex(io.dpp.core.text.Sha256.of(body), 0, 16) + "\"";
    }
}
