package dev.cuifu.harness.tenancy;

import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.harness.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

  private TenancyMatrix(Target target) {
    this.target = target;
  }

  public static TenancyResult run(Target target) {
    return new TenancyMatrix(target).run();
  }

  private TenancyResult run() {
    List<ApiOperation> operations = new ArrayList<>();
    operations.addAll(OpenApiOperations.read("ingest", document(target.ingestUrl())));
    operations.addAll(OpenApiOperations.read("reminder", document(target.reminderUrl())));

    TenantSetup setup = new TenantSetup(target);
    Tenant a = setup.create("a", "139", true);
    Tenant b = setup.create("b", "137", false);

    List<Credential> credentials =
        List.of(
            new Credential("B's API key", Credential.Kind.API_KEY, b.key()),
            new Credential("B's SHOP_ADMIN agent", Credential.Kind.AGENT, b.admin().headers()));

    Snapshot first = snapshot(a);
    ShopClient.pause(Duration.ofSeconds(2));
    Snapshot before = snapshot(a);
    Set<String> volatilePlaces = Snapshot.differingPlaces(first, before);

    ProbeCatalog catalog = new ProbeCatalog(a, b);
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

    List<TenancyResult.Violation> violations = new ArrayList<>();
    Map<String, Map<String, Map<Integer, Integer>>> statuses = new LinkedHashMap<>();
    Map<String, Integer> probeCounts = new LinkedHashMap<>();
    Map<String, Integer> violationCounts = new LinkedHashMap<>();
    for (Probe probe : probes) {
      String op = probe.operation().key();
      probeCounts.merge(op, 1, Integer::sum);
      for (Credential credential : credentials) {
        int found = violations.size();
        send(probe, credential, a.markers(), violations);
        violationCounts.merge(op, violations.size() - found, Integer::sum);
      }
    }
    // the rows, built after the fact from the answers recorded in send()
    answers.forEach((key, byStatus) -> statuses.computeIfAbsent(key.operation(), k -> new TreeMap<>()).put(key.credential(), byStatus));

    // B's events are consumed asynchronously: once B's own new order is planned, they are too
    String sentinel = "ord-" + b.shopId() + "-sentinel";
    ShopClient.post(target, b.apiKey(), ShopClient.orderCreated("evt-" + sentinel, sentinel, "buyer-b-s", b.phones().get(0), 1000, "b", null, null));
    ShopClient.awaitPlanned(target, b.apiKey(), sentinel, Duration.ofSeconds(60));
    ShopClient.pause(Duration.ofSeconds(3));

    Snapshot after = snapshot(a);
    for (String difference : Snapshot.differences(before, after, volatilePlaces)) {
      violations.add(new TenancyResult.Violation("cross-shop write", difference.substring(0, difference.indexOf(' ', difference.indexOf(' ') + 1)),
          "(any of B's)", "A's data re-read with A's credentials", 0, difference));
    }

    List<TenancyResult.Row> rows = new ArrayList<>();
    probeCounts.forEach((op, n) -> rows.add(new TenancyResult.Row(op, n, statuses.getOrDefault(op, Map.of()), violationCounts.getOrDefault(op, 0))));
    int seen = a.markers().leakedInto(before.reads().toString(), "").size();
    Set<String> phones = new java.util.TreeSet<>(a.phones());
    phones.addAll(b.phones());
    return new TenancyResult(a.shopId(), b.shopId(), operations.size(), rows, notCovered, a.markers().size(), seen, volatilePlaces, violations,
        phones, List.copyOf(errorBodies));
  }

  private record AnswerKey(String operation, String credential) {}

  private final Map<AnswerKey, Map<Integer, Integer>> answers = new LinkedHashMap<>();
  private final List<String> errorBodies = new ArrayList<>();

  private void send(Probe probe, Credential credential, Markers markers, List<TenancyResult.Violation> violations) {
    ApiOperation op = probe.operation();
    String base = op.app().equals("ingest") ? target.ingestUrl() : target.reminderUrl();
    Http.Answer answer = Http.send(probe.method(), base + probe.path(), credential.headers(), probe.body());
    answers.computeIfAbsent(new AnswerKey(op.key(), credential.name()), k -> new TreeMap<>()).merge(answer.status(), 1, Integer::sum);
    if (answer.status() >= 400) {
      errorBodies.add(answer.body());
    }
    String request = probe.method() + " " + probe.path() + (probe.body() == null ? "" : " " + abbreviate(probe.body()));
    String sent = java.net.URLDecoder.decode(probe.path(), java.nio.charset.StandardCharsets.UTF_8) + " " + (probe.body() == null ? "" : probe.body());
    java.util.function.BiConsumer<String, String> violation =
        (kind, detail) -> violations.add(new TenancyResult.Violation(kind, op.key(), credential.name(), request, answer.status(), detail));

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
      case OWN_EVENTS -> {
        JsonNode result = ShopClient.json(answer.body());
        int events = probe.body().startsWith("{\"events\"") ? ShopClient.json(probe.body()).path("events").size() : 1;
        if (answer.status() != 202 || result.path("accepted").asInt(-1) != events || result.path("duplicates").asInt(-1) != 0) {
          violation.accept("shared event id",
              probe.note() + ": B's own events must all be accepted (A's event ids are A's), answered " + abbreviate(answer.body()));
        }
      }
      case OWN -> {}
    }
  }

  /** Shop A's data as its own credentials read it. */
  private Snapshot snapshot(Tenant a) {
    Map<String, JsonNode> reads = new LinkedHashMap<>();
    Map<String, String> operator = Http.bearer(target.operatorToken());
    read(reads, target.ingestUrl(), "/admin/v1/shops/" + a.shopId(), operator);
    read(reads, target.ingestUrl(), "/admin/v1/shops/" + a.shopId() + "/api-keys", operator);
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
