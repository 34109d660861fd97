package dev.cuifu.harness.tenancy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the checks know about each operation: which path parameters are resource ids (and so get
 * shop A's), and the body shop B sends. An operation the catalog cannot fill is reported as not
 * covered, with the reason, so that a new endpoint shows up in the report instead of being skipped.
 */
final class ProbeCatalog {

  /** Probes for an operation, or why there are none. */
  record Entry(List<Probe> probes, String notCovered) {}

  private final Tenant a;
  private final Tenant b;

  ProbeCatalog(Tenant a, Tenant b) {
    this.a = a;
    this.b = b;
  }

  Entry probes(ApiOperation op) {
    if (op.requiredCredential() == Credential.Kind.TWILIO_SIGNATURE) {
      return new Entry(List.of(), "Twilio webhooks act for the shop whose own Twilio account signed them; shop B has no "
          + "account the Twilio stub accepts (it takes new ones only in-process), so B cannot sign one");
    }
    List<Map<String, String>> fillings = new ArrayList<>();
    fillings.add(Map.of());
    for (String param : op.pathParams()) {
      Optional<List<String>> values = values(op, param);
      if (values.isEmpty() || values.get().isEmpty()) {
        return new Entry(List.of(), "path parameter {" + param + "} is not known to the catalog (which of A's resources is it?)");
      }
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> filling : fillings) {
        for (String value : values.get()) {
          Map<String, String> more = new java.util.LinkedHashMap<>(filling);
          more.put(param, value);
          next.add(more);
        }
      }
      fillings = next;
    }
    boolean aimed = op.pathParams().stream().anyMatch(p -> !p.equals("channel"));
    List<BodyVariant> bodies;
    if (op.hasBody()) {
      Optional<List<BodyVariant>> known = bodies(op);
      if (known.isEmpty()) {
        return new Entry(List.of(), "the operation takes a body the catalog has no example of");
      }
      bodies = known.get();
    } else {
      bodies = List.of(new BodyVariant(null, null, "no body"));
    }
    List<Probe> probes = new ArrayList<>();
    for (Map<String, String> filling : fillings) {
      String path = op.path();
      for (Map.Entry<String, String> e : filling.entrySet()) {
        path = path.replace("{" + e.getKey() + "}", URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
      }
      for (BodyVariant body : bodies) {
        Probe.Expect expect = aimed ? Probe.Expect.DENY : body.expect() == null ? Probe.Expect.OWN : body.expect();
        String note = (aimed ? "A's " + filling : "B's own shop") + "; " + body.note();
        probes.add(new Probe(op, op.method(), path, body.json(), expect, note));
      }
    }
    return new Entry(probes, null);
  }

  /** Shop A's values for a path parameter that names one of its resources. */
  Optional<List<String>> values(ApiOperation op, String param) {
    String path = op.path();
    return Optional.ofNullable(
        switch (param) {
          case "shopId" -> List.of(a.shopId());
          case "keyId" -> a.keyIds();
          case "orderId" -> a.orderIds();
          case "taskId" -> taskIds();
          case "id" ->
              path.startsWith("/api/v1/scripts/")
                  ? a.scriptIds().stream().map(String::valueOf).toList()
                  : path.startsWith("/api/v1/experiments/") ? List.of(String.valueOf(a.experimentId())) : null;
          case "armId" -> a.armIds();
          case "username" -> List.of(a.admin().username(), a.agent().username());
          case "channel" -> List.of("SMS"); // an enum, not a resource: the phone is A's
          case "phone" -> List.of(a.optedOutPhone());
          default -> null;
        });
  }

  private List<String> taskIds() {
    List<String> ids = new ArrayList<>();
    ids.add(String.valueOf(a.claimedTaskId()));
    a.openTaskIds().forEach(id -> ids.add(String.valueOf(id)));
    return ids;
  }

  /** A body B sends; {@code expect} null means as the path says. */
  record BodyVariant(String json, Probe.Expect expect, String note) {}

  private Optional<List<BodyVariant>> bodies(ApiOperation op) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String newOrder = "ord-" + b.shopId() + "-x";
    return Optional.ofNullable(
        switch (op.key()) {
          case "POST /api/v1/events" ->
              List.of(
                  new BodyVariant(paid(a.orderIds().get(2), "evt-b-paid-" + now, now), null, "OrderPaid for A's order id"),
                  new BodyVariant(closed(a.orderIds().get(1), "evt-b-closed-" + now, now), null, "OrderClosed for A's order id"),
                  new BodyVariant(
                      ShopClient.orderCreated(a.eventIds().get(0), newOrder + "1", "buyer-b-x", b.phones().get(0), 1000, "b-item", null, null),
                      Probe.Expect.OWN_EVENTS, "OrderCreated reusing A's event id"),
                  new BodyVariant(
                      ShopClient.orderCreated("evt-b-collide-" + now, collidingOrder(), collidingBuyer(), b.phones().get(0), 99_900, "b-item",
                          null, null),
                      Probe.Expect.OWN_EVENTS, "OrderCreated with A's order id and buyer id (B's own order; a phone task follows)"));
          case "POST /api/v1/events/batch" ->
              List.of(
                  new BodyVariant(
                      "{\"events\":["
                          + ShopClient.orderCreated(a.eventIds().get(1), newOrder + "2", "buyer-b-x", b.phones().get(0), 1000, "b-item", null, null)
                          + "," + paid(a.orderIds().get(2), a.eventIds().get(2), now) + "]}",
                      Probe.Expect.OWN_EVENTS, "batch reusing A's event ids, one an OrderPaid for A's order"));
          case "POST /admin/v1/shops" ->
              List.of(new BodyVariant(
                  "{\"shopId\":\"" + b.shopId() + "-new\",\"name\":\"x\",\"smsFrom\":\"+14155550100\"}", null, "create a shop"));
          case "POST /admin/v1/shops/{shopId}/api-keys" ->
              List.of(new BodyVariant("{\"overlap\":\"PT0S\"}", null, "rotate A's key with no overlap"));
          case "PATCH /admin/v1/shops/{shopId}" ->
              List.of(new BodyVariant("{\"phoneRegion\":\"US\"}", null, "change A's phone region"));
          case "PUT /api/v1/sms/twilio-account" ->
              List.of(new BodyVariant(
                  "{\"accountSid\":\"AC" + "1".repeat(32) + "\",\"authToken\":\"" + "2".repeat(32) + "\"}", null, "an account Twilio does not know"));
          case "PUT /api/v1/scripts/{id}" -> List.of(new BodyVariant("{\"text\":\"B overwrote {orderId} 回TD退订\"}", null, "edit A's script"));
          case "PUT /api/v1/scripts/settings" ->
              List.of(new BodyVariant("{\"locale\":\"zh-CN\",\"smsMaxSegments\":2}", null, "B's settings"));
          case "PUT /api/v1/policy" -> List.of(new BodyVariant(b.policy(), null, "B's own policy again"));
          case "POST /api/v1/scripts" ->
              List.of(new BodyVariant(
                  "{\"name\":\"b-script\",\"channel\":\"sms\",\"locale\":\"zh-CN\",\"text\":\"【{shopName}】B {orderId} 回TD退订\"}", null, "a script of B's"));
          case "POST /api/v1/opt-outs" ->
              List.of(new BodyVariant("{\"channel\":\"SMS\",\"phone\":\"" + a.phones().get(0) + "\",\"reason\":\"b\"}", null, "opt out A's buyer's phone in B"));
          case "POST /api/v1/experiments" ->
              List.of(new BodyVariant(
                  "{\"name\":\"b-exp\",\"tier\":1,\"arms\":[{\"id\":\"x\",\"scriptId\":" + a.scriptIds().get(0) + "},{\"id\":\"y\",\"scriptId\":"
                      + a.scriptIds().get(1) + "}]}",
                  Probe.Expect.REFUSE_REFERENCE, "an experiment whose arms are A's scripts"));
          case "POST /api/v1/buyers/history" ->
              List.of(new BodyVariant(
                  "{\"buyers\":[{\"buyerId\":\"" + a.buyerIds().get(0) + "\",\"paidOrders\":99}]}", null, "history for A's buyer id"));
          case "POST /api/v1/agents", "POST /agent/agents" ->
              List.of(new BodyVariant(
                  "{\"username\":\"" + a.agent().username() + "\",\"displayName\":\"b\",\"password\":\"b-password-123456\",\"role\":\"SHOP_ADMIN\"}",
                  Probe.Expect.REFUSE_REFERENCE, "an agent with A's agent's username"));
          case "POST /agent/tasks/{taskId}/complete" ->
              List.of(new BodyVariant("{\"outcome\":\"DECLINED\",\"lossReason\":\"OTHER\",\"note\":\"b\"}", null, "complete A's task"));
          default -> null;
        });
  }

  /** The order id B's own order shares with A's first order (the collision pass reads B's views of it). */
  String collidingOrder() {
    return a.orderIds().get(0);
  }

  /** The buyer id B's colliding order shares with A's first buyer. */
  String collidingBuyer() {
    return a.buyerIds().get(0);
  }

  private static String paid(String orderId, String eventId, String now) {
    return "{\"type\":\"OrderPaid\",\"eventId\":\"" + eventId + "\",\"orderId\":\"" + orderId + "\",\"occurredAt\":\"" + now
        + "\",\"amount\":{\"minor\":88801,\"currency\":\"CNY\"},\"paidAt\":\"" + now + "\"}";
  }

  private static String closed(String orderId, String eventId, String now) {
    return "{\"type\":\"OrderClosed\",\"eventId\":\"" + eventId + "\",\"orderId\":\"" + orderId + "\",\"occurredAt\":\"" + now
        + "\",\"reason\":\"b\"}";
  }
}
