package io.dpp.bench.fanout;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client that subscribes and then never reads, on a plain socket, so that only the
 * operating system's buffers stand between it and the server (a client library would keep reading
 * into memory). After the test it reads what arrived to find the server's close frame.
 */
final class RawSlowClient implements AutoCloseable {

    private final Socket socket;

    /** Connects with {@code apiKey} in the handshake (none when null) and sends {@code requests}. */
    RawSlowClient(int port, String apiKey, String... requests) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setReceiveBufferSize(4096);
        OutputStream out = socket.getOutputStream();
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        out.write(("GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n"
                + (apiKey == null ? "" : "X-API-Key: " + apiKey + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
        // Read the handshake answer only, byte by byte up to the blank line.
        int matched = 0;
        while (matched < 4) {
            int b = socket.getInputStream().read();
            if (b < 0) {
                throw new EOFException("the server closed during the handshake");
            }
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        for (String r : requests) {
            out.write(maskedText(r.getBytes(StandardCharsets.UTF_8)));
        }
        out.flush();
    }

    /** Reads everything that arrived (up to {@code timeoutMillis} of silence) and returns "code reason" of a close frame, or null. */
    String closeReason(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16));
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] payload = len <= 1 << 20 ? new byte[(int) len] : null;
                if (payload == null) {
                    in.skipNBytes(len);
                    continue;
                }
                in.readFully(payload);
                if ((b0 & 0x0f) == 0x8) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 0;
                    return code + " " + new String(payload, Math.min(2, payload.length), Math.max(0, payload.length - 2),
                            StandardCharsets.UTF_8);
                }
            }
        } catch (EOFException | SocketTimeoutException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A client's text frame: masked, as RFC 6455 requires of clients. */
    static byte[] maskedText(byte[] payload) {
        return masked(0x1, payload);
    }

    /** A client's frame with opcode {@code opcode} (up to 65535 bytes), masked. */
    static byte[] masked(int opcode, byte[] payload) {
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        int header = payload.length < 126 ? 2 : 4;
        byte[] frame = new byte[header + 4 + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        if (payload.length < 126) {
            frame[1] = (byte) (0x80 | payload.length);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >>> 8);
            frame[3] = (byte) payload.length;
        }
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return frame;
    }
}
