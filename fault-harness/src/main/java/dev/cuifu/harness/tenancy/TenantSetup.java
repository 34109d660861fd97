package dev.cuifu.harness.tenancy;

import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.harness.Target;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gives a new shop real data of every kind an operation can touch: a policy, scripts, an
 * experiment, agents, a webhook secret, buyer history, an opt-out, orders reminder-service planned
 * and phone tasks, one of them claimed, and a store on each platform with a signing secret. Every string it makes up carries a token unique to the run,
 * so that it can be recognised in any other shop's answers.
 */
final class TenantSetup {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration PLAN_WAIT = Duration.ofSeconds(60);

  private final Target target;

  TenantSetup(Target target) {
    this.target = target;
  }

  /**
   * @param tag one letter naming the shop in the report
   * @param phonePrefix the first three digits of its buyers' Chinese mobile numbers, different per
   *     shop so that even masked numbers cannot be confused
   * @param full every kind of data (shop A), or only what its own calls need (shop B)
   */
  Tenant create(String tag, String phonePrefix, boolean full) {
    String token = tag + HexFormat.of().formatHex(bytes(4));
    String shopId = "abuse-" + token;
    Markers markers = new Markers();
    markers.add("shop id", shopId);
    String apiKey = ShopClient.createShop(target, shopId, "AbuseShop-" + token);
    markers.add("shop name", "AbuseShop-" + token).add("API key", apiKey);
    Map<String, String> key = Http.apiKey(apiKey);

    String policy = slowPolicy(key);
    Map<String, String> stores = new LinkedHashMap<>();
    Map<String, String> secrets = new LinkedHashMap<>();
    connectStores(shopId, token, stores, secrets, markers);

    List<Long> scriptIds = new ArrayList<>();
    Long experimentId = null;
    List<String> armIds = new ArrayList<>();
    if (full) {
      for (int i = 1; i <= 2; i++) {
        scriptIds.add(script(key, "sms", token, i, markers));
      }
      scriptIds.add(script(key, "chat", token, 3, markers));
      armIds.add("arm-" + token + "-1");
      armIds.add("arm-" + token + "-2");
      experimentId = experiment(key, token, scriptIds, armIds, markers);
      JsonNode secret = ok("GET", reminder("/api/v1/chat/webhook-secret"), key, null, 200);
      markers.add("chat webhook secret", secret.path("secret").asString());
    }

    Tenant.Login admin = agent(key, tag + "adm-" + token, "SHOP_ADMIN", markers);
    Tenant.Login agent = full ? agent(key, tag + "agt-" + token, "AGENT", markers) : null;

    int orders = full ? 3 : 1;
    List<String> orderIds = new ArrayList<>();
    List<String> eventIds = new ArrayList<>();
    List<String> buyerIds = new ArrayList<>();
    List<String> phones = new ArrayList<>();
    for (int i = 1; i <= orders; i++) {
      String orderId = "ord-" + token + "-" + i;
      String eventId = "evt-" + token + "-" + i;
      // orders 1 and 2 are one buyer's: a claimed task shows the buyer's other orders
      String buyerId = "buyer-" + token + "-" + (i == 2 ? 1 : i);
      String phone = "+86" + phonePrefix + digits(8);
      long amount = i == 3 ? 5_900 : 88_800 + i;
      String item = "item-" + token + "-" + i;
      String note = "note-" + token + "-" + i;
      String chat = "wangwang:chat" + token + i;
      ShopClient.post(target, apiKey, ShopClient.orderCreated(eventId, orderId, buyerId, phone, amount, item, note, chat));
      orderIds.add(orderId);
      eventIds.add(eventId);
      buyerIds.add(buyerId);
      phones.add(phone);
      markers.add("order id", orderId).add("event id", eventId).add("buyer id", buyerId).add("item", item)
          .add("buyer note", note).add("chat handle", chat);
      markers.add("phone (E.164)", phone).add("phone (digits)", phone.substring(1)).add("phone (national)", phone.substring(3))
          .add("phone (masked)", PhoneNumbers.mask(phone));
    }
    String optedOut = null;
    if (full) {
      optedOut = phones.get(2);
      ok("POST", reminder("/api/v1/opt-outs"), key, "{\"channel\":\"SMS\",\"phone\":\"" + optedOut + "\",\"reason\":\"reason-" + token + "\"}", 201);
      markers.add("opt-out reason", "reason-" + token);
      ok("POST", reminder("/api/v1/buyers/history"), key, "{\"buyers\":[{\"buyerId\":\"" + buyerIds.get(0) + "\",\"paidOrders\":3}]}", 200);
    }
    for (String orderId : orderIds) {
      if (!ShopClient.awaitPlanned(target, apiKey, orderId, PLAN_WAIT)) {
        throw new IllegalStateException("order " + orderId + " of " + shopId + " was not planned within " + PLAN_WAIT);
      }
    }
    List<Long> taskIds = awaitPhoneTasks(key, full ? 2 : 1);
    Long claimed = null;
    List<Long> open = new ArrayList<>(taskIds);
    if (full) {
      claimed = open.remove(0);
      ok("POST", reminder("/agent/tasks/" + claimed + "/claim"), agent.headers(), null, 200);
    }
    List<String> keyIds = new ArrayList<>();
    for (JsonNode k : ok("GET", target.ingestUrl() + "/admin/v1/shops/" + shopId + "/api-keys", Http.bearer(target.operatorToken()), null, 200)) {
      keyIds.add(k.path("keyId").asString());
      markers.add("API key id", k.path("keyId").asString());
    }
    return new Tenant(shopId, apiKey, keyIds, admin, agent, orderIds, eventIds, buyerIds, phones, claimed, open, scriptIds,
        experimentId, armIds, optedOut, policy, stores, secrets, markers);
  }

