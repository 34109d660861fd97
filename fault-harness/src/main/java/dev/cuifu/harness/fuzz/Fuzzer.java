package dev.cuifu.harness.fuzz;

import dev.cuifu.harness.Target;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes every operation of order-ingest's and reminder-service's OpenAPI documents from outside,
 * with and without valid credentials, and judges every answer ({@link Judge}).
 *
 * <p>It brings its own shops: one whose API key and SHOP_ADMIN agent are the valid credentials
 * (its reminder policy switched off, so its orders send nothing), and one whose id the operator's
 * path variables name (its keys may be rotated or revoked). It never names another shop, so the
 * rest of a run on the same system keeps its shops and keys.
 */
public final class Fuzzer {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** An international number ({@code +86 138 0013 8000}) or a bare Chinese mobile number. */
  private static final Pattern PHONE_LIKE = Pattern.compile("\\+\\d(?:[ -]?\\d){6,}|(?<![\\d.])1[3-9]\\d{9}(?!\\d)");

  private final Target target;
  private final FuzzOptions options;
  private final RawHttp ingest;
  private final RawHttp reminder;
  private final Random setup = new Random();
  private final Map<ApiOperation.Auth, String[]> valid = new LinkedHashMap<>();

  /** At most 20 counted wrong sign-ins a minute: well under the throttle's 30 per address. */
  private static final Duration COUNTED_SIGN_IN_GAP = Duration.ofSeconds(3);

  private long lastCountedSignIn = System.nanoTime() - COUNTED_SIGN_IN_GAP.toNanos();

  private Fuzzer(Target target, FuzzOptions options) {
    this.target = target;
    this.options = options;
    this.ingest = new RawHttp(URI.create(target.ingestUrl()), options.timeout());
    this.reminder = new RawHttp(URI.create(target.reminderUrl()), options.timeout());
  }

  /** Fetches both documents, creates the fuzzer's shops and agent, sends the budget and judges it. */
  public static FuzzResult run(Target target, FuzzOptions options) throws IOException, InterruptedException {
    return new Fuzzer(target, options).run();
  }

