package dev.cuifu.harness;

import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The harness shops' reminder policy, set through reminder-service's API as a shop would. */
final class ShopPolicies {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ShopPolicies() {}

  /**
   * A chat message through {@code webhookUrl} falls due with the SMS, and two messages a day are
   * allowed: a claimed batch holds both, each buyer's chat delivery ahead of their SMS, so a slow
   * webhook makes the batch slow.
   */
  static void chatWithSms(String reminderUrl, Load.Shop shop, Duration delay, String webhookUrl) {
    HttpResponse<String> current = Launch.get(reminderUrl + "/api/v1/policy", "X-Api-Key", shop.apiKey());
    if (current == null || current.statusCode() != 200) {
      throw new IllegalStateException("cannot read the policy of " + shop.shopId() + ": " + (current == null ? "no answer" : current.body()));
    }
    ObjectNode policy = (ObjectNode) JSON.readTree(current.body()).get("policy");
    ObjectNode chat = (ObjectNode) policy.get("chat");
    chat.put("enabled", true);
    chat.put("delay", delay.toString());
    chat.put("webhookUrl", webhookUrl);
    ((ObjectNode) policy.get("frequencyCap")).put("maxMessages", 2);
    HttpResponse<String> answer = Launch.put(reminderUrl + "/api/v1/policy", "X-Api-Key", shop.apiKey(), JSON.writeValueAsString(policy));
    if (answer == null || answer.statusCode() / 100 != 2) {
      throw new IllegalStateException("cannot set the policy of " + shop.shopId() + ": " + (answer == null ? "no answer" : answer.body()));
    }
  }
}
