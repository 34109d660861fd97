package dev.cuifu.harness.tenancy;

import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.harness.Target;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shop B against shop A, from outside: two new shops, A with data of every kind, then every
 * operation the apps' OpenAPI documents list, sent with B's API key and as B's SHOP_ADMIN agent,
 * aimed at A's ids. No answer to B may hold A's data, and afterwards A's data, read with A's own
 * credentials, must be as it was.
 */
public final class TenancyMatrix {

  private final Target target;
  private final boolean control;

  private TenancyMatrix(Target target, boolean control) {
    this.target = target;
    this.control = control;
  }

  public static TenancyResult run(Target target) {
    return new TenancyMatrix(target, false).run();
  }

  /**
   * The same matrix with A's own API key and admin in B's place: every probe aimed at A's data then
   * reaches it, so the result must be full of violations. Shows that the checks can see one.
   */
  public static TenancyResult control(Target target) {
    return new TenancyMatrix(target, true).run();
  }

  private TenancyResult run() {
    List<ApiOperation> operations = new ArrayList<>();
    operations.addAll(OpenApiOperations.read("ingest", document(target.ingestUrl())));
    operations.addAll(OpenApiOperations.read("reminder", document(target.reminderUrl())));

    TenantSetup setup = new TenantSetup(target);
    Tenant a = setup.create("a", "139", true);
    Tenant b = setup.create("b", "137", false);

    Tenant caller = control ? a : b;
    List<Credential> credentials =
        List.of(
            new Credential("B's API key", Credential.Kind.API_KEY, caller.key()),
            new Credential("B's SHOP_ADMIN agent", Credential.Kind.AGENT, caller.admin().headers()),
            new Credential("B's platform secrets", Credential.Kind.PLATFORM_SIGNATURE, Map.of(), caller.platformSecrets()));

    Snapshot first = snapshot(a);
    ShopClient.pause(Duration.ofSeconds(2));
    Snapshot before = snapshot(a);
    Set<String> volatilePlaces = Snapshot.differingPlaces(first, before);

    ProbeCatalog catalog = new ProbeCatalog(a, b);
    ownOrders = catalog.ownOrders();
    List<TenancyResult.NotCovered> notCovered = new ArrayList<>();
    List<Probe> probes = new ArrayList<>();
    for (ApiOperation op : operations) {
      ProbeCatalog.Entry entry = catalog.probes(op);
      if (entry.notCovered() != null) {
        notCovered.add(new TenancyResult.NotCovered(op.key(), entry.notCovered()));
      }
      probes.addAll(entry.probes());
    }
    // reads and refusals first: B's own events later give B orders with A's order ids
    probes.sort(Comparator.comparing(p -> p.expect().ordinal()));

    for (Probe probe : probes) {
      probeCounts.merge(probe.operation().key(), 1, Integer::sum);
      for (Credential credential : credentials) {
        // a signature is no credential at all outside the webhooks: without one, nothing to learn there
        if (credential.kind() != Credential.Kind.PLATFORM_SIGNATURE || probe.operation().requiredCredential() == credential.kind()) {
          send(probe, credential, a.markers(), "");
        }
      }
    }

    // B's events are consumed asynchronously: once B's own new order is planned, they are too
    String sentinel = "ord-" + b.shopId() + "-sentinel";
    ShopClient.post(target, b.apiKey(), ShopClient.orderCreated("evt-" + sentinel, sentinel, "buyer-b-s", b.phones().get(0), 1000, "b", null, null));
    ShopClient.awaitPlanned(target, b.apiKey(), sentinel, Duration.ofSeconds(60));
    ShopClient.pause(Duration.ofSeconds(3));
    collisionPass(operations, catalog, b, credentials, a.markers());

    Snapshot after = snapshot(a);
    for (String difference : Snapshot.differences(before, after, volatilePlaces)) {
      violations.add(new TenancyResult.Violation("cross-shop write", difference.substring(0, difference.indexOf(' ', difference.indexOf(' ') + 1)),
          "(any of B's)", "A's data re-read with A's credentials", 0, difference));
    }

    // the rows, built after the fact from the answers recorded in send()
    Map<String, Map<String, Map<Integer, Integer>>> statuses = new LinkedHashMap<>();
    answers.forEach((key, byStatus) -> statuses.computeIfAbsent(key.operation(), k -> new TreeMap<>()).put(key.credential(), byStatus));
    List<TenancyResult.Row> rows = new ArrayList<>();
    probeCounts.forEach((op, n) -> rows.add(new TenancyResult.Row(op, n, statuses.getOrDefault(op, Map.of()), violationCounts.getOrDefault(op, 0))));
    List<TenancyResult.Violation> observations = new ArrayList<>();
    lockout(a).ifPresent(observations::add);
    int seen = a.markers().leakedInto(before.reads().toString(), "").size();
    Set<String> phones = new TreeSet<>(a.phones());
    phones.addAll(b.phones());
    return new TenancyResult(a.shopId(), b.shopId(), operations.size(), rows, notCovered, a.markers().size(), seen, volatilePlaces, violations,
        observations, phones, List.copyOf(errorBodies));
  }

