package dev.cuifu.harness.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.kafka.EventJson;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeCatalogTests {

  private static Tenant tenant(String tag) {
    return new Tenant("abuse-" + tag, "cf_" + tag, List.of("key-" + tag), new Tenant.Login(tag + "adm", "pw"), new Tenant.Login(tag + "agt", "pw"),
        List.of("ord-" + tag + "-1", "ord-" + tag + "-2", "ord-" + tag + "-3"), List.of("evt-1", "evt-2", "evt-3"), List.of("buyer-1"),
        List.of("+8613912345678"), 11L, List.of(12L), List.of(21L, 22L, 23L), 31L, List.of("arm-1", "arm-2"), "+8613912345679", "{}",
        stores(tag), Map.of("shopify", "sec-" + tag + "-shopify", "woocommerce", "sec-" + tag + "-woo", "taobao", "sec-" + tag + "-taobao"),
        new Markers());
  }

  private static Map<String, String> stores(String tag) {
    Map<String, String> stores = new LinkedHashMap<>();
    stores.put("shopify", "abuse-" + tag + ".myshopify.com");
    stores.put("woocommerce", "https://abuse-" + tag + ".example.com");
    stores.put("taobao", "nick-abuse-" + tag);
    return stores;
  }

  private final ProbeCatalog catalog = new ProbeCatalog(tenant("a"), tenant("b"));

  private static ApiOperation op(String method, String path, boolean body) {
    return new ApiOperation("reminder", method, path, "x", body);
  }

  @Test
  void pathParametersAreFilledWithEachOfShopAsIdsAndMustBeRefused() {
    ProbeCatalog.Entry entry = catalog.probes(op("GET", "/api/v1/orders/{orderId}/touches", false));

    assertThat(entry.notCovered()).isNull();
    assertThat(entry.probes()).extracting(Probe::path)
        .containsExactly("/api/v1/orders/ord-a-1/touches", "/api/v1/orders/ord-a-2/touches", "/api/v1/orders/ord-a-3/touches");
    assertThat(entry.probes()).extracting(Probe::expect).containsOnly(Probe.Expect.DENY);
  }

  @Test
  void aPhoneInThePathIsEncodedAndSeveralParametersAreCombined() {
    assertThat(catalog.probes(op("DELETE", "/api/v1/opt-outs/{channel}/{phone}", false)).probes()).extracting(Probe::path)
        .containsExactly("/api/v1/opt-outs/SMS/%2B8613912345679");
    assertThat(catalog.probes(op("POST", "/api/v1/experiments/{id}/arms/{armId}/pin", false)).probes()).extracting(Probe::path)
        .containsExactly("/api/v1/experiments/31/arms/arm-1/pin", "/api/v1/experiments/31/arms/arm-2/pin");
  }

  @Test
  void operationsWithoutPathIdsActInTheCallersOwnShop() {
    assertThat(catalog.probes(op("GET", "/api/v1/phone-tasks", false)).probes()).extracting(Probe::expect).containsExactly(Probe.Expect.OWN);
    assertThat(catalog.probes(op("POST", "/api/v1/experiments", true)).probes()).extracting(Probe::expect)
        .containsExactly(Probe.Expect.REFUSE_REFERENCE);
  }

  @Test
  void anUnknownParameterOrBodyIsReportedAsNotCovered() {
    assertThat(catalog.probes(op("GET", "/api/v1/invoices/{invoiceId}", false)).notCovered()).contains("{invoiceId}");
    assertThat(catalog.probes(op("POST", "/api/v1/invoices", true)).notCovered()).contains("body");
    assertThat(catalog.probes(op("POST", "/twilio/inbound", false)).notCovered()).contains("Twilio");
  }

  @Test
  void aPlatformConnectionIsTriedOnEachOfAsConnectedPlatforms() {
    ProbeCatalog.Entry entry = catalog.probes(new ApiOperation("ingest", "DELETE", "/admin/v1/shops/{shopId}/platforms/{platform}", "x", false));

    assertThat(entry.probes()).extracting(Probe::path)
        .containsExactly("/admin/v1/shops/abuse-a/platforms/shopify", "/admin/v1/shops/abuse-a/platforms/woocommerce",
            "/admin/v1/shops/abuse-a/platforms/taobao");
    assertThat(entry.probes()).extracting(Probe::expect).containsOnly(Probe.Expect.DENY);
    assertThat(catalog.probes(new ApiOperation("ingest", "PUT", "/admin/v1/shops/{shopId}/platforms/{platform}", "x", true)).probes())
        .extracting(Probe::body).allSatisfy(body -> assertThat(body).contains("abuse-b.myshopify.com", "sec-b-shopify"));
  }

  @Test
  void eachWebhookNamesAsStoreToBeRefusedAndBsOwnStoreToBeBsEvent() {
    ProbeCatalog.Entry shopify = catalog.probes(new ApiOperation("ingest", "POST", "/webhooks/v1/shopify", "x", true));

    assertThat(shopify.probes()).extracting(Probe::expect).containsExactly(Probe.Expect.DENY, Probe.Expect.OWN_EVENTS);
    assertThat(shopify.probes()).extracting(p -> p.headers().get("X-Shopify-Shop-Domain"))
        .containsExactly("abuse-a.myshopify.com", "abuse-b.myshopify.com");
    assertThat(shopify.probes().get(0).body()).contains("\"ord-a-3\"", "\"paid\"");
    assertThat(shopify.probes().get(0).operation().requiredCredential()).isEqualTo(Credential.Kind.PLATFORM_SIGNATURE);

    assertThat(catalog.probes(new ApiOperation("ingest", "POST", "/webhooks/v1/woocommerce", "x", true)).probes())
        .extracting(p -> p.headers().get("X-WC-Webhook-Source"))
        .containsExactly("https://abuse-a.example.com/", "https://abuse-b.example.com/");
    // WooCommerce writes its *_gmt times without a zone: 2026-12-07T10:24:53
    assertThat(catalog.probes(new ApiOperation("ingest", "POST", "/webhooks/v1/woocommerce", "x", true)).probes())
        .extracting(p -> EventJson.mapper().readTree(p.body()).path("date_created_gmt").asString())
        .allSatisfy(time -> assertThat(LocalDateTime.parse(time)).isNotNull());
    assertThat(catalog.probes(new ApiOperation("ingest", "POST", "/webhooks/v1/taobao", "x", true)).probes())
        .extracting(p -> EventJson.mapper().readTree(p.body()).path("user_nick").asString())
        .containsExactly("nick-abuse-a", "nick-abuse-b");
  }

  @Test
  void backtestsReplayBsStoredOrdersOverARangeAndAnUploadAndMustCountOnlyBs() {
    ProbeCatalog.Entry entry = catalog.probes(op("POST", "/api/v1/backtests", true));

    assertThat(entry.probes()).extracting(Probe::expect).containsOnly(Probe.Expect.OWN_ORDERS);
    assertThat(entry.probes().get(0).path()).startsWith("/api/v1/backtests?from=").contains("&to=");
    assertThat(entry.probes().get(0).body()).contains("name=\"policy\"").doesNotContain("name=\"orders\"");
    assertThat(entry.probes().get(1).body()).contains("name=\"orders\"", "ord-a-1,12.34,", "ord-a-3,12.34,");
    assertThat(entry.probes()).allSatisfy(p -> assertThat(p.headers().get("Content-Type")).startsWith("multipart/form-data; boundary="));
    assertThat(catalog.ownOrders()).isEqualTo(3);
  }
}
