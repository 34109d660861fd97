package dev.cuifu.testing.chat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cuifu.testing.LoopbackHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A shop's chat webhook receiver (its IM bot) on localhost, for tests and the local launcher. It
 * records every request — headers and raw body — and answers {@code 200 {"ok":true}}, or what was
 * injected with {@link #failNext} / {@link #delayNext}. It does <em>not</em> verify signatures:
 * tests do that on {@link #deliveries()}.
 *
 * <p>Listens on {@code /im} (any path is accepted and recorded). Thread-safe. Binds the loopback
 * interface only.
 */
public final class ChatWebhookStub implements AutoCloseable {

  public static final String PATH = "/im";

  /**
   * One request as the receiver saw it.
   *
   * @param headers header names in lower case, first value of each
   * @param body the raw body, UTF-8
   * @param answeredStatus the status the stub answered (or would have, had the client waited)
   */
  public record Delivery(
      Instant receivedAt, String method, String path, Map<String, String> headers, String body, int answeredStatus) {

    public Delivery {
      headers = Map.copyOf(headers);
    }

    /** A header's first value, by case-insensitive name, or {@code null}. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private record Injected(int remaining, int status, Duration delay) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Object lock = new Object();
  /** Guarded by {@link #lock}; in arrival order. */
  private final List<Delivery> deliveries = new ArrayList<>();
  /** Guarded by {@link #lock}; the first is used up before the next. */
  private final List<Injected> injected = new ArrayList<>();
  private final List<Consumer<Delivery>> listeners = new CopyOnWriteArrayList<>();

  private ChatWebhookStub(int port) {
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "chat-webhook-stub-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      this.server = LoopbackHttpServer.create(port, 50);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("cannot start the chat webhook stub on port " + port, e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts on {@code port} ({@code 0}: any free port). */
  public static ChatWebhookStub start(int port) {
    return new ChatWebhookStub(port);
  }

  /** Runs the stub until the JVM stops: {@code [port]}, 8098 by default. */
  public static void main(String[] args) throws InterruptedException {
    ChatWebhookStub stub = start(args.length > 0 ? Integer.parseInt(args[0]) : 8098);
    stub.onDelivery(
        d -> System.out.println("chat-webhook-stub: " + d.header("X-Cuifu-Delivery") + " → " + d.answeredStatus()));
    System.out.println("Chat webhook stub on " + stub.url());
    Runtime.getRuntime().addShutdownHook(new Thread(stub::close));
    new CountDownLatch(1).await();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** E.g. {@code http://127.0.0.1:8098/im}: the shop's webhook URL. */
  public String url() {
    return "http://127.0.0.1:" + port() + PATH;
  }

  /** Every request received so far, in arrival order. */
  public List<Delivery> deliveries() {
    synchronized (lock) {
      return List.copyOf(deliveries);
    }
  }

  /** Forgets the deliveries and any injected failure or delay. */
  public void clear() {
    synchronized (lock) {
      deliveries.clear();
      injected.clear();
    }
  }

  /** The next {@code times} requests are recorded and answered with {@code httpStatus}. */
  public void failNext(int times, int httpStatus) {
    inject(times, httpStatus, Duration.ZERO);
  }

  /**
   * The next {@code times} requests are recorded at once, then answered 200 only after {@code
   * delay} (a receiver slower than the client's read timeout).
   */
  public void delayNext(int times, Duration delay) {
    inject(times, 200, delay);
  }

  private void inject(int times, int status, Duration delay) {
    if (times < 1 || status < 100 || status > 599 || delay.isNegative()) {
      throw new IllegalArgumentException("times must be positive, status 100..599, delay not negative");
    }
    synchronized (lock) {
      injected.add(new Injected(times, status, delay));
    }
  }

  /** Called on the server's thread for every request, after it was recorded, before it is answered. */
  public void onDelivery(Consumer<Delivery> listener) {
    listeners.add(listener);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] raw;
      try (InputStream in = exchange.getRequestBody()) {
        raw = in.readAllBytes();
      }
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!values.isEmpty()) {
          headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
        }
      });
      Injected answer;
      Delivery delivery;
      synchronized (lock) {
        answer = takeInjected();
        delivery =
            new Delivery(
                Instant.now(),
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                headers,
                new String(raw, StandardCharsets.UTF_8),
                answer.status());
        deliveries.add(delivery);
      }
      for (Consumer<Delivery> listener : listeners) {
        listener.accept(delivery);
      }
      if (!answer.delay().isZero()) {
        try {
          Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return; // closing: drop the exchange unanswered
        }
      }
      byte[] body =
          (answer.status() / 100 == 2 ? "{\"ok\":true}" : "{\"ok\":false,\"status\":" + answer.status() + "}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (IOException e) {
      // the client went away (e.g. it timed out during a delay): nothing to answer
    } finally {
      exchange.close();
    }
  }

  /** Guarded by {@link #lock}. */
  private Injected takeInjected() {
    if (injected.isEmpty()) {
      return new Injected(0, 200, Duration.ZERO);
    }
    Injected first = injected.get(0);
    if (first.remaining() <= 1) {
      injected.remove(0);
    } else {
      injected.set(0, new Injected(first.remaining() - 1, first.status(), first.delay()));
    }
    return first;
  }
}
