package dev.cuifu.reminder.backtest;

import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.reminder.ReminderIntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** {@code POST /api/v1/backtests} as a shop uploads its export: the figures, or a problem naming what is wrong. */
class BacktestApiIntegrationTests extends ReminderIntegrationTest {

  @Autowired MockMvcTester mvc;

  private static byte[] tmall;

  @BeforeEach
  void shop() throws IOException {
    shopId = newShop();
    if (tmall == null) {
      tmall = Files.readAllBytes(Path.of("..", "data", "tmall_order_report.csv"));
    }
  }

  private static MockMultipartFile part(String name, String type, byte[] content) {
    return new MockMultipartFile(name, name, type, content);
  }

  private static MockMultipartFile policy(String name, String delay) {
    return part(name, MediaType.APPLICATION_JSON_VALUE, BacktestCommandTests.POLICY.formatted(delay).getBytes(StandardCharsets.UTF_8));
  }

  private MvcTestResult post(String key, String query, MockMultipartFile... parts) {
    MockMultipartHttpServletRequestBuilder request = MockMvcRequestBuilders.multipart("/api/v1/backtests" + query);
    for (MockMultipartFile part : parts) {
      request.file(part);
    }
    if (key != null) {
      request.header("X-Api-Key", key);
    }
    return mvc.perform(request);
  }

  @Test
  void theTmallExportThroughTwoPoliciesGivesEachOnesFigures() {
    assertThat(
            post(apiKey(shopId), "?profile=tmall&lift=0.1", policy("policy", "PT10M"), policy("against", "PT3H"),
                part("orders", "text/csv", tmall)))
        .hasStatusOk()
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.orders.rows").isEqualTo(28010);
              assertThat(json).extractingPath("$.orders.failed").isEqualTo(0);
              assertThat(json).extractingPath("$.policies[0].name").isEqualTo("policy");
              assertThat(json).extractingPath("$.policies[1].name").isEqualTo("against");
              assertThat(json).extractingPath("$.policies[0].report.orders").isEqualTo(28010);
              assertThat(json).extractingPath("$.policies[0].report.ordersNeverPaid").isEqualTo(3923);
              assertThat(json).extractingPath("$.policies[0].report.remindedNeverPaid").isEqualTo(3923);
              assertThat(json).extractingPath("$.policies[0].report.lift").isEqualTo(0.1);
              assertThat(json).extractingPath("$.policies[0].report.tiers[0].channel").isEqualTo("SMS");
            });
  }

  @Test
  void anInvalidPolicyABadFileOrNoKeyIsAProblemNamingIt() {
    assertThat(
            post(apiKey(shopId), "", policy("policy", "PT30M"), policy("against", "PT5M"), part("orders", "text/csv", tmall)))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("against.sms.delay");
    assertThat(
            post(apiKey(shopId), "", policy("policy", "PT30M"),
                part("orders", "text/csv", "order,total\n1,2.0\n".getBytes(StandardCharsets.UTF_8))))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("orders");
    assertThat(post(apiKey(shopId), "?profile=shopify", policy("policy", "PT30M"), part("orders", "text/csv", tmall)))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("profile");
    assertThat(post(null, "", policy("policy", "PT30M"), part("orders", "text/csv", tmall))).hasStatus(HttpStatus.UNAUTHORIZED);
  }
}
