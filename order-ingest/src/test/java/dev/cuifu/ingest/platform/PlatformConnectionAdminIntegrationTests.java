package dev.cuifu.ingest.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cuifu.common.shop.ApiKeyDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

class PlatformConnectionAdminIntegrationTests extends PlatformIntegrationTest {

  private static final String SECRET = "shpss_0123456789abcdef0123456789abcdef";

  private String shopId;
  private String domain;

  @BeforeEach
  void shop() throws Exception {
    shopId = newShopId();
    createShop(shopId);
    domain = shopId + ".myshopify.com";
  }

  @Test
  @DisplayName("rule: the secret is never shown back, only the start of its SHA-256; the store's name is normalised")
  void theSecretIsNeverShown() throws Exception {
    String answer = connect(shopId, "shopify", "  " + domain.toUpperCase() + " ", SECRET)
        .andExpect(status().isOk())
        .andExpect(header().string(HttpHeaders.CACHE_CONTROL, containsString("no-store")))
        .andExpect(jsonPath("$.account").value(domain))
        .andExpect(jsonPath("$.secretSha256").value(ApiKeyDigest.sha256Hex(SECRET).substring(0, 12)))
        .andExpect(jsonPath("$.webhookPath").value("/webhooks/v1/shopify"))
        .andReturn().getResponse().getContentAsString();
    assertThat(answer).doesNotContain(SECRET).doesNotContain(SECRET.substring(6, 20));
    connected(shopId, "woocommerce", "HTTPS://Shop.Example.com/store/", "woo-secret-0123456789");

    admin(get("/admin/v1/shops/{shopId}/platforms", shopId))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[*].platform", containsInAnyOrder("shopify", "woocommerce")))
        .andExpect(jsonPath("$[*].account", containsInAnyOrder(domain, "https://shop.example.com/store")))
        .andExpect(content().string(not(containsString(SECRET))))
        .andExpect(content().string(not(containsString("woo-secret-0123456789"))));
  }