  private record AnswerKey(String operation, String credential) {}

  private final Map<AnswerKey, Map<Integer, Integer>> answers = new LinkedHashMap<>();
  private final Map<String, Integer> probeCounts = new LinkedHashMap<>();
  private final Map<String, Integer> violationCounts = new LinkedHashMap<>();
  private final List<TenancyResult.Violation> violations = new ArrayList<>();
  private final List<String> errorBodies = new ArrayList<>();
  /** How many orders B has while the backtests run ({@link Probe.Expect#OWN_ORDERS}). */
  private int ownOrders;
  /** The bodies B's calls stored in B's own shop (answered 2xx): their values are B's own from then on. */
  private final StringBuilder storedByB = new StringBuilder();

  /**
   * Sends a probe and records its answer and every violation it shows.
   *
   * @param alsoBs values of A's markers that are B's own too (shared ids): not leaks when they show
   */
  private void send(Probe probe, Credential credential, Markers markers, String alsoBs) {
    ApiOperation op = probe.operation();
    String base = op.app().equals("ingest") ? target.ingestUrl() : target.reminderUrl();
    Map<String, String> headers = new LinkedHashMap<>(probe.headers());
    headers.putAll(credential.headers());
    String body = probe.body();
    if (credential.kind() == Credential.Kind.PLATFORM_SIGNATURE) {
      String platform = PlatformSignatures.platform(op.path());
      PlatformSignatures.Signed signed = PlatformSignatures.sign(platform, body, credential.platformSecrets().get(platform));
      headers.putAll(signed.headers());
      body = signed.body();
    }
    Http.Answer answer = Http.send(probe.method(), base + probe.path(), headers, body);
    answers.computeIfAbsent(new AnswerKey(op.key(), credential.name()), k -> new TreeMap<>()).merge(answer.status(), 1, Integer::sum);
    if (answer.status() >= 400) {
      errorBodies.add(answer.body());
    }
    if (answer.ok() && body != null) {
      storedByB.append(body).append('\n');
    }
    String request = probe.method() + " " + probe.path() + (probe.headers().isEmpty() ? "" : " " + probe.headers())
        + (body == null ? "" : " " + abbreviate(body));
    String sent = URLDecoder.decode(probe.path(), StandardCharsets.UTF_8) + " " + probe.headers().values() + " " + (body == null ? "" : body)
        + " " + alsoBs;
    BiConsumer<String, String> violation = (kind, detail) -> {
      violations.add(new TenancyResult.Violation(kind, op.key(), credential.name(), request, answer.status(), detail));
      violationCounts.merge(op.key(), 1, Integer::sum);
    };

    for (String leaked : markers.leakedInto(answer.body(), sent)) {
      violation.accept("cross-shop read", "the answer holds A's " + leaked + ": " + abbreviate(answer.body()));
    }
    if (answer.status() >= 500 || answer.status() == 0) {
      violation.accept("server error", probe.note() + ": " + abbreviate(answer.body()));
    }
    if (credential.kind() != op.requiredCredential()) {
      if (answer.ok()) {
        violation.accept("wrong credential accepted", "the operation takes " + op.requiredCredential() + "; " + probe.note());
      }
      return;
    }
    switch (probe.expect()) {
      case DENY -> {
        if (answer.ok()) {
          violation.accept("cross-shop access", probe.note() + " answered " + answer.status() + ": " + abbreviate(answer.body()));
        }
      }
      case REFUSE_REFERENCE -> {
        if (answer.ok()) {
          violation.accept("cross-shop reference", probe.note() + " was accepted: " + abbreviate(answer.body()));
        }
      }
      case OWN_ORDERS -> {
        JsonNode result = ShopClient.json(answer.body());
        List<Long> counted = new ArrayList<>(List.of(result.path("orders").path("rows").asLong(-1)));
        result.path("policies").forEach(p -> counted.add(p.path("report").path("orders").asLong(-1)));
        if (answer.status() != 200 || result.path("policies").isEmpty() || counted.stream().anyMatch(n -> n != ownOrders)) {
          violation.accept("cross-shop read",
              probe.note() + ": must replay B's " + ownOrders + " orders only, counted " + counted + ": " + abbreviate(answer.body()));
        }
      }
      case OWN_EVENTS -> {
        JsonNode result = ShopClient.json(answer.body());
        int events = probe.body().startsWith("{\"events\"") ? ShopClient.json(probe.body()).path("events").size() : 1;
        // a webhook is answered 200 (platforms treat anything else as a failed delivery), the event API 202
        int accepted = op.requiredCredential() == Credential.Kind.PLATFORM_SIGNATURE ? 200 : 202;
        if (answer.status() != accepted || result.path("accepted").asInt(-1) != events || result.path("duplicates").asInt(-1) != 0) {
          violation.accept("shared event id",
              probe.note() + ": B's own events must all be accepted (A's event ids are A's), answered " + abbreviate(answer.body()));
        }
      }
      case OWN -> {}
    }
  }

