package io.dpp.serve.stream;

import io.vertx.ext.web.Router;

/**
 * The stream API's routes, as data: the WebSocket at {@link StreamApi#STREAM_PATH} and the
 * answers from the live state under {@code /api/v1/live/}. A static method, so that the module
 * and the tests mount exactly the same routes (decision 001).
 */
public final class StreamRoutes {

    private StreamRoutes() {
    }

    /**
     * Mounts every stream route on {@code router}, behind the access gate {@code api} was built
     * with (installed on the same router), which also learns that the stream is a WebSocket route.
     */
    public static void mount(Router router, StreamApi api) {
        router.get("/api/v1/live/instruments").handler(api::instruments);
        router.get("/api/v1/live/book").handler(api::book);
        router.get("/api/v1/live/bbo").handler(api::bbo);
        router.get("/api/v1/live/trades").handler(api::trades);
        api.gate().webSocketRoute(StreamApi.STREAM_PATH);
        router.get(StreamApi.STREAM_PATH).handler(api::stream);
    }
}
