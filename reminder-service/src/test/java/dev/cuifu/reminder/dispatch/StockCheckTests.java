package dev.cuifu.reminder.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cuifu.reminder.outbound.OutboundGuard;
import dev.cuifu.reminder.outbound.OutboundHttp;
import dev.cuifu.reminder.outbound.OutboundProperties;
import dev.cuifu.testing.LoopbackHttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stock check calls only URLs the outbound guard allows, and follows no redirect. */
class StockCheckTests {

  private HttpServer shop;
  private final AtomicInteger requests = new AtomicInteger();
  private URI url;

  @BeforeEach
  void start() throws IOException {
    shop = LoopbackHttpServer.create(0, 10);
    shop.createContext("/stock", exchange -> {
      requests.incrementAndGet();
      byte[] body = "{\"inStock\": false}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, 0); // chunked, as many servers answer
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    shop.createContext("/moved", exchange -> {
      requests.incrementAndGet();
      exchange.getResponseHeaders().add("Location", "/stock");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    shop.start();
    url = URI.create("http://127.0.0.1:" + shop.getAddress().getPort() + "/stock");
  }

  @AfterEach
  void stop() {
    shop.stop(0);
  }

  @Test
  void anInternalStockUrlIsNeverRequested() {
    StockCheck guarded = new StockCheck(new OutboundHttp(new OutboundGuard(OutboundProperties.defaults())));

    assertThat(guarded.ask(url, "shop-1", "order-1")).isEqualTo(StockCheck.Answer.UNKNOWN);
    assertThat(guarded.ask(URI.create(url.toString().replace("http:", "https:")), "shop-1", "order-1"))
        .isEqualTo(StockCheck.Answer.UNKNOWN);
    assertThat(requests).as("requests that reached the internal server").hasValue(0);
  }

  @Test
  void anAllowListedStockUrlIsAskedAndRedirectsAreNotFollowed() {
    StockCheck allowing = new StockCheck(new OutboundHttp(new OutboundGuard(new OutboundProperties(List.of("127.0.0.1")))));

    assertThat(allowing.ask(url, "shop-1", "order-1")).isEqualTo(StockCheck.Answer.OUT_OF_STOCK);
    assertThat(allowing.ask(URI.create(url.toString().replace("/stock", "/moved")), "shop-1", "order-1"))
        .isEqualTo(StockCheck.Answer.UNKNOWN);
    assertThat(requests).hasValue(2);
  }
}
