package dev.cuifu.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** The JDK's HTTP server on the loopback interface, for the stubs that stand in for providers. */
public final class LoopbackHttpServer {

  static {
    // The JDK server writes a response's headers and body separately; with Nagle's algorithm on
    // and the client's delayed ACK that costs ~40 ms per answer, which capped dispatch at about
    // 25 messages/s per sender thread in the benchmark. Read once, when the first server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private LoopbackHttpServer() {}

  public static HttpServer create(int port, int backlog) throws IOException {
    return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
  }

  /**
   * A loopback port free at this moment, for a server whose port must be known before it starts
   * (a callback URL it is given): take it after the other servers have bound theirs.
   */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
