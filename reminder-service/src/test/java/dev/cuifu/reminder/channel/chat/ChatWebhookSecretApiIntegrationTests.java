package dev.cuifu.reminder.channel.chat;

import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.cuifu.reminder.ReminderIntegrationTest;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import dev.cuifu.testing.chat.ChatWebhookStub;

/** The webhook secret endpoints, end to end on the real database, as a shop uses them. */
class ChatWebhookSecretApiIntegrationTests extends ReminderIntegrationTest {

  private static final String SECRET_PATH = "/api/v1/chat/webhook-secret";
  private static final String ROTATE_PATH = "/api/v1/chat/webhook-secret/rotate";

  @Autowired MockMvcTester mvc;
  @Autowired ChatSecrets secrets;
  @Autowired ChatGateway gateway;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  void getCreatesTheSecretOnceAndReturnsTheSameAfterwards() throws Exception {
    MvcTestResult first = mvc.get().uri(SECRET_PATH).header("X-Api-Key", apiKey(shopId)).exchange();
    assertThat(first).hasStatusOk().hasHeader("Cache-Control", "no-store");
    String secret = field(first, "$.secret");
    assertThat(secret).as("32 random bytes, base64url without padding").matches("[A-Za-z0-9_-]{43}");
    assertThat(field(first, "$.createdAt")).isEqualTo(CLOCK.instant().toString());

    CLOCK.set(CLOCK.instant().plus(Duration.ofMinutes(5)));
    MvcTestResult second = mvc.get().uri(SECRET_PATH).header("X-Api-Key", apiKey(shopId)).exchange();
    assertThat(field(second, "$.secret")).isEqualTo(secret);
    assertThat(field(second, "$.createdAt")).isEqualTo(field(first, "$.createdAt"));
    assertThat(secrets.secretFor(shopId)).isEqualTo(secret);
    assertThat(jdbc.sql("select count(*) from chat_webhook_secret where shop_id = ?").param(shopId).query(Long.class).single())
        .isEqualTo(1);
  }

  @Test
  void rotateReplacesTheSecret() throws Exception {
    String before = field(mvc.get().uri(SECRET_PATH).header("X-Api-Key", apiKey(shopId)).exchange(), "$.secret");
    CLOCK.set(CLOCK.instant().plus(Duration.ofMinutes(1)));

    MvcTestResult rotated = mvc.post().uri(ROTATE_PATH).header("X-Api-Key", apiKey(shopId)).exchange();

    assertThat(rotated).hasStatusOk().hasHeader("Cache-Control", "no-store");
    String after = field(rotated, "$.secret");
    assertThat(after).isNotEqualTo(before).matches("[A-Za-z0-9_-]{43}");
    assertThat(field(rotated, "$.createdAt")).isEqualTo(CLOCK.instant().toString());
    assertThat(field(mvc.get().uri(SECRET_PATH).header("X-Api-Key", apiKey(shopId)).exchange(), "$.secret"))
        .isEqualTo(after);
    assertThat(secrets.secretFor(shopId)).isEqualTo(after);
  }

  @Test
  void rotateBeforeAnyGetCreatesOne() throws Exception {
    String rotated = field(mvc.post().uri(ROTATE_PATH).header("X-Api-Key", apiKey(shopId)).exchange(), "$.secret");
    assertThat(secrets.secretFor(shopId)).isEqualTo(rotated);
  }

  @Test
  void withoutOrWithAnUnknownKeyIs401() {
    assertThat(mvc.get().uri(SECRET_PATH))
        .hasStatus(HttpStatus.UNAUTHORIZED)
        .hasContentTypeCompatibleWith("application/problem+json");
    assertThat(mvc.post().uri(ROTATE_PATH))
        .hasStatus(HttpStatus.UNAUTHORIZED)
        .hasContentTypeCompatibleWith("application/problem+json");
    assertThat(mvc.get().uri(SECRET_PATH).header("X-Api-Key", "not-a-key")).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(jdbc.sql("select count(*) from chat_webhook_secret where shop_id = ?").param(shopId).query(Long.class).single())
        .as("nothing created")
        .isZero();
  }

  @Test
  void oneShopNeverSeesAnothersSecret() throws Exception {
    String other = newShop();
    String mine = field(mvc.get().uri(SECRET_PATH).header("X-Api-Key", apiKey(shopId)).exchange(), "$.secret");
    String theirs = field(mvc.get().uri(SECRET_PATH).header("X-Api-Key", apiKey(other)).exchange(), "$.secret");
    assertThat(theirs).isNotEqualTo(mine);

    String theirsRotated = field(mvc.post().uri(ROTATE_PATH).header("X-Api-Key", apiKey(other)).exchange(), "$.secret");

    assertThat(field(mvc.get().uri(SECRET_PATH).header("X-Api-Key", apiKey(shopId)).exchange(), "$.secret"))
        .as("another shop's rotation leaves mine alone")
        .isEqualTo(mine)
        .isNotEqualTo(theirsRotated);
  }

  @Test
  void theWiredGatewaySignsWithTheShopsSecret() {
    try (ChatWebhookStub stub = ChatWebhookStub.start(0)) {
      String secret = secrets.secretFor(shopId);

      gateway.send(
          URI.create(stub.url()),
          secret,
          new ChatMessage("dlv-" + shopId, shopId, "o-1", null, "wechat:buyer", "please pay"));

      ChatWebhookStub.Delivery d = stub.deliveries().get(0);
      assertThat(WebhookSignature.verify(secret, d.header("X-Cuifu-Timestamp"), d.body(), d.header("X-Cuifu-Signature")))
          .isTrue();
      assertThat(d.header("X-Cuifu-Timestamp")).isEqualTo(Long.toString(CLOCK.instant().getEpochSecond()));
      assertThat(d.body()).contains("\"buyerId\":null");
    }
  }

  private static String field(MvcTestResult result, String path) throws UnsupportedEncodingException {
    assertThat(result).hasStatusOk();
    return JsonPath.read(result.getResponse().getContentAsString(), path);
  }
}