  /**
   * B now has an order with A's order id and A's buyer id (sent among B's events). Every read that
   * takes no other id is sent again with B's matching credential, aimed at B's own colliding order
   * and its phone task (claimed by B's admin first): a query that joins on the order or buyer id
   * without the shop would show A's data here. The shared ids themselves are B's too now, as is
   * whatever else B stored in its own shop (an opt-out of A's buyer's number, say).
   */
  private void collisionPass(
      List<ApiOperation> operations,
      ProbeCatalog catalog,
      Tenant b,
      List<Credential> credentials,
      Markers markers) {
    String order = catalog.collidingOrder();
    String shared = order + " " + catalog.collidingBuyer() + " " + storedByB;
    Long task = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (task == null && System.nanoTime() < deadline) {
      for (JsonNode t : ShopClient.json(Http.get(target.reminderUrl() + "/api/v1/phone-tasks", b.key()).body()).path("items")) {
        if (order.equals(t.path("orderId").asString())) {
          task = t.path("taskId").asLong();
        }
      }
      if (task == null) {
        ShopClient.pause(Duration.ofMillis(500));
      }
    }
    if (task != null) {
      Http.send("POST", target.reminderUrl() + "/agent/tasks/" + task + "/claim", b.admin().headers(), null);
    }
    for (ApiOperation op : operations) {
      if (!op.method().equals("GET")) {
        continue;
      }
      String path = op.path().replace("{orderId}", order);
      if (task != null) {
        path = path.replace("{taskId}", String.valueOf(task));
      }
      if (path.contains("{")) {
        continue; // an id of another kind: B's own would prove nothing here
      }
      Credential credential = credentials.stream().filter(c -> c.kind() == op.requiredCredential()).findFirst().orElse(null);
      if (credential == null) {
        continue;
      }
      Probe probe = new Probe(op, "GET", path, Map.of(), null, Probe.Expect.OWN, "B's own order " + order + " (an id A uses too)");
      probeCounts.merge(op.key(), 1, Integer::sum);
      send(probe, credential, markers, shared);
    }
  }

