package dev.cuifu.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

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
}
