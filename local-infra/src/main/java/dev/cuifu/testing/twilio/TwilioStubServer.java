package dev.cuifu.testing.twilio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cuifu.testing.LoopbackHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Twilio-compatible HTTP server on localhost: enough of the Programmable Messaging API (create
 * and fetch a Message, HTTP Basic auth, Twilio's error bodies) for the real {@code twilio-java}
 * SDK to run against it unchanged. Used by tests and by the local launcher.
 *
 * <p>Twilio API:
 *
 * <ul>
 *   <li>{@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} (form: {@code To}, {@code
 *       From} or {@code MessagingServiceSid}, {@code Body}, optional {@code StatusCallback}) → 201
 *       with the Message JSON, status {@code queued} ({@code accepted} through a Messaging Service)
 *   <li>{@code GET /2010-04-01/Accounts/{AccountSid}/Messages.json} → 200 with a page of Messages
 *       in Twilio's list envelope ({@code messages}, {@code uri}, {@code first_page_uri}, {@code
 *       next_page_uri}, {@code previous_page_uri}, {@code page}, {@code page_size}, {@code start},
 *       {@code end}); see {@link #listMessages} for the filters ({@code To}, {@code From}, {@code
 *       DateSent}, {@code DateSent<}, {@code DateSent>}, day-granular like Twilio's) and the order.
 *       Paging: {@code PageSize} (default 50, 1–1000), {@code Page} and {@code PageToken} ({@code
 *       PA}/{@code PB} + the SID the page continues after/before), which {@code next_page_uri} and
 *       {@code previous_page_uri} carry, so the SDK's {@code ResourceSet} pages through; 400 (code
 *       20001) for a malformed date or page parameter
 *   <li>{@code GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json} → 200 with the Message;
 *       unless {@link #autoProgress(boolean) switched off}, every fetch moves the status one step
 *       along accepted → queued → sent → delivered; 404 (code 20404) for an unknown SID
 *   <li>{@code GET /2010-04-01/Accounts/{AccountSid}.json} → 200 with the Account (status {@code
 *       active}), so a client can check its credentials
 *   <li>{@code GET /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json} (optional {@code
 *       PhoneNumber}: numbers containing it, as Twilio's partial match) → 200 with the account's
 *       {@link #addIncomingPhoneNumber numbers} in the list envelope ({@code incoming_phone_numbers}),
 *       one page
 *   <li>{@code GET /v1/Services/{Sid}} (Messaging's host, {@code messaging.twilio.com}) → 200 with the
 *       {@link #addMessagingService Messaging Service} when it is the caller's, else 404 code 20404
 *   <li>wrong credentials → 401 with code 20003; another account's path → 404
 * </ul>
 *
 * <p>Accounts: the one it was started with, and any {@link #addAccount added} (a shop's own
 * account). Each sees only its own messages and has its callbacks signed with its own token.
 *
 * <p>Control API (no auth): {@code GET /_stub/messages} (JSON list, Twilio's fields plus {@code
 * status_callback}), {@code DELETE /_stub/messages}, {@code POST /_stub/failures} (JSON: {@code
 * times}, {@code to}, {@code status}, {@code code}, {@code message}, {@code delay_ms}; see {@link
 * StubFailure}), {@code DELETE /_stub/failures}, {@code POST /_stub/messages/{Sid}/status} (JSON:
 * {@code status}, optional {@code error_code}, optional {@code callback}: post the status callback),
 * {@code POST /_stub/messages/{Sid}/deliver} (run the message to its delivery outcome, posting each
 * status callback: {@link #deliver}).
 *
 * <p>WhatsApp: {@code To}/{@code From} may carry Twilio's {@code whatsapp:} prefix (both or neither,
 * else 400 code 21910; a bad WhatsApp sender is 400 code 63007); such a message is one segment.
 *
 * <p>Thread-safe. Binds the loopback interface only.
 */
public final class TwilioStubServer implements AutoCloseable {

  public static final String DEFAULT_ACCOUNT_SID = "ACf0c1d2e3a4b5968778695a4b3c2d1e0f";
  public static final String DEFAULT_AUTH_TOKEN = "5f4dcc3b5aa765d61d8327deb882cf99";
  public static final String API_VERSION = "2010-04-01";

  private static final Pattern CREATE_PATH =
      Pattern.compile("^/2010-04-01/Accounts/([^/]+)/Messages\\.json$");
  private static final Pattern DATE_PREFIX = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})([T ].*)?$");
  private static final int DEFAULT_PAGE_SIZE = 50;
  private static final int MAX_PAGE_SIZE = 1000;
  /**
   * Delivery reports posted at once: Twilio posts status callbacks over many connections at once,
   * not one message after the other. Each thread waits on the receiver's answer most of the time,
   * so this bounds how many callbacks the receiver has in hand together (what a group commit can
   * batch), not CPU.
   */
  static final int DELIVERY_THREADS = 32;
  /** Pause before a callback is posted again under its connection overrides (Twilio's docs name none). */
  private static final Duration CALLBACK_RETRY_PAUSE = Duration.ofMillis(200);
  private static final Pattern FETCH_PATH =
      Pattern.compile("^/2010-04-01/Accounts/([^/]+)/Messages/([^/]+)\\.json$");
  private static final Pattern ACCOUNT_PATH = Pattern.compile("^/2010-04-01/Accounts/([^/]+)\\.json$");
  private static final Pattern INCOMING_NUMBERS_PATH =
      Pattern.compile("^/2010-04-01/Accounts/([^/]+)/IncomingPhoneNumbers\\.json$");
  /** Messaging's host ({@code messaging.twilio.com}) rebased onto the stub, as the SDK's transport does. */
  private static final Pattern SERVICE_PATH = Pattern.compile("^/v1/Services/([^/]+)$");
  private static final Pattern STATUS_PATH = Pattern.compile("^/_stub/messages/([^/]+)/status$");
  private static final Pattern DELIVER_PATH = Pattern.compile("^/_stub/messages/([^/]+)/deliver$");
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
  /** Twilio's channel prefix for WhatsApp addresses ({@code whatsapp:+8613800138000}). */
  private static final String WHATSAPP = "whatsapp:";
  /** Twilio's format for dates in the 2010-04-01 API (RFC 2822). */
  private static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
  private static final String GSM_7_BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String GSM_7_EXTENSION = "^{}\\[~]|€\f";
  private static final int MAX_BODY_LENGTH = 1600;

  private final String accountSid;
  private final String authToken;
  /** Every account the stub accepts, SID → auth token: the default one and those {@link #addAccount added}. */
  private final Map<String, String> accounts = new java.util.concurrent.ConcurrentHashMap<>();
  /** Account SID → the phone numbers it holds ({@link #addIncomingPhoneNumber}). */
  private final Map<String, Set<String>> incomingNumbers = new java.util.concurrent.ConcurrentHashMap<>();
  /** Messaging Service SID → the account SID it belongs to ({@link #addMessagingService}). */
  private final Map<String, String> messagingServices = new java.util.concurrent.ConcurrentHashMap<>();
  private final HttpServer server;
  private final ExecutorService executor;

  /**
   * Posts the automatic delivery reports: {@value #DELIVERY_THREADS} threads, as a provider's
   * webhook sender holds many connections; one thread per message would put thousands of sleeping
   * threads into a burst's JVM.
   */
  private final ScheduledExecutorService deliveries;

  /** Automatic deliveries scheduled and not yet posted. */
  private final AtomicInteger pendingDeliveries = new AtomicInteger();
  private final Clock clock;
  private final JsonMapper json = JsonMapper.builder().build();
  private final SecureRandom random = new SecureRandom();
  private final HttpClient callbackClient;

  private final Object lock = new Object();
  /** Guarded by {@link #lock}; in arrival order. */
  private final Map<String, StubMessage> messages = new LinkedHashMap<>();
  /** Guarded by {@link #lock}; first match wins. */
  private final List<ActiveFailure> failures = new ArrayList<>();

  private final List<Consumer<StubMessage>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger apiRequests = new AtomicInteger();
  private final List<String> listRequests = new CopyOnWriteArrayList<>();
  private volatile boolean autoProgress = true;
  /** {@code null}: off. */
  private volatile Duration autoDeliverAfter;
  /** Guarded by {@link #lock}: the final delivery status (and error) per recipient, as posted. */
  private final Map<String, DeliveryOutcome> outcomes = new LinkedHashMap<>();

  /** How Twilio's pipeline ends for a recipient: {@code delivered}, or {@code failed}/{@code undelivered} with an error. */
  private record DeliveryOutcome(String status, Integer errorCode) {}

  /**
   * One status callback the stub posted.
   *
   * @param status the {@code MessageStatus} posted
   * @param errorCode the {@code ErrorCode} posted, or {@code null}
   * @param httpStatus what the receiver answered
   */
  public record Callback(String status, Integer errorCode, int httpStatus) {}

  private TwilioStubServer(String accountSid, String authToken, int port, Clock clock) {
    this.accountSid = Objects.requireNonNull(accountSid, "accountSid");
    this.authToken = Objects.requireNonNull(authToken, "authToken");
    accounts.put(accountSid, authToken);
    this.clock = Objects.requireNonNull(clock, "clock");
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "twilio-stub-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    AtomicInteger deliveryThreads = new AtomicInteger();
    this.deliveries =
        Executors.newScheduledThreadPool(
            DELIVERY_THREADS,
            r -> {
              Thread t = new Thread(r, "twilio-stub-delivery-" + deliveryThreads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.callbackClient =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade offer on every new connection
            .connectTimeout(Duration.ofSeconds(5))
            .executor(executor)
            .build();
    try {
      this.server = LoopbackHttpServer.create(port, 50);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("cannot start the Twilio stub on port " + port, e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts on {@code port} ({@code 0}: any free port) with the default account SID and token. */
  public static TwilioStubServer start(int port) {
    return start(port, DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN);
  }

  /** Starts on {@code port} ({@code 0}: any free port), accepting only these credentials. */
  public static TwilioStubServer start(int port, String accountSid, String authToken) {
    return start(port, accountSid, authToken, Clock.systemUTC());
  }

  /**
   * Like {@link #start(int, String, String)}, with the clock that dates messages ({@code
   * date_created}, {@code date_updated}, {@code date_sent}), e.g. a settable test clock.
   */
  public static TwilioStubServer start(int port, String accountSid, String authToken, Clock clock) {
    return new TwilioStubServer(accountSid, authToken, port, clock);
  }

  /** Runs the stub until the JVM stops: {@code [port [accountSid authToken]]}, port 8099 by default. */
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8099;
    TwilioStubServer stub =
        args.length > 2 ? start(port, args[1], args[2]) : start(port);
    stub.onMessage(m -> System.out.println("twilio-stub: " + m.sid() + " " + m.status()));
    System.out.println("Twilio stub on " + stub.baseUrl() + ", account " + stub.accountSid());
    Runtime.getRuntime().addShutdownHook(new Thread(stub::close));
    new CountDownLatch(1).await();
  }

  /** E.g. {@code http://127.0.0.1:8099}: what the SDK's requests must be rebased onto. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String accountSid() {
    return accountSid;
  }

  public String authToken() {
    return authToken;
  }

  /**
   * Accepts another account too (a shop's own Twilio account): requests authenticated as it, to
   * its own {@code /Accounts/{AccountSid}/…} path, see only its own messages, and their status
   * callbacks are signed with its token. The default account is unaffected.
   */
  public void addAccount(String accountSid, String authToken) {
    accounts.put(Objects.requireNonNull(accountSid, "accountSid"), Objects.requireNonNull(authToken, "authToken"));
  }

  /**
   * Lets an account hold a phone number (E.164), as buying one at Twilio would: it is listed by
   * {@code IncomingPhoneNumbers.json} for that account only. Sending does not check it. Kept by
   * {@link #clear()}, like the accounts.
   */
  public void addIncomingPhoneNumber(String accountSid, String phoneNumber) {
    Objects.requireNonNull(phoneNumber, "phoneNumber");
    incomingNumbers
        .computeIfAbsent(Objects.requireNonNull(accountSid, "accountSid"), a -> new java.util.concurrent.CopyOnWriteArraySet<>())
        .add(phoneNumber);
  }

  /**
   * Lets an account hold a Messaging Service ({@code MG} + 32 hex digits): {@code GET
   * /v1/Services/{Sid}} answers it for that account, 404 for any other. Sending does not check it.
   */
  public void addMessagingService(String accountSid, String serviceSid) {
    messagingServices.put(Objects.requireNonNull(serviceSid, "serviceSid"), Objects.requireNonNull(accountSid, "accountSid"));
  }

  /** Every message accepted so far, in arrival order. */
  public List<StubMessage> messages() {
    synchronized (lock) {
      return List.copyOf(messages.values());
    }
  }

  public Optional<StubMessage> message(String sid) {
    synchronized (lock) {
      return Optional.ofNullable(messages.get(sid));
    }
  }

  /** How many Twilio API requests arrived (answered or failed, control API not counted). */
  public int apiRequestCount() {
    return apiRequests.get();
  }

  /**
   * The request target ({@code path?query}, as sent, still encoded) of every list request ({@code
   * GET …/Messages.json}) so far, one per page, in arrival order: shows what a client asked for.
   */
  public List<String> listRequests() {
    return List.copyOf(listRequests);
  }

  /**
   * The messages the list endpoint would return, all pages at once, in Twilio's order: by {@code
   * date_sent}, newest first; messages not sent yet (no {@code date_sent}: accepted, queued…) come
   * first, newest {@code date_created} first; ties (same second) newest arrival first.
   *
   * <p>The date filters are day-granular like Twilio's (a time given with the date is ignored; the
   * day is taken in UTC), and they match {@code date_sent} only: a message not sent yet matches no
   * date filter (Twilio's list by {@code DateSent} does not show a message until it has gone out).
   *
   * @param to only messages to this number, or {@code null}
   * @param from only messages from this sender, or {@code null}
   * @param sentOn only messages sent on this day ({@code DateSent}), or {@code null}
   * @param sentOnOrBefore only messages sent on or before this day ({@code DateSent<}), or {@code null}
   * @param sentOnOrAfter only messages sent on or after this day ({@code DateSent>}), or {@code null}
   */
  public List<StubMessage> listMessages(
      String to, String from, LocalDate sentOn, LocalDate sentOnOrBefore, LocalDate sentOnOrAfter) {
    List<StubMessage> all = messages(); // arrival order
    List<StubMessage> matching = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) { // newest arrival first: the tie-break
      StubMessage m = all.get(i);
      if (to != null && !to.equals(m.to())) {
        continue;
      }
      if (from != null && !from.equals(m.from()) && !from.equals(m.messagingServiceSid())) {
        continue;
      }
      if (sentOn != null || sentOnOrBefore != null || sentOnOrAfter != null) {
        if (m.dateSent() == null) {
          continue;
        }
        LocalDate day = LocalDate.ofInstant(m.dateSent(), ZoneOffset.UTC);
        if ((sentOn != null && !day.equals(sentOn))
            || (sentOnOrBefore != null && day.isAfter(sentOnOrBefore))
            || (sentOnOrAfter != null && day.isBefore(sentOnOrAfter))) {
          continue;
        }
      }
      matching.add(m);
    }
    // stable sort: equal keys keep the newest-arrival-first order
    matching.sort(
        Comparator.comparing((StubMessage m) -> m.dateSent() == null ? 0 : 1)
            .thenComparing(
                (StubMessage m) -> m.dateSent() == null ? m.dateCreated() : m.dateSent(),
                Comparator.reverseOrder()));
    return matching;
  }

  /** Forgets messages, failures and the request count (listeners stay). */
  public void clear() {
    synchronized (lock) {
      messages.clear();
      failures.clear();
      outcomes.clear();
    }
    apiRequests.set(0);
    listRequests.clear();
    autoProgress = true;
    autoDeliverAfter = null;
  }

  /**
   * Called (on a server thread) with each accepted message, before the answer goes out. Meant for
   * logging; mask the number. A listener that throws does not affect the answer.
   */
  public void onMessage(Consumer<StubMessage> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Whether each fetch moves a message's status one step on (default true). */
  public void autoProgress(boolean enabled) {
    this.autoProgress = enabled;
  }

  /** The next {@code times} API requests fail with this status and Twilio error. */
  public void failNext(int times, int httpStatus, int errorCode, String errorMessage) {
    addFailure(StubFailure.error(httpStatus, errorCode, errorMessage).times(Math.max(1, times)));
  }

  /** Every message creation to {@code to} fails with this status and Twilio error, until cleared. */
  public void failTo(String to, int httpStatus, int errorCode, String errorMessage) {
    addFailure(StubFailure.error(httpStatus, errorCode, errorMessage).forTo(to).always());
  }

  /**
   * The next {@code times} API requests are served normally (a message is stored), but answered
   * only after {@code delay}.
   */
  public void delayNext(int times, Duration delay) {
    addFailure(StubFailure.delay(delay).times(Math.max(1, times)));
  }

  public void addFailure(StubFailure failure) {
    Objects.requireNonNull(failure, "failure");
    synchronized (lock) {
      failures.add(new ActiveFailure(failure));
    }
  }

  public void clearFailures() {
    synchronized (lock) {
      failures.clear();
    }
  }

  /**
   * How Twilio's delivery pipeline ends for messages to {@code to} (as posted, e.g. {@code
   * +8613800138000} or {@code whatsapp:+8613800138000}) from now on: {@code delivered} (the
   * default for every recipient), {@code undelivered} (went out, the carrier did not deliver, e.g.
   * 30003 unreachable) or {@code failed} (never went out, e.g. 21610 unsubscribed, 63003 not on
   * WhatsApp). Takes effect in {@link #deliver}.
   */
  public void deliveryOutcome(String to, String status, Integer errorCode) {
    Objects.requireNonNull(to, "to");
    if (!List.of("delivered", "undelivered", "failed").contains(status)) {
      throw new IllegalArgumentException("outcome must be delivered, undelivered or failed: " + status);
    }
    synchronized (lock) {
      outcomes.put(to, new DeliveryOutcome(status, errorCode));
    }
  }

  /**
   * Every message created with a {@code StatusCallback} from now on is {@link #deliver delivered}
   * in the background, {@code after} its answer went out (as on Twilio, the client has recorded
   * the SID by then); {@code null} switches it off (the default). The local launcher switches it
   * on; tests that want to say when callbacks arrive call {@link #deliver} themselves.
   */
  public void autoDeliver(Duration after) {
    if (after != null && after.isNegative()) {
      throw new IllegalArgumentException("after must not be negative: " + after);
    }
    this.autoDeliverAfter = after;
  }

  /** Automatic deliveries ({@link #autoDeliver}) not posted yet: their callbacks are still to come. */
  public int pendingDeliveries() {
    return pendingDeliveries.get();
  }

  /**
   * Runs the message through Twilio's delivery pipeline to its {@link #deliveryOutcome outcome},
   * posting a signed status callback for each step in order, synchronously: its current status
   * ({@code queued}; {@code accepted} becomes {@code queued}), then {@code sent} and {@code
   * delivered}; or {@code sent} and {@code undelivered} with the error; or {@code failed} with the
   * error. Statuses the message already passed are not posted again. A message without a {@code
   * StatusCallback} only changes its status.
   *
   * @return the callbacks posted, in order, with what the receiver answered
   */
  public List<Callback> deliver(String sid) {
    StubMessage m = message(sid).orElseThrow(() -> new IllegalArgumentException("no such message: " + sid));
    DeliveryOutcome outcome;
    synchronized (lock) {
      outcome = outcomes.getOrDefault(m.to(), new DeliveryOutcome("delivered", null));
    }
    List<String> steps =
        switch (outcome.status()) {
          case "failed" -> List.of("queued", "failed");
          case "undelivered" -> List.of("queued", "sent", "undelivered");
          default -> List.of("queued", "sent", "delivered");
        };
    int from = steps.indexOf(m.status().equals("accepted") ? "queued" : m.status());
    List<Callback> posted = new ArrayList<>();
    for (int i = Math.max(0, from); i < steps.size(); i++) {
      String status = steps.get(i);
      Integer errorCode = i == steps.size() - 1 ? outcome.errorCode() : null;
      if (!status.equals(message(sid).orElseThrow().status())) {
        updateStatus(sid, status, errorCode);
      }
      if (m.statusCallback() != null) {
        posted.add(new Callback(status, errorCode, sendStatusCallback(sid)));
      }
    }
    return posted;
  }

  /**
   * Sets a message's status as Twilio's delivery pipeline would (e.g. {@code delivered}, or {@code
   * undelivered} with error 30007). Does not post the status callback: see {@link
   * #sendStatusCallback}.
   */
  public StubMessage updateStatus(String sid, String status, Integer errorCode) {
    Objects.requireNonNull(status, "status");
    synchronized (lock) {
      StubMessage current = messages.get(sid);
      if (current == null) {
        throw new IllegalArgumentException("no such message: " + sid);
      }
      StubMessage updated = current.withStatus(status, errorCode, clock.instant());
      messages.put(sid, updated);
      return updated;
    }
  }

  /**
   * Posts the message's current status to its {@code StatusCallback} URL the way Twilio does
   * (form-encoded, signed with {@code X-Twilio-Signature} under the auth token). The URL's
   * connection overrides ({@link ConnectionOverrides}: {@code #rc=…&rp=…}) say how often a failed
   * post is made again; the fragment itself is neither sent nor signed, the URL before it is.
   *
   * @return the HTTP status the callback answered with (the last attempt's)
   * @throws IllegalStateException when the message has no status callback
   * @throws UncheckedIOException when no attempt got an answer
   */
  public int sendStatusCallback(String sid) {
    StubMessage m = message(sid).orElseThrow(() -> new IllegalArgumentException("no such message: " + sid));
    if (m.statusCallback() == null) {
      throw new IllegalStateException("message " + sid + " has no StatusCallback");
    }
    Map<String, String> params = new TreeMap<>();
    params.put("AccountSid", m.accountSid());
    params.put("ApiVersion", API_VERSION);
    params.put("MessageSid", m.sid());
    params.put("SmsSid", m.sid());
    params.put("MessageStatus", m.status());
    params.put("SmsStatus", m.status());
    params.put("To", m.to());
    if (m.from() != null) {
      params.put("From", m.from());
    }
    if (m.messagingServiceSid() != null) {
      params.put("MessagingServiceSid", m.messagingServiceSid());
    }
    if (m.errorCode() != null) {
      params.put("ErrorCode", m.errorCode().toString());
    }
    StringBuilder form = new StringBuilder();
    params.forEach(
        (k, v) ->
            form.append(form.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    ConnectionOverrides overrides = ConnectionOverrides.of(m.statusCallback());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(overrides.url()))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .header("X-Twilio-Signature", signature(accounts.get(m.accountSid()), overrides.url(), params))
            .header("User-Agent", "TwilioProxy/1.1")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
            .build();
    for (int retriesLeft = overrides.retries(); ; retriesLeft--) {
      try {
        int status = callbackClient.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (retriesLeft == 0 || !overrides.retriesStatus(status)) {
          return status;
        }
      } catch (IOException e) {
        boolean readTimeout =
            e instanceof java.net.http.HttpTimeoutException && !(e instanceof java.net.http.HttpConnectTimeoutException);
        if (retriesLeft == 0 || !overrides.retriesFailure(readTimeout)) {
          throw new UncheckedIOException("status callback to " + overrides.url() + " failed", e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      try {
        Thread.sleep(CALLBACK_RETRY_PAUSE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /**
   * Twilio's request signature: Base64(HMAC-SHA1(authToken, url + sorted key/value pairs)), over
   * the URL Twilio calls: a fragment (its connection overrides, {@code #rc=…}) is not part of it.
   */
  public String signature(String url, Map<String, String> params) {
    return signature(authToken, url, params);
  }

  /** The same signature under another account's auth token (e.g. one {@link #addAccount added}). */
  public static String signature(String authToken, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(ConnectionOverrides.of(url).url());
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops listening at once; answers still being delayed are abandoned. */
  @Override
  public void close() {
    server.stop(0);
    deliveries.shutdownNow();
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) {
    try {
      String path = exchange.getRequestURI().getRawPath();
      if (path.startsWith("/_stub/")) {
        control(exchange, path);
      } else {
        api(exchange, path);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing down
    } catch (IOException e) {
      // the client went away (e.g. it timed out while we were delaying): nothing to answer
    } catch (RuntimeException e) {
      try {
        sendError(exchange, 500, 20500, "Internal Server Error: " + e);
      } catch (IOException | RuntimeException ignored) {
        // the answer may have started already
      }
    } finally {
      exchange.close();
    }
  }

  private void api(HttpExchange exchange, String path) throws IOException, InterruptedException {
    apiRequests.incrementAndGet();
    String method = exchange.getRequestMethod();
    String caller = authenticatedAccount(exchange);
    if (caller == null) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Twilio API\"");
      sendError(exchange, 401, 20003, "Authenticate");
      return;
    }
    Matcher create = CREATE_PATH.matcher(path);
    Matcher fetch = FETCH_PATH.matcher(path);
    Matcher account = ACCOUNT_PATH.matcher(path);
    Matcher numbers = INCOMING_NUMBERS_PATH.matcher(path);
    Matcher service = SERVICE_PATH.matcher(path);
    if (account.matches() && account.group(1).equals(caller) && method.equals("GET")) {
      drain(exchange);
      sendJson(exchange, 200, accountJson(caller));
    } else if (numbers.matches() && numbers.group(1).equals(caller) && method.equals("GET")) {
      drain(exchange);
      sendJson(exchange, 200, incomingNumbersJson(caller, exchange.getRequestURI().getRawQuery()));
    } else if (service.matches() && caller.equals(messagingServices.get(service.group(1))) && method.equals("GET")) {
      drain(exchange);
      sendJson(exchange, 200, serviceJson(service.group(1), caller));
    } else if (create.matches() && create.group(1).equals(caller)) {
      if (method.equals("POST")) {
        createMessage(exchange, parseForm(readBody(exchange)), caller);
      } else if (method.equals("GET")) {
        drain(exchange);
        listMessages(exchange, caller);
      } else {
        drain(exchange);
        sendError(exchange, 405, 20004, "Method not allowed");
      }
    } else if (fetch.matches() && fetch.group(1).equals(caller)) {
      if (!method.equals("GET")) {
        drain(exchange);
        sendError(exchange, 405, 20004, "Method not allowed");
        return;
      }
      fetchMessage(exchange, fetch.group(2), caller);
    } else {
      drain(exchange);
      sendError(exchange, 404, 20404, "The requested resource " + path + " was not found");
    }
  }

  private void createMessage(HttpExchange exchange, Map<String, String> form, String account)
      throws IOException, InterruptedException {
    String to = form.get("To");
    StubFailure failure = takeFailure(to, true);
    if (failure != null && failure.isError()) {
      sleep(failure.delay());
      sendError(exchange, failure.httpStatus(), failure.errorCode(), failure.errorMessage());
      return;
    }
    String from = blankToNull(form.get("From"));
    String messagingServiceSid = blankToNull(form.get("MessagingServiceSid"));
    if (messagingServiceSid == null && from != null && from.startsWith("MG")) {
      messagingServiceSid = from;
      from = null;
    }
    String body = form.getOrDefault("Body", "");
    if (blankToNull(to) == null) {
      sendError(exchange, 400, 21604, "A 'To' phone number is required.");
      return;
    }
    boolean whatsApp = to.startsWith(WHATSAPP);
    if (!E164.matcher(whatsApp ? to.substring(WHATSAPP.length()) : to).matches()) {
      sendError(exchange, 400, 21211, "The 'To' number " + to + " is not a valid phone number.");
      return;
    }
    if (from == null && messagingServiceSid == null) {
      sendError(exchange, 400, 21603, "A 'From' phone number is required.");
      return;
    }
    if (from != null && from.startsWith(WHATSAPP) != whatsApp) {
      sendError(exchange, 400, 21910, "Invalid From and To pair. From and To should be of the same channel");
      return;
    }
    if (from != null
        && !E164.matcher(whatsApp ? from.substring(WHATSAPP.length()) : from).matches()
        && (whatsApp || !from.matches("^[A-Za-z0-9 ]{1,11}$"))) {
      sendError(exchange, 400, whatsApp ? 63007 : 21212,
          whatsApp ? "Twilio could not find a Channel with the specified From address" : "Invalid From Number (caller ID): " + from);
      return;
    }
    if (body.isBlank() && !form.containsKey("MediaUrl") && !form.containsKey("ContentSid")) {
      sendError(exchange, 400, 21602, "Message body is required.");
      return;
    }
    if (body.length() > MAX_BODY_LENGTH) {
      sendError(exchange, 400, 21617, "The concatenated message body exceeds the 1600 character limit.");
      return;
    }
    Instant now = clock.instant();
    StubMessage message =
        new StubMessage(
            newSid(),
            account,
            to,
            from,
            messagingServiceSid,
            body,
            blankToNull(form.get("StatusCallback")),
            messagingServiceSid != null ? "accepted" : "queued",
            whatsApp ? 1 : segments(body),
            null,
            now,
            now,
            null);
    synchronized (lock) {
      messages.put(message.sid(), message);
    }
    for (Consumer<StubMessage> listener : listeners) {
      try {
        listener.accept(message);
      } catch (RuntimeException ignored) {
        // a listener must not change what the client sees
      }
    }
    if (failure != null) {
      sleep(failure.delay());
    }
    sendJson(exchange, 201, messageJson(message, false));
    Duration after = autoDeliverAfter;
    if (after != null && message.statusCallback() != null) {
      String sid = message.sid();
      pendingDeliveries.incrementAndGet();
      deliveries.schedule(
          () -> {
            try {
              deliver(sid);
            } catch (RuntimeException ignored) {
              // the receiver is down, its URL's retries (if any) spent: the status is lost, as at Twilio
            } finally {
              pendingDeliveries.decrementAndGet();
            }
          },
          after.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void fetchMessage(HttpExchange exchange, String sid, String account) throws IOException, InterruptedException {
    StubFailure failure = takeFailure(null, false);
    if (failure != null && failure.isError()) {
      sleep(failure.delay());
      sendError(exchange, failure.httpStatus(), failure.errorCode(), failure.errorMessage());
      return;
    }
    StubMessage message;
    synchronized (lock) {
      message = messages.get(sid);
      if (message != null && !message.accountSid().equals(account)) {
        message = null; // another account's message: Twilio answers 404
      }
      if (message != null && autoProgress) {
        String next = nextStatus(message.status());
        if (!next.equals(message.status())) {
          message = message.withStatus(next, message.errorCode(), clock.instant());
          messages.put(sid, message);
        }
      }
    }
    if (failure != null) {
      sleep(failure.delay());
    }
    if (message == null) {
      sendError(exchange, 404, 20404, "The requested resource " + exchange.getRequestURI().getRawPath() + " was not found");
    } else {
      sendJson(exchange, 200, messageJson(message, false));
    }
  }

  private void listMessages(HttpExchange exchange, String account) throws IOException, InterruptedException {
    String rawQuery = exchange.getRequestURI().getRawQuery();
    listRequests.add(exchange.getRequestURI().getRawPath() + (rawQuery == null ? "" : "?" + rawQuery));
    StubFailure failure = takeFailure(null, false);
    if (failure != null && failure.isError()) {
      sleep(failure.delay());
      sendError(exchange, failure.httpStatus(), failure.errorCode(), failure.errorMessage());
      return;
    }
    Map<String, String> query = parseForm(rawQuery == null ? "" : rawQuery);
    // the filters, as given, to carry into the paging URIs
    Map<String, String> filters = new LinkedHashMap<>();
    for (String key : List.of("To", "From", "DateSent", "DateSent<", "DateSent>")) {
      if (query.get(key) != null && !query.get(key).isEmpty()) {
        filters.put(key, query.get(key));
      }
    }
    List<StubMessage> matching;
    int pageSize;
    int page;
    try {
      matching =
          listMessages(
              filters.get("To"),
              filters.get("From"),
              day(filters.get("DateSent")),
              day(filters.get("DateSent<")),
              day(filters.get("DateSent>")))
              .stream()
              .filter(m -> m.accountSid().equals(account))
              .toList();
      pageSize = intParam(query, "PageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
      page = intParam(query, "Page", 0, 0, Integer.MAX_VALUE);
    } catch (IllegalArgumentException e) {
      sendError(exchange, 400, 20001, e.getMessage());
      return;
    }
    // where the page starts: after/before the SID in the token when it is still listed, else by index
    long start = (long) page * pageSize;
    long end = start + pageSize; // exclusive
    String token = query.get("PageToken");
    if (token != null && token.length() > 2) {
      int at = indexOfSid(matching, token.substring(2));
      if (at >= 0 && token.startsWith("PA")) {
        start = at + 1L;
        end = start + pageSize;
      } else if (at >= 0 && token.startsWith("PB")) {
        end = at;
        start = Math.max(0, end - pageSize);
      }
    }
    int from = (int) Math.min(start, matching.size());
    int to = (int) Math.min(end, matching.size());
    List<StubMessage> records = matching.subList(from, to);
    List<Map<String, Object>> messagesJson = new ArrayList<>();
    for (StubMessage m : records) {
      messagesJson.add(messageJson(m, false));
    }
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("end", records.isEmpty() ? from : from + records.size() - 1);
    envelope.put("first_page_uri", pageUri(account, filters, pageSize, 0, null));
    envelope.put("messages", messagesJson);
    envelope.put(
        "next_page_uri",
        to < matching.size() && !records.isEmpty()
            ? pageUri(account, filters, pageSize, page + 1, "PA" + records.get(records.size() - 1).sid())
            : null);
    envelope.put("page", page);
    envelope.put("page_size", pageSize);
    envelope.put(
        "previous_page_uri",
        page > 0 && from > 0 && !records.isEmpty()
            ? pageUri(account, filters, pageSize, page - 1, "PB" + records.get(0).sid())
            : null);
    envelope.put("start", from);
    envelope.put("uri", pageUri(account, filters, pageSize, page, token));
    if (failure != null) {
      sleep(failure.delay());
    }
    sendJson(exchange, 200, envelope);
  }

  private static String pageUri(String account, Map<String, String> filters, int pageSize, int page, String pageToken) {
    Map<String, String> params = new LinkedHashMap<>(filters);
    params.put("PageSize", Integer.toString(pageSize));
    params.put("Page", Integer.toString(page));
    if (pageToken != null) {
      params.put("PageToken", pageToken);
    }
    StringBuilder uri = new StringBuilder("/" + API_VERSION + "/Accounts/" + account + "/Messages.json");
    params.forEach(
        (k, v) ->
            uri.append(uri.indexOf("?") < 0 ? '?' : '&')
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return uri.toString();
  }

  private static int indexOfSid(List<StubMessage> messages, String sid) {
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i).sid().equals(sid)) {
        return i;
      }
    }
    return -1;
  }

  /** Twilio's date filters take a GMT day ({@code YYYY-MM-DD}); a time after it is ignored. */
  private static LocalDate day(String value) {
    if (value == null) {
      return null;
    }
    Matcher m = DATE_PREFIX.matcher(value.trim());
    try {
      if (m.matches()) {
        return LocalDate.parse(m.group(1));
      }
    } catch (DateTimeParseException e) {
      // fall through
    }
    throw new IllegalArgumentException("Invalid date value: " + value);
  }

  private static int intParam(Map<String, String> query, String name, int fallback, int min, int max) {
    String value = query.get(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("Invalid " + name + ": " + value);
  }

  private static String nextStatus(String status) {
    return switch (status) {
      case "accepted" -> "queued";
      case "queued", "sending" -> "sent";
      case "sent" -> "delivered";
      default -> status;
    };
  }

  private StubFailure takeFailure(String to, boolean isCreate) {
    synchronized (lock) {
      for (Iterator<ActiveFailure> it = failures.iterator(); it.hasNext(); ) {
        ActiveFailure active = it.next();
        StubFailure rule = active.rule;
        if (rule.to() != null && !(isCreate && rule.to().equals(to))) {
          continue;
        }
        if (rule.times() > 0 && --active.remaining <= 0) {
          it.remove();
        }
        return rule;
      }
      return null;
    }
  }

  /** The account whose SID and token the request's Basic credentials are, or {@code null}. */
  private String authenticatedAccount(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String sid = decoded.substring(0, colon);
    String token = accounts.get(sid);
    return token != null && token.equals(decoded.substring(colon + 1)) ? sid : null;
  }

  // ---------------------------------------------------------------------------------------------

  private void control(HttpExchange exchange, String path) throws IOException {
    String method = exchange.getRequestMethod();
    Matcher status = STATUS_PATH.matcher(path);
    if (path.equals("/_stub/messages") && method.equals("GET")) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (StubMessage m : messages()) {
        list.add(messageJson(m, true));
      }
      sendJson(exchange, 200, list);
    } else if (path.equals("/_stub/messages") && method.equals("DELETE")) {
      synchronized (lock) {
        messages.clear();
      }
      sendEmpty(exchange, 204);
    } else if (path.equals("/_stub/failures") && method.equals("POST")) {
      JsonNode node = json.readTree(readBody(exchange));
      StubFailure failure =
          new StubFailure(
              node.path("times").asInt(1),
              node.hasNonNull("to") ? node.get("to").asString() : null,
              node.path("status").asInt(0),
              node.hasNonNull("code") ? node.get("code").asInt() : null,
              node.hasNonNull("message") ? node.get("message").asString() : null,
              Duration.ofMillis(node.path("delay_ms").asLong(0)));
      addFailure(failure);
      sendEmpty(exchange, 204);
    } else if (path.equals("/_stub/failures") && method.equals("DELETE")) {
      clearFailures();
      sendEmpty(exchange, 204);
    } else if (DELIVER_PATH.matcher(path).matches() && method.equals("POST")) {
      drain(exchange);
      Matcher deliver = DELIVER_PATH.matcher(path);
      deliver.matches();
      if (message(deliver.group(1)).isEmpty()) {
        sendError(exchange, 404, 20404, "no such message: " + deliver.group(1));
        return;
      }
      List<Map<String, Object>> posted = new ArrayList<>();
      for (Callback c : deliver(deliver.group(1))) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("status", c.status());
        entry.put("error_code", c.errorCode());
        entry.put("http_status", c.httpStatus());
        posted.add(entry);
      }
      sendJson(exchange, 200, posted);
    } else if (status.matches() && method.equals("POST")) {
      JsonNode node = json.readTree(readBody(exchange));
      String sid = status.group(1);
      if (message(sid).isEmpty()) {
        sendError(exchange, 404, 20404, "no such message: " + sid);
        return;
      }
      StubMessage updated =
          updateStatus(
              sid,
              node.path("status").asString(),
              node.hasNonNull("error_code") ? node.get("error_code").asInt() : null);
      if (node.path("callback").asBoolean(false) && updated.statusCallback() != null) {
        sendStatusCallback(sid);
      }
      sendJson(exchange, 200, messageJson(updated, true));
    } else {
      drain(exchange);
      sendError(exchange, 404, 20404, "The requested resource " + path + " was not found");
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Twilio's Account resource, as {@code GET /Accounts/{Sid}.json} answers it (the SDK's {@code Account.fetcher}). */
  /** One page holding every number of the account that contains the {@code PhoneNumber} filter. */
  private Map<String, Object> incomingNumbersJson(String account, String rawQuery) {
    Map<String, String> query = parseForm(rawQuery == null ? "" : rawQuery);
    String filter = query.getOrDefault("PhoneNumber", "");
    String created = RFC_2822.format(Instant.EPOCH);
    String base = "/" + API_VERSION + "/Accounts/" + account + "/IncomingPhoneNumbers";
    List<Map<String, Object>> records = new ArrayList<>();
    for (String number : incomingNumbers.getOrDefault(account, Set.of())) {
      if (number.contains(filter)) {
        String sid = "PN" + sidDigits(account + number);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sid", sid);
        json.put("account_sid", account);
        json.put("phone_number", number);
        json.put("friendly_name", number);
        json.put("capabilities", Map.of("sms", true, "mms", false, "voice", false, "fax", false));
        json.put("status", "in-use");
        json.put("date_created", created);
        json.put("date_updated", created);
        json.put("uri", base + "/" + sid + ".json");
        records.add(json);
      }
    }
    String uri = base + ".json" + (rawQuery == null ? "" : "?" + rawQuery);
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("end", Math.max(0, records.size() - 1));
    envelope.put("first_page_uri", uri);
    envelope.put("incoming_phone_numbers", records);
    envelope.put("next_page_uri", null);
    envelope.put("page", 0);
    envelope.put("page_size", Math.max(DEFAULT_PAGE_SIZE, records.size()));
    envelope.put("previous_page_uri", null);
    envelope.put("start", 0);
    envelope.put("uri", uri);
    return envelope;
  }

  private static Map<String, Object> serviceJson(String sid, String account) {
    String created = Instant.EPOCH.toString();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sid", sid);
    json.put("account_sid", account);
    json.put("friendly_name", "Cuifu stub service " + sid);
    json.put("date_created", created);
    json.put("date_updated", created);
    json.put("url", "https://messaging.twilio.com/v1/Services/" + sid);
    return json;
  }

  /** 32 hex digits derived from the text, so a resource keeps its SID between requests. */
  private static String sidDigits(String text) {
    return java.util.UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
  }

  private Map<String, Object> accountJson(String sid) {
    String created = RFC_2822.format(Instant.EPOCH);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sid", sid);
    json.put("owner_account_sid", sid);
    json.put("friendly_name", sid.equals(accountSid) ? "Cuifu stub" : "Cuifu stub " + sid);
    json.put("status", "active");
    json.put("type", "Full");
    json.put("auth_token", accounts.get(sid));
    json.put("date_created", created);
    json.put("date_updated", created);
    json.put("uri", "/" + API_VERSION + "/Accounts/" + sid + ".json");
    json.put("subresource_uris", Map.of("messages", "/" + API_VERSION + "/Accounts/" + sid + "/Messages.json"));
    return json;
  }

  private Map<String, Object> messageJson(StubMessage m, boolean withCallback) {
    String uri = "/" + API_VERSION + "/Accounts/" + m.accountSid() + "/Messages/" + m.sid();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("account_sid", m.accountSid());
    json.put("api_version", API_VERSION);
    json.put("body", m.body());
    json.put("date_created", rfc2822(m.dateCreated()));
    json.put("date_sent", rfc2822(m.dateSent()));
    json.put("date_updated", rfc2822(m.dateUpdated()));
    json.put("direction", "outbound-api");
    json.put("error_code", m.errorCode());
    json.put("error_message", null);
    json.put("from", m.from());
    json.put("messaging_service_sid", m.messagingServiceSid());
    json.put("num_media", "0");
    json.put("num_segments", Integer.toString(m.numSegments()));
    json.put("price", null);
    json.put("price_unit", "USD");
    json.put("sid", m.sid());
    json.put("status", m.status());
    json.put(
        "subresource_uris",
        Map.of("media", uri + "/Media.json", "feedback", uri + "/Feedback.json"));
    json.put("to", m.to());
    json.put("uri", uri + ".json");
    if (withCallback) {
      json.put("status_callback", m.statusCallback());
    }
    return json;
  }

  private static String rfc2822(Instant instant) {
    return instant == null ? null : RFC_2822.format(instant);
  }

  private String newSid() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return "SM" + HexFormat.of().formatHex(bytes);
  }

  /** SMS segments as carriers count them: GSM-7 (160, or 153 per part) else UCS-2 (70 / 67). */
  static int segments(String body) {
    int septets = 0;
    boolean gsm = true;
    for (int i = 0; i < body.length() && gsm; i++) {
      char c = body.charAt(i);
      if (GSM_7_BASIC.indexOf(c) >= 0) {
        septets += 1;
      } else if (GSM_7_EXTENSION.indexOf(c) >= 0) {
        septets += 2;
      } else {
        gsm = false;
      }
    }
    if (gsm) {
      return septets <= 160 ? 1 : (septets + 152) / 153;
    }
    int units = body.length();
    return units <= 70 ? 1 : (units + 66) / 67;
  }

  private void sendError(HttpExchange exchange, int status, Integer code, String message) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("message", message);
    body.put("more_info", code == null ? null : "https://www.twilio.com/docs/errors/" + code);
    body.put("status", status);
    sendJson(exchange, status, body);
  }

  private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().set("Twilio-Request-Id", "RQ" + HexFormat.of().formatHex(randomBytes()));
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return bytes;
  }

  private static void sendEmpty(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
  }

  private static String readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void drain(HttpExchange exchange) throws IOException {
    readBody(exchange);
  }

  private static Map<String, String> parseForm(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return form;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.putIfAbsent(key, value);
    }
    return form;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static void sleep(Duration delay) throws InterruptedException {
    if (!delay.isZero()) {
      Thread.sleep(delay.toMillis());
    }
  }

  private static final class ActiveFailure {
    final StubFailure rule;
    int remaining;

    ActiveFailure(StubFailure rule) {
      this.rule = rule;
      this.remaining = rule.times();
    }
  }
}
