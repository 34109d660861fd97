package dev.cuifu.harness.tenancy;

import java.util.List;
import java.util.Map;

/**
 * A shop the checks created, with its credentials and the ids of everything it holds.
 *
 * @param keyIds the ids {@code GET /admin/v1/shops/{shopId}/api-keys} lists
 * @param admin its SHOP_ADMIN agent; {@code agent} its AGENT, who holds {@code claimedTaskId}
 * @param eventIds the OrderCreated event ids, one per order, in order
 * @param openTaskIds phone tasks nobody holds
 * @param optedOutPhone a buyer phone the shop opted out of SMS
 * @param policy the shop's policy as {@code GET /api/v1/policy} answered it (the "policy" field)
 * @param stores the store it connected on each platform ({@code shopify} → its myshopify.com domain)
 * @param platformSecrets the secret each of those stores signs its webhooks with
 * @param markers strings only this shop's data holds
 */
public record Tenant(
    String shopId,
    String apiKey,
    List<String> keyIds,
    Login admin,
    Login agent,
    List<String> orderIds,
    List<String> eventIds,
    List<String> buyerIds,
    List<String> phones,
    Long claimedTaskId,
    List<Long> openTaskIds,
    List<Long> scriptIds,
    Long experimentId,
    List<String> armIds,
    String optedOutPhone,
    String policy,
    Map<String, String> stores,
    Map<String, String> platformSecrets,
    Markers markers) {

  /** An agent's sign-in. */
  public record Login(String username, String password) {
    public Map<String, String> headers() {
      return Http.basic(username, password);
    }
  }

  public Map<String, String> key() {
    return Http.apiKey(apiKey);
  }
}