  /**
   * Anyone who knows the username of A's agent (usernames are unique across shops, and {@code POST
   * /api/v1/agents} answers 409 for a taken one) sends wrong passwords for it until the sign-in
   * throttle answers 429; then A's agent signs in with its right password. Refused: B has locked
   * A's agent out. The failures stay under the per-address limit, so only the username's counter
   * can be the cause.
   */
  private Optional<TenancyResult.Violation> lockout(Tenant a) {
    String url = target.reminderUrl() + "/agent/me";
    int tries = 0;
    Http.Answer answer = null;
    while (tries < 15 && (answer == null || answer.status() != 429)) {
      tries++;
      answer = Http.get(url, Http.basic(a.agent().username(), "wrong-password-" + tries));
    }
    Http.Answer own = Http.get(url, a.agent().headers());
    if (own.status() != 429) {
      return Optional.empty();
    }
    return Optional.of(new TenancyResult.Violation("cross-shop lockout", "GET /agent/me", "no credential (A's agent's username only)",
        tries + "× GET /agent/me as " + a.agent().username() + " with a wrong password, then once with the right one", own.status(),
        "A's agent is refused with its right password after " + tries + " wrong ones from elsewhere: " + abbreviate(own.body())));
  }

  /** Shop A's data as its own credentials read it. */
  private Snapshot snapshot(Tenant a) {
    Map<String, JsonNode> reads = new LinkedHashMap<>();
    Map<String, String> operator = Http.bearer(target.operatorToken());
    read(reads, target.ingestUrl(), "/admin/v1/shops/" + a.shopId(), operator);
    read(reads, target.ingestUrl(), "/admin/v1/shops/" + a.shopId() + "/api-keys", operator);
    read(reads, target.ingestUrl(), "/admin/v1/shops/" + a.shopId() + "/platforms", operator);
    String r = target.reminderUrl();
    Map<String, String> key = a.key();
    for (String path : List.of("/api/v1/policy", "/api/v1/scripts?retired=true", "/api/v1/scripts/settings", "/api/v1/experiments",
        "/api/v1/opt-outs", "/api/v1/phone-tasks", "/api/v1/chat/webhook-secret", "/api/v1/sms/twilio-account", "/api/v1/metrics/daily")) {
      read(reads, r, path, key);
    }
    a.scriptIds().forEach(id -> read(reads, r, "/api/v1/scripts/" + id, key));
    read(reads, r, "/api/v1/experiments/" + a.experimentId(), key);
    read(reads, r, "/api/v1/experiments/" + a.experimentId() + "/stats", key);
    for (String order : a.orderIds()) {
      read(reads, r, "/api/v1/orders/" + order + "/touches", key);
      read(reads, r, "/api/v1/orders/" + order + "/timeline", key);
    }
    for (String path : List.of("/agent/me", "/agent/agents", "/dashboard/api/overview")) {
      read(reads, r, path, a.admin().headers());
    }
    read(reads, r, "/agent/tasks", a.agent().headers());
    read(reads, r, "/agent/tasks/" + a.claimedTaskId(), a.agent().headers());
    return new Snapshot(reads);
  }

  private static void read(Map<String, JsonNode> reads, String base, String path, Map<String, String> headers) {
    Http.Answer answer = Http.get(base + path, headers);
    ObjectNode node = EventJson.mapper().createObjectNode();
    node.put("status", answer.status());
    node.set("body", ShopClient.json(answer.body()));
    reads.put("GET " + path, node);
  }

  private static JsonNode document(String baseUrl) {
    Http.Answer answer = Http.get(baseUrl + "/v3/api-docs", Map.of());
    if (answer.status() != 200) {
      throw new IllegalStateException("no OpenAPI document at " + baseUrl + "/v3/api-docs: HTTP " + answer.status());
    }
    return ShopClient.json(answer.body());
  }

  static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    String oneLine = text.replace('\n', ' ');
    return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
  }
}
