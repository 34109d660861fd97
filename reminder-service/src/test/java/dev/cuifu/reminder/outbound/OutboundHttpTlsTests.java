package dev.cuifu.reminder.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https through the checked socket: the certificate must name the URL's host, sent as SNI. */
class OutboundHttpTlsTests {

  private static final char[] PASSWORD = "changeit".toCharArray();
  @TempDir static Path dir;
  private static HttpsServer server;
  private static SSLContext client;
  private static final AtomicReference<String> host = new AtomicReference<>();

  @BeforeAll
  static void start() throws Exception {
    Path keystore = dir.resolve("receiver.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-keystore",
                keystore.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-alias", "receiver",
                "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2")
            .inheritIO()
            .start();
    assertThat(keytool.waitFor()).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keystore.toFile())) {
      store.load(in, PASSWORD);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD);
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(keys.getKeyManagers(), null, null);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    client = SSLContext.getInstance("TLS");
    client.init(null, trust.getTrustManagers(), null);

    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
    server.createContext("/hook", exchange -> {
      host.set(exchange.getRequestHeaders().getFirst("Host"));
      byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static OutboundHttp http() {
    // loopback is allow-listed for the test receiver; TLS is checked all the same
    return new OutboundHttp(
        new OutboundGuard(new OutboundProperties(List.of("localhost", "127.0.0.1"))), client.getSocketFactory());
  }

  private static OutboundHttp.Request get(String url) {
    return new OutboundHttp.Request("GET", URI.create(url), Map.of(), null, Duration.ofSeconds(2), Duration.ofSeconds(2));
  }

  @Test
  void httpsToTheNameTheCertificateCarriesWorks() throws OutboundException {
    int port = server.getAddress().getPort();

    OutboundHttp.Response response = http().exchange(get("https://localhost:" + port + "/hook"), true);

    assertThat(response.status()).isEqualTo(200);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
    assertThat(host.get()).isEqualTo("localhost:" + port);
  }

  @Test
  void aCertificateForAnotherNameIsRefusedBeforeAnythingIsSent() {
    host.set(null);
    int port = server.getAddress().getPort();

    OutboundException e =
        catchThrowableOfType(OutboundException.class, () -> http().exchange(get("https://127.0.0.1:" + port + "/hook"), true));

    assertThat(e.sent()).isFalse();
    assertThat(host.get()).as("no request reached the receiver").isNull();
  }
}