  private FuzzResult run() throws IOException, InterruptedException {
    List<ApiOperation> operations = new ArrayList<>();
    operations.addAll(ApiOperation.parse("ingest", document(ingest)));
    operations.addAll(ApiOperation.parse("reminder", document(reminder)));
    String own = "fuzz-" + CaseGenerator.hex(setup, 5);
    CaseGenerator generator = new CaseGenerator(new CaseGenerator.Fixtures(own, own + "-ops"), Instant.now());
    prepare(own, own + "-ops", generator, operations);

    List<FuzzCase> cases = generator.cases(operations, options.seed(), options.requests());
    Map<String, LongAdder> byClass = new ConcurrentHashMap<>();
    Map<String, Map<String, LongAdder>> byOperation = new ConcurrentHashMap<>();
    List<FuzzResult.Failure> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger sent = new AtomicInteger();
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(options.threads());
    try {
      for (FuzzCase c : cases) {
        pool.execute(() -> {
          String statusClass = send(generator, c, failures);
          sent.incrementAndGet();
          byClass.computeIfAbsent(statusClass, k -> new LongAdder()).increment();
          byOperation.computeIfAbsent(c.operation().name(), k -> new ConcurrentHashMap<>())
              .computeIfAbsent(statusClass, k -> new LongAdder()).increment();
        });
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.HOURS);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    healthAfterwards("ingest", ingest, failures);
    healthAfterwards("reminder", reminder, failures);
    Map<String, Long> classes = new LinkedHashMap<>();
    FuzzResult.CLASSES.forEach(c -> classes.put(c, byClass.containsKey(c) ? byClass.get(c).sum() : 0L));
    Map<String, Map<String, Long>> operationsOut = new TreeMap<>();
    byOperation.forEach((name, counts) -> {
      Map<String, Long> out = new LinkedHashMap<>();
      FuzzResult.CLASSES.stream().filter(counts::containsKey).forEach(c -> out.put(c, counts.get(c).sum()));
      operationsOut.put(name, out);
    });
    return new FuzzResult(sent.get(), elapsed, classes, operationsOut, List.copyOf(failures));
  }

  // ---------------------------------------------------------------- one case

  private String send(CaseGenerator generator, FuzzCase c, List<FuzzResult.Failure> failures) {
    CaseGenerator.Request request;
    try {
      request = generator.materialise(c);
    } catch (RuntimeException e) {
      failures.add(failure(c, null, 0, "the fuzzer could not build the request: " + e, ""));
      return "no answer";
    }
    Map<String, String> headers = new LinkedHashMap<>(request.headers());
    ApiOperation.Auth auth = c.operation().auth();
    String[] credential = switch (c.credential()) {
      case VALID -> valid.get(auth);
      case WRONG -> wrong(auth);
      case NONE -> null;
    };
    if (credential != null) {
      headers.put(credential[0], credential[1]);
    }
    boolean authenticated = auth == ApiOperation.Auth.NONE || c.credential() == Credential.VALID && valid.containsKey(auth);
    RawHttp http = "ingest".equals(c.operation().service()) ? ingest : reminder;
    RawHttp.Response response;
    try {
      response = http.send(request.method(), request.target(), headers, request.body());
    } catch (IOException | RuntimeException e) {
      failures.add(failure(c, request, 0, "no answer: " + e, ""));
      return "no answer";
    }
    int status = response.status();
    String verdict = Judge.verdict(status, response.header("Content-Type"), response.body(), authenticated);
    if (verdict != null) {
      failures.add(failure(c, request, status, verdict, new String(response.body(), StandardCharsets.UTF_8)));
    }
    return status >= 500 ? "5xx" : status >= 400 ? "4xx" : status >= 300 ? "3xx" : "2xx";
  }

  private String[] wrong(ApiOperation.Auth auth) {
    Random random = new Random();
    return switch (auth) {
      case API_KEY -> new String[] {"X-Api-Key", "cf_" + CaseGenerator.hex(random, 16)};
      case OPERATOR -> new String[] {"Authorization", "Bearer wrong-" + CaseGenerator.hex(random, 16)};
      case AGENT -> new String[] {"Authorization", wrongSignIn(random)};
      case TWILIO -> new String[] {"X-Twilio-Signature", Base64.getEncoder().encodeToString(CaseGenerator.hex(random, 20).getBytes(StandardCharsets.US_ASCII))};
      case NONE -> null;
    };
  }

  /**
   * A wrong agent sign-in. reminder-service counts wrong passwords per client address (default 30
   * a minute, then every sign-in from that address is refused for a while, the shared system's
   * agents included), so a real wrong password goes out at most every {@link #COUNTED_SIGN_IN_GAP};
   * otherwise a header the throttle does not count: not Base64, no colon, another scheme.
   */
  private String wrongSignIn(Random random) {
    long now = System.nanoTime();
    synchronized (this) {
      if (now - lastCountedSignIn >= COUNTED_SIGN_IN_GAP.toNanos()) {
        lastCountedSignIn = now;
        return basic("fuzz-nobody-" + CaseGenerator.hex(random, 4), "wrong-password-1");
      }
    }
    return CaseGenerator.pick(random, List.of("Basic !!not-base64!!",
        "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.US_ASCII)),
        "Bearer " + CaseGenerator.hex(random, 16), "Digest username=\"x\"", "Basic"));
  }

  private FuzzResult.Failure failure(FuzzCase c, CaseGenerator.Request request, int status, String reason, String body) {
    String shown = body.length() > 300 ? body.substring(0, 300) : body;
    return new FuzzResult.Failure(c.operation().name(), c.describe(), status, mask(reason), mask(shown),
        request == null ? "(no request)" : curl(c, request));
  }

  /** A command line with the credential as a shell variable; bodies that cannot be typed are described. */
  private String curl(FuzzCase c, CaseGenerator.Request request) {
    String base = "ingest".equals(c.operation().service()) ? target.ingestUrl() : target.reminderUrl();
    StringBuilder curl = new StringBuilder("curl -si -X ").append(request.method()).append(" '")
        .append(base).append(abbreviate(request.target())).append("'");
    request.headers().forEach((name, value) -> curl.append(" -H '").append(name).append(": ").append(value).append("'"));
    if (c.credential() == Credential.VALID) {
      curl.append(switch (c.operation().auth()) {
        case API_KEY -> " -H \"X-Api-Key: $KEY\"";
        case OPERATOR -> " -H \"Authorization: Bearer $OPERATOR_TOKEN\"";
        case AGENT -> " -u \"$AGENT:$PASSWORD\"";
        default -> "";
      });
    } else if (c.credential() == Credential.WRONG) {
      curl.append(" (with a wrong credential)");
    }
    byte[] body = request.body();
    if (body != null && body.length > 0) {
      String text = utf8(body);
      if (text != null && body.length <= 2000 && text.chars().noneMatch(ch -> ch < 0x20 || ch == '\'')) {
        curl.append(" --data-binary '").append(text).append("'");
      } else {
        curl.append(" --data-binary @body (").append(body.length).append(" bytes: ").append(c.mutation())
            .append("; rebuild with seed ").append(c.seed()).append(")");
      }
    }
    return mask(curl.toString());
  }

  private static String abbreviate(String target) {
    return target.length() <= 300 ? target : target.substring(0, 120) + "…(" + target.length() + " chars)";
  }

  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** {@code +8613800138000} → {@code +86138****8000}: no raw phone number in a report. */
  static String mask(String text) {
    Matcher m = PHONE_LIKE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String digits = m.group().replace(" ", "").replace("-", "");
      String masked = digits.length() <= 8 ? "****" : digits.substring(0, digits.length() - 8) + "****" + digits.substring(digits.length() - 4);
      m.appendReplacement(out, Matcher.quoteReplacement(masked));
    }
    m.appendTail(out);
    return out.toString();
  }