  @Test
  @DisplayName("rule: a secret pasted with spaces around it is a 400 naming the field, not a connection that refuses every webhook")
  void aSecretWithSpacesAroundItIsRefused() throws Exception {
    connect(shopId, "shopify", domain, " " + SECRET + " ")
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("secret"))
        .andExpect(content().string(not(containsString(SECRET))));
    admin(get("/admin/v1/shops/{shopId}/platforms", shopId)).andExpect(status().isOk()).andExpect(jsonPath("$").isEmpty());
  }

  @Test
  @DisplayName("rule: a store belongs to one shop: another shop claiming it is a 409 that does not name the owner")
  void aStoreBelongsToOneShop() throws Exception {
    connected(shopId, "shopify", domain, SECRET);
    String other = newShopId();
    createShop(other);
    connect(other, "shopify", domain, "another-secret-0123456789")
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(content().string(not(containsString(shopId))));
    // the owner's secret still verifies
    byte[] body = resource("shopify/orders-create-sample.json");
    shopify(body, sign(body, SECRET)).andExpect(status().isOk());
    ShopifyWebhookIntegrationTests.refused(shopify(body, sign(body, "another-secret-0123456789")));
  }

  @Test
  @DisplayName("rule: one secret, one shop: a secret another shop connected is a 409 on any platform that names neither"
      + " shop nor store, and the second store's webhooks stay refused; the owner may put it again")
  void aSecretBelongsToOneShop() throws Exception {
    String shared = "shpss_one_app_secret_" + shopId;
    connected(shopId, "shopify", domain, shared);
    String other = newShopId();
    createShop(other);
    String otherDomain = other + ".myshopify.com";

    String answer = connect(other, "shopify", otherDomain, shared)
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(containsString("needs its own app or webhook secret")))
        .andReturn().getResponse().getContentAsString();
    assertThat(answer).doesNotContain(shopId).doesNotContain(shared);
    connect(other, "woocommerce", "https://" + other + ".example.com", shared).andExpect(status().isConflict());
    admin(get("/admin/v1/shops/{shopId}/platforms", other)).andExpect(jsonPath("$").isEmpty());

    // the second store cannot post with the shared secret; the owner's store still can
    byte[] body = resource("shopify/orders-create-sample.json");
    ShopifyWebhookIntegrationTests.refused(shopify(otherDomain, body, sign(body, shared)));
    shopify(domain, body, sign(body, shared)).andExpect(status().isOk());

    // the owner puts its store and secret again, or moves the secret to another of its store names
    connected(shopId, "shopify", domain, shared);
    connected(shopId, "shopify", shopId + "-new.myshopify.com", shared);
    // once the owner lets the secret go, another shop may connect it
    admin(delete("/admin/v1/shops/{shopId}/platforms/shopify", shopId)).andExpect(status().isNoContent());
    connected(other, "shopify", otherDomain, shared);
  }

  @Test
  @DisplayName("rule: two shops connecting one secret at the same moment end with exactly one connection")
  void concurrentConnectionsOfOneSecretLeaveOne() throws Exception {
    String other = newShopId();
    createShop(other);
    for (int round = 0; round < 5; round++) {
      String shared = "shpss_raced_secret_%s_%d".formatted(shopId, round);
      CyclicBarrier start = new CyclicBarrier(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<Integer>> answers = List.of(
            pool.submit(() -> racedConnect(start, shopId, "shopify", domain, shared)),
            pool.submit(() -> racedConnect(start, other, "woocommerce", "https://" + other + ".example.com", shared)));
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
          statuses.add(answer.get(30, TimeUnit.SECONDS));
        }
        assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(200, 409);
      } finally {
        pool.shutdownNow();
      }
      long connectedWithIt = 0;
      for (String shop : List.of(shopId, other)) {
        String list = admin(get("/admin/v1/shops/{shopId}/platforms", shop)).andReturn().getResponse().getContentAsString();
        connectedWithIt += list.contains(ApiKeyDigest.sha256Hex(shared).substring(0, 12)) ? 1 : 0;
      }
      assertThat(connectedWithIt).as("connections holding the raced secret, round %d", round).isEqualTo(1);
      admin(delete("/admin/v1/shops/{shopId}/platforms/shopify", shopId));
      admin(delete("/admin/v1/shops/{shopId}/platforms/woocommerce", other));
    }
  }

  private int racedConnect(CyclicBarrier start, String shop, String platform, String account, String secret) throws Exception {
    start.await(10, TimeUnit.SECONDS);
    return connect(shop, platform, account, secret).andReturn().getResponse().getStatus();
  }

  @Test
  @DisplayName("rule: a new secret replaces the old one at once; disconnecting refuses the store's webhooks")
  void replacingAndDisconnecting() throws Exception {
    connected(shopId, "shopify", domain, SECRET);
    connected(shopId, "shopify", domain, "the-new-secret-0123456789");
    byte[] body = resource("shopify/orders-create-sample.json");
    ShopifyWebhookIntegrationTests.refused(shopify(body, sign(body, SECRET)));
    shopify(body, sign(body, "the-new-secret-0123456789")).andExpect(status().isOk());

    admin(delete("/admin/v1/shops/{shopId}/platforms/shopify", shopId)).andExpect(status().isNoContent());
    ShopifyWebhookIntegrationTests.refused(shopify(body, sign(body, "the-new-secret-0123456789")));
    admin(delete("/admin/v1/shops/{shopId}/platforms/shopify", shopId)).andExpect(status().isNotFound());
  }

  @Test
  @DisplayName("rule: bad store names, short secrets, unknown platforms and shops, and a missing operator token are refused as problems")
  void badRequestsAreProblems() throws Exception {
    connect(shopId, "shopify", "example.com", SECRET)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("account")));
    connect(shopId, "woocommerce", "ftp://shop.example.com", "short")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("account", "secret")));
    connect(shopId, "magento", domain, SECRET)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("platform")));
    connect("no-such-shop", "shopify", "no-such-shop.myshopify.com", SECRET).andExpect(status().isNotFound());
    mvc.perform(put("/admin/v1/shops/{shopId}/platforms/shopify", shopId)
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"account\": \"%s\", \"secret\": \"%s\"}".formatted(domain, SECRET)))
        .andExpect(status().isUnauthorized());
    admin(get("/admin/v1/shops/{shopId}/platforms", shopId)).andExpect(jsonPath("$").isEmpty());
  }

  private ResultActions admin(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request) throws Exception {
    return mvc.perform(request.header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN));
  }

  private ResultActions shopify(byte[] body, String signature) throws Exception {
    return shopify(domain, body, signature);
  }

  private ResultActions shopify(String store, byte[] body, String signature) throws Exception {
    return mvc.perform(post("/webhooks/v1/shopify")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-Shopify-Topic", "orders/cancelled")
        .header("X-Shopify-Shop-Domain", store)
        .header("X-Shopify-Hmac-Sha256", signature)
        .content(body));
  }
}
