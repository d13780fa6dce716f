package io.ferperturb.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Closed-loop HTTP/1.1 load, as wrk makes it: {@code clients} keep-alive connections, each sending its next
 * request when the previous answer is complete, all driven by one thread around one selector. A thread per
 * connection spent more CPU than the server under test (a wake-up per answer); here one
 * {@code select} collects every answer that arrived meanwhile.
 */
final class LoadGenerator {
    private final URI uri;
    private final byte[] request;

    /** Posts {@code body} as {@code contentType} to {@code uri}, again and again. */
    LoadGenerator(URI uri, byte[] body, String contentType) {
        this.uri = uri;
        String target = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        byte[] head = ("POST " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
    }

    /**
     * {@code total} requests over {@code clients} connections; each latency (ns, send to last byte) goes to
     * {@code latencies[offset + i]} when an array is given. Returns the CPU time this took on the calling thread.
     *
     * @throws IOException when an answer is not 200, or a connection fails
     */
    long run(int clients, int total, long[] latencies, int offset) throws IOException {
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        try (Selector selector = Selector.open()) {
            List<Connection> connections = new ArrayList<>();
            int sent = 0;
            for (int c = 0; c < Math.min(clients, total); c++) {
                Connection connection = new Connection(selector);
                connections.add(connection);
                connection.send(sent++);
            }
            int done = 0;
            try {
                while (done < total) {
                    selector.select();
                    for (SelectionKey key : selector.selectedKeys()) {
                        Connection connection = (Connection) key.attachment();
                        if (!connection.progress(key)) {
                            continue;
                        }
                        if (latencies != null) {
                            latencies[offset + connection.index] = System.nanoTime() - connection.sentAt;
                        }
                        done++;
                        if (sent < total) {
                            connection.send(sent++);
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } finally {
                for (Connection connection : connections) {
                    connection.channel.close();
                }
            }
        }
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0;
    }

    /** One keep-alive connection: writes the request, then reads one answer (Content-Length or chunked). */
    private final class Connection {
        private final SocketChannel channel;
        private final SelectionKey key;
        private final ByteBuffer out = ByteBuffer.wrap(request);
        private ByteBuffer in = ByteBuffer.allocate(8192);
        private int index;
        private long sentAt;

        Connection(Selector selector) throws IOException {
            channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            key = channel.register(selector, 0, this);
        }

        void send(int requestIndex) throws IOException {
            index = requestIndex;
            out.rewind();
            in.clear();
            sentAt = System.nanoTime();
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        /** Writes or reads what the channel allows; true once the whole answer is in. */
        boolean progress(SelectionKey ready) throws IOException {
            if (ready.isWritable()) {
                channel.write(out);
                if (!out.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
                return false;
            }
            if (!in.hasRemaining()) {
                in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            }
            if (channel.read(in) < 0) {
                throw new IOException("the server closed the connection after " + index + " requests");
            }
            int end = answerEnd();
            if (end < 0) {
                return false;
            }
            if (end != in.position()) {
                throw new IOException("the server sent more than one answer to request " + index);
            }
            int status = Integer.parseInt(new String(in.array(), 9, 3, StandardCharsets.US_ASCII));
            if (status != 200) {
                throw new IOException("request " + index + " failed with " + status + ": "
                        + new String(in.array(), 0, in.position(), StandardCharsets.UTF_8));
            }
            return true;
        }

        /** Where the answer read so far ends, or -1 while it is incomplete. */
        private int answerEnd() {
            byte[] bytes = in.array();
            int read = in.position();
            int headersEnd = indexOf(bytes, 0, read, "\r\n\r\n");
            if (headersEnd < 0) {
                return -1;
            }
            String headers = new String(bytes, 0, headersEnd, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
            int bodyStart = headersEnd + 4;
            int length = headers.indexOf("\r\ncontent-length:");
            if (length >= 0) {
                int lineEnd = headers.indexOf("\r\n", length + 2);
                int value = Integer.parseInt(headers.substring(length + 17, lineEnd < 0 ? headers.length() : lineEnd).trim());
                return read >= bodyStart + value ? bodyStart + value : -1;
            }
            if (headers.contains("\r\ntransfer-encoding: chunked")) {
                int last = indexOf(bytes, bodyStart, read, "\r\n0\r\n\r\n");
                if (last >= 0) {
                    return last + 7;
                }
                // an empty body is the last chunk alone
                return indexOf(bytes, bodyStart, read, "0\r\n\r\n") == bodyStart ? bodyStart + 5 : -1;
            }
            throw new IllegalStateException("an answer with neither Content-Length nor chunked encoding: " + headers);
        }

        private static int indexOf(byte[] bytes, int from, int to, String text) {
            byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
            outer:
            for (int i = from; i <= to - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
