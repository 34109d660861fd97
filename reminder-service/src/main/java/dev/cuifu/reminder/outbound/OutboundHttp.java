package dev.cuifu.reminder.outbound;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One HTTP/1.1 exchange with a shop-chosen URL, on a socket connected to an address the {@link
 * OutboundGuard} checked (the JDK's clients resolve the host again themselves, which a DNS
 * rebinding could turn to an internal address). TLS is layered on that socket for the URL's host
 * name (SNI and certificate checked against it). One request per connection, redirects never
 * followed, the answer's body read up to {@link #MAX_BODY_BYTES} and within the read timeout.
 */
public class OutboundHttp {

  /** The most of an answer's body read (a stock check's JSON is a few bytes). */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private static final int MAX_HEADER_BYTES = 16 * 1024;

  private final OutboundGuard guard;
  private final SSLSocketFactory tls;

  @Autowired
  public OutboundHttp(OutboundGuard guard) {
    this(guard, (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /** With the given TLS trust (tests: a self-signed receiver). */
  OutboundHttp(OutboundGuard guard, SSLSocketFactory tls) {
    this.guard = guard;
    this.tls = tls;
  }

  /** What to send. {@code body} may be null (no body). */
  public record Request(
      String method, java.net.URI url, Map<String, String> headers, byte[] body, Duration connectTimeout, Duration readTimeout) {}

  /** The receiver's answer; {@code body} is empty unless asked for. */
  public record Response(int status, byte[] body) {}

  /**
   * Sends the request and reads the status (and the body when {@code readBody}).
   *
   * @throws OutboundRefusedException when the URL may not be called (nothing was sent)
   * @throws OutboundException when the call failed; {@link OutboundException#sent()} says whether
   *     the request may have arrived
   */
  public Response exchange(Request request, boolean readBody) throws OutboundException {
    OutboundGuard.Target target = guard.target(request.url());
    List<InetAddress> addresses;
    try {
      addresses = guard.resolve(target);
    } catch (UnknownHostException e) {
      throw OutboundException.notConnected(e);
    }
    long deadline = System.nanoTime() + request.readTimeout().toNanos();
    Socket socket = connect(target, addresses, request.connectTimeout());
    try {
      socket.setSoTimeout(millis(request.readTimeout()));
      OutputStream out = socket.getOutputStream();
      out.write(head(request, target));
      if (request.body() != null) {
        out.write(request.body());
      }
      out.flush();
      InputStream in = new java.io.BufferedInputStream(new DeadlineStream(socket, deadline));
      return read(in, readBody, request.method());
    } catch (IOException | RuntimeException e) {
      throw OutboundException.noAnswer(e);
    } finally {
      closeQuietly(socket);
    }
  }

  private Socket connect(OutboundGuard.Target target, List<InetAddress> addresses, Duration timeout)
      throws OutboundException {
    IOException last = null;
    for (InetAddress address : addresses) {
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(address, target.port()), millis(timeout));
        if (!target.secure()) {
          return socket;
        }
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, target.host(), target.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // certificate must name the host
        if (target.host().indexOf(':') < 0 && !target.host().matches("[0-9.]+")) { // SNI names no IP literal
          parameters.setServerNames(List.of(new SNIHostName(target.host())));
        }
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(millis(timeout));
        ssl.startHandshake();
        return ssl;
      } catch (IOException | IllegalArgumentException e) {
        closeQuietly(socket);
        last = e instanceof IOException io ? io : new IOException(e);
      }
    }
    throw OutboundException.notConnected(last);
  }

  private static byte[] head(Request request, OutboundGuard.Target target) {
    java.net.URI url = request.url();
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path += "?" + url.getRawQuery();
    }
    boolean defaultPort = url.getPort() == -1 || url.getPort() == (target.secure() ? 443 : 80);
    StringBuilder head = new StringBuilder();
    head.append(request.method()).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(url.getHost()).append(defaultPort ? "" : ":" + url.getPort()).append("\r\n");
    head.append("User-Agent: cuifu-reminder\r\n");
    head.append("Connection: close\r\n");
    request.headers().forEach((name, value) -> head.append(token(name)).append(": ").append(value(value)).append("\r\n"));
    if (request.body() != null) {
      head.append("Content-Length: ").append(request.body().length).append("\r\n");
    }
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Response read(InputStream in, boolean readBody, String method) throws IOException {
    while (true) {
      String statusLine = line(in);
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-5][0-9][0-9]")) {
        throw new ProtocolException("not an HTTP/1.x status line");
      }
      int status = Integer.parseInt(parts[1]);
      long length = -1;
      boolean chunked = false;
      int headerBytes = 0;
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        headerBytes += header.length();
        if (headerBytes > MAX_HEADER_BYTES) {
          throw new ProtocolException("answer headers too large");
        }
        int colon = header.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        if (name.equals("content-length")) {
          length = Long.parseLong(value);
        } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
          chunked = true;
        }
      }
      if (status < 200) {
        continue; // an interim answer (100 Continue): the real one follows
      }
      if (!readBody || method.equals("HEAD") || status == 204 || status == 304) {
        return new Response(status, new byte[0]);
      }
      return new Response(status, chunked ? chunked(in) : body(in, length));
    }
  }

  private static byte[] body(InputStream in, long length) throws IOException {
    if (length > MAX_BODY_BYTES) {
      throw new ProtocolException("answer body too large");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    long remaining = length < 0 ? MAX_BODY_BYTES + 1L : length;
    while (remaining > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (n < 0) {
        if (length >= 0) {
          throw new EOFException("answer body cut short");
        }
        break;
      }
      body.write(buffer, 0, n);
      remaining -= n;
    }
    if (body.size() > MAX_BODY_BYTES) {
      throw new ProtocolException("answer body too large");
    }
    return body.toByteArray();
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line(in);
      int semicolon = sizeLine.indexOf(';');
      long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        while (!line(in).isEmpty()) {
          // trailers are not needed
        }
        return body.toByteArray();
      }
      if (body.size() + size > MAX_BODY_BYTES) {
        throw new ProtocolException("answer body too large");
      }
      body.write(body(in, size));
      line(in); // the CRLF after each chunk
    }
  }

  /** One CRLF- (or LF-) terminated line, ISO-8859-1, bounded. */
  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("answer cut short");
      }
      if (line.length() > MAX_HEADER_BYTES) {
        throw new ProtocolException("answer line too long");
      }
      line.append((char) c);
    }
    int end = line.length();
    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
  }

  private static String token(String name) {
    if (!name.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException("bad header name");
    }
    return name;
  }

  private static String value(String value) {
    if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
      throw new IllegalArgumentException("bad header value");
    }
    return value;
  }

  private static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // the exchange is over either way
    }
  }

  /** Reads from the socket so that the whole answer, not each read, must arrive by the deadline. */
  private static final class DeadlineStream extends FilterInputStream {
    private final Socket socket;
    private final long deadline;

    DeadlineStream(Socket socket, long deadline) throws IOException {
      super(socket.getInputStream());
      this.socket = socket;
      this.deadline = deadline;
    }

    @Override
    public int read() throws IOException {
      arm();
      return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      arm();
      return super.read(b, off, len);
    }

    private void arm() throws IOException {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new SocketTimeoutException("no complete answer within the read timeout");
      }
      socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
    }
  }
}
