package dev.cuifu.harness.tenancy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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

  /** How Taobao's pub_time and Tmall's export write a time. */
  private static final DateTimeFormatter CHINA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));

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
        String note = (aimed ? "A's " + filling : body.expect() == Probe.Expect.DENY ? "A's store" : "B's own shop") + "; " + body.note();
        probes.add(new Probe(op, op.method(), path + body.query(), body.headers(), body.json(), expect, note));
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
          case "platform" -> List.copyOf(a.stores().keySet()); // A's stores: the platform is A's connection
          default -> null;
        });
  }

  private List<String> taskIds() {
    List<String> ids = new ArrayList<>();
    ids.add(String.valueOf(a.claimedTaskId()));
    a.openTaskIds().forEach(id -> ids.add(String.valueOf(id)));
    return ids;
  }

  /**
   * A body B sends; {@code expect} null means as the path says.
   *
   * @param headers besides the credential's (a webhook's store and topic, a multipart content type)
   * @param query added to the path, e.g. {@code ?from=…}, or empty
   */
  record BodyVariant(String json, Probe.Expect expect, String note, Map<String, String> headers, String query) {
    BodyVariant(String json, Probe.Expect expect, String note) {
      this(json, expect, note, Map.of(), "");
    }
  }

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
          case "PUT /admin/v1/shops/{shopId}/platforms/{platform}" ->
              List.of(new BodyVariant(
                  "{\"account\":\"" + b.stores().get("shopify") + "\",\"secret\":\"" + b.platformSecrets().get("shopify") + "\"}", null,
                  "connect A's shop to B's store with B's secret"));
          case "POST /webhooks/v1/shopify", "POST /webhooks/v1/woocommerce", "POST /webhooks/v1/taobao" ->
              webhooks(PlatformSignatures.platform(op.path()), now);
          case "POST /api/v1/backtests" -> backtests();
          default -> null;
        });
  }

  /**
   * Two webhooks B signs with its own secret for the platform: one naming A's store, telling that
   * A's third order is paid (accepted, it would cancel A's reminders), and one naming B's store with
   * a new unpaid order of B's, which must be B's own event.
   */
  private List<BodyVariant> webhooks(String platform, String now) {
    String aStore = a.stores().get(platform);
    String bStore = b.stores().get(platform);
    String aOrder = a.orderIds().get(2);
    String bOrder = "wh-" + b.shopId() + "-" + platform;
    String phone = b.phones().get(0);
    String gmt = now.substring(0, 19); // WooCommerce's *_gmt fields: UTC without the zone, 2026-12-07T10:24:53
    String china = CHINA_TIME.format(Instant.parse(now));
    return switch (platform) {
      case "shopify" ->
          pair(
              "{\"id\":\"" + aOrder + "\",\"created_at\":\"" + now + "\",\"updated_at\":\"" + now
                  + "\",\"financial_status\":\"paid\",\"total_price\":\"59.00\",\"currency\":\"CNY\"}",
              Map.of("X-Shopify-Shop-Domain", aStore, "X-Shopify-Topic", "orders/paid"),
              "{\"id\":\"" + bOrder + "\",\"created_at\":\"" + now + "\",\"financial_status\":\"pending\",\"total_price\":\"12.34\","
                  + "\"currency\":\"CNY\",\"customer\":{\"id\":\"buyer-b-wh\"},\"billing_address\":{\"phone\":\"" + phone
                  + "\"},\"line_items\":[{\"title\":\"b-item\",\"quantity\":1}]}",
              Map.of("X-Shopify-Shop-Domain", bStore, "X-Shopify-Topic", "orders/create"));
      case "woocommerce" ->
          pair(
              "{\"id\":\"" + aOrder + "\",\"status\":\"processing\",\"date_created_gmt\":\"" + gmt + "\",\"date_paid_gmt\":\"" + gmt
                  + "\",\"total\":\"59.00\",\"currency\":\"CNY\"}",
              Map.of("X-WC-Webhook-Source", aStore + "/", "X-WC-Webhook-Topic", "order.updated"),
              "{\"id\":\"" + bOrder + "\",\"status\":\"pending\",\"date_created_gmt\":\"" + gmt + "\",\"total\":\"12.34\","
                  + "\"currency\":\"CNY\",\"customer_id\":\"buyer-b-wh\",\"billing\":{\"phone\":\"" + phone
                  + "\"},\"line_items\":[{\"name\":\"b-item\",\"quantity\":1}]}",
              Map.of("X-WC-Webhook-Source", bStore + "/", "X-WC-Webhook-Topic", "order.created"));
      default -> // taobao: the store (seller nick) is in the message
          pair(
              PlatformSignatures.taobaoMessage("1" + now.replaceAll("\\D", ""), "taobao_trade_TradeBuyerPay", china, aStore,
                  Map.of("tid", aOrder, "payment", "59.00", "buyer_nick", "b")),
              Map.of(),
              PlatformSignatures.taobaoMessage("2" + now.replaceAll("\\D", ""), "taobao_trade_TradeCreate", china, bStore,
                  Map.of("tid", bOrder, "payment", "12.34", "buyer_nick", "buyer-b-wh", "receiver_mobile", phone)),
              Map.of());
    };
  }

  private static List<BodyVariant> pair(String aPaid, Map<String, String> aHeaders, String bCreated, Map<String, String> bHeaders) {
    return List.of(
        new BodyVariant(aPaid, Probe.Expect.DENY, "signed with B's secret, naming A's store: A's order paid", aHeaders, ""),
        new BodyVariant(bCreated, Probe.Expect.OWN_EVENTS, "signed with B's secret, naming B's store: B's new order", bHeaders, ""));
  }

  /** How many orders B has when the backtests run: its own, before any of its probes' events. */
  int ownOrders() {
    return b.orderIds().size();
  }

  /**
   * B's backtests: over its stored orders of a range around A's (and B's) orders, and over an
   * uploaded file naming A's order ids, as many rows as B has orders. Each must count B's orders
   * only ({@link Probe.Expect#OWN_ORDERS}).
   */
  private List<BodyVariant> backtests() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String policy = b.policy();
    StringBuilder csv = new StringBuilder("订单编号,总金额,订单创建时间,订单付款时间,退款金额\n");
    String created = CHINA_TIME.format(now.minus(1, ChronoUnit.HOURS));
    for (int i = 0; i < ownOrders(); i++) {
      csv.append(a.orderIds().get(i)).append(",12.34,").append(created).append(",,0.0\n");
    }
    String range = "?from=" + now.minus(1, ChronoUnit.DAYS) + "&to=" + now.plus(1, ChronoUnit.DAYS);
    return List.of(
        new BodyVariant(Http.multipart(List.of(new Http.Part("policy", "policy.json", "application/json", policy))), Probe.Expect.OWN_ORDERS,
            "B's stored orders of a range holding A's", Http.MULTIPART, range),
        new BodyVariant(
            Http.multipart(List.of(new Http.Part("policy", "policy.json", "application/json", policy),
                new Http.Part("orders", "orders.csv", "text/csv", csv.toString()))),
            Probe.Expect.OWN_ORDERS, "an uploaded file naming A's order ids", Http.MULTIPART, ""));
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