  // ---------------------------------------------------------------- setup

  private JsonNode document(RawHttp app) throws IOException {
    RawHttp.Response response = app.send("GET", "/v3/api-docs", Map.of("Authorization", "Bearer " + target.operatorToken()), null);
    if (response.status() != 200) {
      throw new IOException("GET /v3/api-docs answered " + response.status());
    }
    return JSON.readTree(new String(response.body(), StandardCharsets.UTF_8));
  }

  private void prepare(String own, String ops, CaseGenerator generator, List<ApiOperation> operations)
      throws IOException, InterruptedException {
    valid.put(ApiOperation.Auth.OPERATOR, new String[] {"Authorization", "Bearer " + target.operatorToken()});
    String key = createShop(own);
    createShop(ops);
    valid.put(ApiOperation.Auth.API_KEY, new String[] {"X-Api-Key", key});
    Map<String, String> withKey = Map.of("X-Api-Key", key, "Content-Type", "application/json");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (reminder.send("GET", "/api/v1/policy", withKey, null).status() != 200) {
      if (System.nanoTime() > deadline) {
        throw new IOException("reminder-service did not learn shop " + own + " within 60 s");
      }
      Thread.sleep(200);
    }
    // the fuzzer's orders must not reach a buyer: every channel off before the first event
    for (ApiOperation op : operations) {
      if ("reminder".equals(op.service()) && "PUT".equals(op.method()) && "/api/v1/policy".equals(op.path())) {
        byte[] policy = JSON.writeValueAsBytes(generator.baselineBody(op, new Random(0)));
        RawHttp.Response answer = reminder.send("PUT", "/api/v1/policy", withKey, policy);
        if (answer.status() != 200) {
          throw new IOException("PUT /api/v1/policy (channels off) answered " + answer.status() + ": "
              + mask(new String(answer.body(), StandardCharsets.UTF_8)));
        }
      }
    }
    boolean agents = operations.stream().anyMatch(op -> op.auth() == ApiOperation.Auth.AGENT);
    if (agents) {
      String username = own + "-admin";
      String password = "fuzz-" + CaseGenerator.hex(setup, 12);
      byte[] body = JSON.writeValueAsBytes(Map.of("username", username, "displayName", "Fuzzer", "password", password, "role", "SHOP_ADMIN"));
      RawHttp.Response answer = reminder.send("POST", "/api/v1/agents", withKey, body);
      if (answer.status() != 201) {
        throw new IOException("POST /api/v1/agents answered " + answer.status());
      }
      valid.put(ApiOperation.Auth.AGENT, new String[] {"Authorization", basic(username, password)});
    }
  }

  private String createShop(String shopId) throws IOException {
    byte[] body = JSON.writeValueAsBytes(Map.of("shopId", shopId, "name", "Fuzzer " + shopId, "smsDelay", "P3D",
        "smsFrom", CaseGenerator.SENDER, "timeZone", "Asia/Shanghai"));
    RawHttp.Response answer = ingest.send("POST", "/admin/v1/shops",
        Map.of("Authorization", "Bearer " + target.operatorToken(), "Content-Type", "application/json"), body);
    if (answer.status() != 201) {
      throw new IOException("POST /admin/v1/shops answered " + answer.status() + ": " + new String(answer.body(), StandardCharsets.UTF_8));
    }
    return JSON.readTree(answer.body()).path("apiKey").asString();
  }

  private void healthAfterwards(String name, RawHttp app, List<FuzzResult.Failure> failures) {
    int status;
    try {
      status = app.send("GET", "/actuator/health", Map.of(), null).status();
    } catch (IOException e) {
      status = 0;
    }
    if (status != 200) {
      failures.add(new FuzzResult.Failure(name, "health after the run", status, "not healthy after the run", "", "curl -si '"
          + ("ingest".equals(name) ? target.ingestUrl() : target.reminderUrl()) + "/actuator/health'"));
    }
  }

  private static String basic(String username, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