  /**
   * A store on every platform, named after the shop and with a secret of its own: the store's name,
   * the secret and the start of its digest (what the operator's answers show) are markers.
   */
  private void connectStores(String shopId, String token, Map<String, String> stores, Map<String, String> secrets, Markers markers) {
    Map<String, String> accounts = new LinkedHashMap<>();
    accounts.put("shopify", shopId + ".myshopify.com");
    accounts.put("woocommerce", "https://" + shopId + ".example.com");
    accounts.put("taobao", "nick-" + shopId);
    for (Map.Entry<String, String> account : accounts.entrySet()) {
      String platform = account.getKey();
      String secret = "whsec-" + platform + "-" + token + "-" + HexFormat.of().formatHex(bytes(8));
      ObjectNode body = EventJson.mapper().createObjectNode();
      body.put("account", account.getValue()).put("secret", secret);
      JsonNode connected = ok("PUT", target.ingestUrl() + "/admin/v1/shops/" + shopId + "/platforms/" + platform,
          Http.bearer(target.operatorToken()), body.toString(), 200);
      stores.put(platform, connected.path("account").asString());
      secrets.put(platform, secret);
      markers.add(platform + " store", connected.path("account").asString()).add(platform + " secret", secret)
          .add(platform + " secret digest", connected.path("secretSha256").asString());
    }
  }

  /**
   * SMS three hours and chat two days after the order, a phone task at once: the data stays as it is
   * while the matrix runs, and the phone tasks are there to be attacked.
   */
  private String slowPolicy(Map<String, String> key) {
    ObjectNode policy = (ObjectNode) ok("GET", reminder("/api/v1/policy"), key, null, 200).path("policy");
    ((ObjectNode) policy.path("sms")).put("delay", "PT3H");
    ((ObjectNode) policy.path("chat")).put("delay", "P2D");
    ((ObjectNode) policy.path("phone")).put("delay", "PT1S");
    return ok("PUT", reminder("/api/v1/policy"), key, policy.toString(), 200).path("policy").toString();
  }

  private long script(Map<String, String> key, String channel, String token, int i, Markers markers) {
    String name = "scriptname-" + token + "-" + i;
    String marker = "scripttext-" + token + "-" + i;
    String text = "【{shopName}】" + marker + " 订单{orderId}还未付款 回TD退订";
    ObjectNode body = EventJson.mapper().createObjectNode();
    body.put("name", name).put("channel", channel).put("locale", "zh-CN").put("text", text);
    markers.add("script name", name).add("script text", marker);
    return ok("POST", reminder("/api/v1/scripts"), key, body.toString(), 201).path("id").asLong();
  }

  private long experiment(Map<String, String> key, String token, List<Long> scripts, List<String> arms, Markers markers) {
    String name = "exp-" + token;
    markers.add("experiment name", name);
    String body =
        """
        {"name":"%s","tier":1,"holdoutShare":0.1,"minSamplePerArm":50,"seed":7,
         "arms":[{"id":"%s","scriptId":%d},{"id":"%s","scriptId":%d}]}"""
            .formatted(name, arms.get(0), scripts.get(0), arms.get(1), scripts.get(1));
    return ok("POST", reminder("/api/v1/experiments"), key, body, 201).path("id").asLong();
  }

  private Tenant.Login agent(Map<String, String> key, String username, String role, Markers markers) {
    String password = "pw-" + HexFormat.of().formatHex(bytes(10));
    String display = "display-" + username;
    ObjectNode body = EventJson.mapper().createObjectNode();
    body.put("username", username).put("displayName", display).put("password", password).put("role", role);
    ok("POST", reminder("/api/v1/agents"), key, body.toString(), 201);
    markers.add("agent username", username).add("agent display name", display).add("agent password", password);
    return new Tenant.Login(username, password);
  }

  private List<Long> awaitPhoneTasks(Map<String, String> key, int expected) {
    long deadline = System.nanoTime() + PLAN_WAIT.toNanos();
    List<Long> ids = new ArrayList<>();
    do {
      ids.clear();
      ok("GET", reminder("/api/v1/phone-tasks"), key, null, 200).path("items").forEach(t -> ids.add(t.path("taskId").asLong()));
    } while (ids.size() < expected && System.nanoTime() < deadline && ShopClient.pause(Duration.ofMillis(500)));
    if (ids.size() < expected) {
      throw new IllegalStateException("expected " + expected + " phone tasks, found " + ids.size());
    }
    return ids;
  }

  private JsonNode ok(String method, String url, Map<String, String> headers, String body, int status) {
    Http.Answer answer = Http.send(method, url, headers, body);
    if (answer.status() != status) {
      throw new IllegalStateException(
          "setup step " + method + " " + url + " answered " + answer.status() + " (expected " + status + "): " + answer.body());
    }
    return ShopClient.json(answer.body());
  }

  private String reminder(String path) {
    return target.reminderUrl() + path;
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String digits(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(RANDOM.nextInt(10));
    }
    return s.toString().toLowerCase(Locale.ROOT);
  }
}
