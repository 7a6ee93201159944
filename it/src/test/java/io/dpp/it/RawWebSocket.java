package io.dpp.it;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A minimal RFC 6455 client over a plain socket, for the abuse tests: it sends exactly the
 * handshake it is told (any headers, or none of a real handshake's), reports the status line, and
 * reads frames with a timeout, so a test can tell "nothing was sent" from "something was".
 */
final class RawWebSocket implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    final String statusLine;

    /** One frame: a text message, or a close with its code and reason. */
    record Frame(boolean close, int code, String text) {
    }

    private RawWebSocket(Socket socket, String statusLine) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.statusLine = statusLine;
    }

    /** Opens a real WebSocket handshake on {@code path} with extra headers. */
    static RawWebSocket connect(int port, String path, Map<String, String> headers) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port)
                .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ")
                .append(Base64.getEncoder().encodeToString(nonce)).append("\r\nSec-WebSocket-Version: 13\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        String head = readHead(s.getInputStream());
        return new RawWebSocket(s, head.isEmpty() ? "" : head.substring(0, head.indexOf("\r\n") < 0 ? head.length() : head.indexOf("\r\n")));
    }

    /** True when the server switched protocols. */
    boolean upgraded() {
        return statusLine.startsWith("HTTP/1.1 101");
    }

    /** Sends a masked text message. */
    void send(String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(data.length + 14);
        frame.write(0x81);
        if (data.length < 126) {
            frame.write(0x80 | data.length);
        } else if (data.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(data.length >>> 8);
            frame.write(data.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) ((long) data.length >>> (8 * i)) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < data.length; i++) {
            frame.write(data[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The next frame within {@code timeout} (pings are skipped), or null when none came. */
    Frame next(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            while (true) {
                int b0 = readByte();
                int b1 = readByte();
                long n = b1 & 0x7f;
                if (n == 126) {
                    n = (readByte() << 8) | readByte();
                } else if (n == 127) {
                    n = 0;
                    for (int i = 0; i < 8; i++) {
                        n = (n << 8) | readByte();
                    }
                }
                byte[] payload = in.readNBytes((int) n);
                int op = b0 & 0x0f;
                if (op == 8) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    return new Frame(true, code, payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "");
                }
                if (op == 1) {
                    return new Frame(false, 0, new String(payload, StandardCharsets.UTF_8));
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** Reads frames until one contains {@code text} or the connection closes; fails after the timeout. */
    Frame await(String text, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Frame f = next(Duration.ofNanos(Math.max(1_000_000, end - System.nanoTime())));
            if (f == null || f.close() || f.text().contains(text)) {
                if (f == null) {
                    break;
                }
                return f;
            }
        }
        throw new AssertionError("no message containing " + text + " within " + timeout);
    }

    /** True once the server closed the TCP connection (end of stream) within the timeout. */
    boolean closedWithin(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            while (in.read() >= 0) {
                // drain whatever is left
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed");
        }
        return b;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            sb.append((char) b);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
