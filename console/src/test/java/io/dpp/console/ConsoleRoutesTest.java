package io.dpp.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's routes on a real Vert.x server, and checks over every file the console serves. */
class ConsoleRoutesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Vertx vertx;
    private static HttpServer server;
    private static ConsoleAssets assets;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        assets = ConsoleAssets.load();
        ConsoleRoutes.install(router, assets);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void thePageComesWithAStrictPolicyAndIsRevalidatedByItsEtag() throws Exception {
        HttpResponse<byte[]> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        String policy = page.headers().firstValue("content-security-policy").orElseThrow();
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
        assertThat(page.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        String etag = page.headers().firstValue("etag").orElseThrow();
        HttpResponse<byte[]> again = get("/", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void librariesComeFromTheirWebJarsCompressedWhenAsked() throws Exception {
        HttpResponse<byte[]> plain = get("/console/vendor/uplot/uPlot.esm.js");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        HttpResponse<byte[]> zipped = get("/console/vendor/uplot/uPlot.esm.js", "Accept-Encoding", "gzip");
        assertThat(zipped.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(zipped.body().length).isLessThan(plain.body().length / 2);
        assertThat(new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes()).isEqualTo(plain.body());
        // The version the code names is the one the build put on the classpath.
        Properties pom = new Properties();
        pom.load(getClass().getClassLoader().getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties"));
        assertThat(pom.getProperty("version")).isEqualTo(ConsoleAssets.UPLOT_VERSION);
    }

    @Test
    void unknownAndEscapingNamesAnswer404() throws Exception {
        for (String path : List.of("/console/nope.js", "/console/", "/console/../../etc/passwd", "/console/%2e%2e/pom.xml",
                "/console/" + "a".repeat(5000), "/console/io/dpp/console/ConsoleModule.class")) {
            HttpResponse<byte[]> r = get(path);
            assertThat(r.statusCode()).as(path).isIn(400, 404, 414, 431);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(path).doesNotContain("root:");
        }
        assertThat(new String(get("/console/nope.js").body(), StandardCharsets.UTF_8)).contains("\"not_found\"");
    }

    @Test
    void everyImportResolvesAndNoPageNeedsInlineScriptOrStyle() {
        Pattern imports = Pattern.compile("(?:import\\s[^'\"]*?from\\s*|import\\(\\s*)['\"](\\.{1,2}/[^'\"]+)['\"]");
        List<String> broken = new ArrayList<>();
        for (String name : assets.names()) {
            if (!name.endsWith(".js") || name.startsWith("vendor/")) {
                continue;
            }
            String code = new String(assets.get(name).body(), StandardCharsets.UTF_8);
            Matcher m = imports.matcher(code);
            while (m.find()) {
                URI resolved = URI.create("/" + name).resolve(m.group(1));
                if (assets.get(resolved.getPath().substring(1)) == null) {
                    broken.add(name + " imports " + m.group(1));
                }
            }
            assertThat(code).as(name + ": nothing the policy forbids").doesNotContain("eval(", "new Function(", "innerHTML");
        }
        assertThat(broken).isEmpty();
        String html = new String(assets.get("index.html").body(), StandardCharsets.UTF_8);
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContainPattern("\\sstyle=")
                .doesNotContainPattern("\\son[a-z]+=").doesNotContain("<style");
        for (Matcher m = Pattern.compile("(?:src|href)=\"/console/([^\"]+)\"").matcher(html); m.find(); ) {
            assertThat(assets.get(m.group(1))).as("index.html links " + m.group(1)).isNotNull();
        }
    }
}
