package dev.cuifu.harness.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 over a plain socket, one connection per request. Not java.net.http: the fuzzer sends
 * what that client refuses (raw bytes in a path, a 10 MB body the server answers with 413 before
 * reading it), so it writes the body beside reading the answer and keeps an early 413 instead of
 * reporting the reset that follows it.
 */
final class RawHttp {

  /** What the server answered. */
  record Response(int status, Map<String, String> headers, byte[] body) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final String host;
  private final int port;
  private final Duration timeout;

  RawHttp(URI base, Duration timeout) {
    this.host = base.getHost();
    this.port = base.getPort() < 0 ? 80 : base.getPort();
    this.timeout = timeout;
  }

  /**
   * @param target the request target as raw bytes' text (path and query, sent as given)
   * @throws IOException no complete answer: refused, reset before a status line, or timed out
   */
  Response send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      head.append("Host: ").append(host).append(':').append(port).append("\r\n");
      head.append("Connection: close\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      if (body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      // ISO-8859-1: every char of the head goes out as the byte it stands for (raw %-free bytes too)
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      CompletableFuture<Void> writing = null;
      if (body != null && body.length > 0) {
        if (body.length <= 64 * 1024) {
          out.write(body);
        } else {
          writing = CompletableFuture.runAsync(() -> writeQuietly(out, body));
        }
      }
      out.flush();
      Response response = read(socket.getInputStream());
      if (writing != null) {
        writing.cancel(true);
      }
      return response;
    }
  }

  private static void writeQuietly(OutputStream out, byte[] body) {
    try {
      for (int offset = 0; offset < body.length; offset += 64 * 1024) {
        out.write(body, offset, Math.min(64 * 1024, body.length - offset));
      }
      out.flush();
    } catch (IOException e) {
      // the server answered early and closed (413): the answer is what counts
    }
  }

  private static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    int headEnd = -1;
    Map<String, String> headers = null;
    int status = 0;
    long contentLength = -1;
    boolean chunked = false;
    while (true) {
      int n;
      try {
        n = in.read(buffer);
      } catch (IOException e) {
        if (headers != null && complete(all.toByteArray(), headEnd, contentLength, chunked)) {
          break;
        }
        throw e;
      }
      if (n < 0) {
        break;
      }
      all.write(buffer, 0, n);
      if (headers == null) {
        headEnd = indexOf(all.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (headEnd >= 0) {
          String[] lines = new String(all.toByteArray(), 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
          String[] statusLine = lines[0].split(" ", 3);
          status = Integer.parseInt(statusLine[1]);
          headers = new LinkedHashMap<>();
          for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
              headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
          }
          String length = headers.get("content-length");
          contentLength = length == null ? -1 : Long.parseLong(length);
          chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
          headEnd += 4;
        }
      }
      if (headers != null && complete(all.toByteArray(), headEnd, contentLength, chunked)) {
        break;
      }
    }
    if (headers == null) {
      throw new IOException("no status line: the connection closed after " + all.size() + " bytes");
    }
    byte[] bytes = all.toByteArray();
    byte[] body = java.util.Arrays.copyOfRange(bytes, headEnd, bytes.length);
    return new Response(status, headers, chunked ? dechunk(body) : body);
  }

  private static boolean complete(byte[] bytes, int headEnd, long contentLength, boolean chunked) {
    if (contentLength >= 0) {
      return bytes.length - headEnd >= contentLength;
    }
    if (chunked) {
      return endsWith(bytes, "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    return false;
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < body.length) {
      int lineEnd = indexOf(body, at, "\r\n".getBytes(StandardCharsets.ISO_8859_1));
      if (lineEnd < 0) {
        break;
      }
      String size = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int length = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
      if (length == 0) {
        break;
      }
      int start = lineEnd + 2;
      out.write(body, start, Math.min(length, body.length - start));
      at = start + length + 2;
    }
    return out.toByteArray();
  }

  private static boolean endsWith(byte[] bytes, byte[] suffix) {
    if (bytes.length < suffix.length) {
      return false;
    }
    for (int i = 0; i < suffix.length; i++) {
      if (bytes[bytes.length - suffix.length + i] != suffix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] bytes, byte[] needle) {
    return indexOf(bytes, 0, needle);
  }

  private static int indexOf(byte[] bytes, int from, byte[] needle) {
    outer:
    for (int i = from; i <= bytes.length - needle.length; i++) {
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
