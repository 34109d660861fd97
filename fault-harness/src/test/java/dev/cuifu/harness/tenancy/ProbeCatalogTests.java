package dev.cuifu.harness.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeCatalogTests {

  private static Tenant tenant(String tag) {
    return new Tenant("abuse-" + tag, "cf_" + tag, List.of("key-" + tag), new Tenant.Login(tag + "adm", "pw"), new Tenant.Login(tag + "agt", "pw"),
        List.of("ord-" + tag + "-1", "ord-" + tag + "-2", "ord-" + tag + "-3"), List.of("evt-1", "evt-2", "evt-3"), List.of("buyer-1"),
        List.of("+8613912345678"), 11L, List.of(12L), List.of(21L, 22L, 23L), 31L, List.of("arm-1", "arm-2"), "+8613912345679", "{}",
        new Markers());
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
}
