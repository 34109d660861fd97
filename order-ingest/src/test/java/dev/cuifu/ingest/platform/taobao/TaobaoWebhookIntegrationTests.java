package dev.cuifu.ingest.platform.taobao;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cuifu.common.event.Money;
import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.OrderPaid;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.ingest.platform.PlatformIntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.node.ObjectNode;

class TaobaoWebhookIntegrationTests extends PlatformIntegrationTest {

  private static final String SAMPLE = "taobao/trade-create-message.json";
  private static final String APP_SECRET = "taobao-app-secret-0123456789abcdef";
  private static final AtomicLong TIDS = new AtomicLong(4_123_456_789_000L);

  private String shopId;
  private String nick;

  @BeforeEach
  void connectedShop() throws Exception {
    shopId = newShopId();
    createShop(shopId);
    nick = "催付旗舰店-" + shopId;
    connected(shopId, "taobao", nick, APP_SECRET);
  }

  @Test
  @DisplayName("rule: TradeCreate with the relay's receiver_mobile becomes OrderCreated; TradeBuyerPay OrderPaid, each once")
  void createdThenPaid() throws Exception {
    long tid = TIDS.incrementAndGet();
    relay(message("taobao_trade_TradeCreate", tid, "2025-06-01 16:00:00", true, "md5")).andExpect(jsonPath("$.accepted").value(1));
    relay(message("taobao_trade_TradeBuyerStepPay", tid, "2025-06-01 16:10:00", true, "hmac"))
        .andExpect(jsonPath("$.duplicates").value(1));
    relay(message("taobao_trade_TradeBuyerPay", tid, "2025-06-01 17:00:00", false, "hmac-sha256"))
        .andExpect(jsonPath("$.accepted").value(1));

    List<OrderEvent> events = eventsOf(shopId);
    assertThat(events).hasSize(2);
    assertThat(events.get(0))
        .isEqualTo(new OrderCreated("taobao:" + tid + ":created", OrderEvent.SCHEMA_VERSION, shopId, Long.toString(tid),
            Instant.parse("2025-06-01T08:00:00Z"), "t**1", "+8613800138000", null, null, new Money(12900L, "CNY"),
            "Taobao order " + tid, null, null, false));
    assertThat(events.get(1))
        .isEqualTo(new OrderPaid("taobao:" + tid + ":paid", OrderEvent.SCHEMA_VERSION, shopId, Long.toString(tid),
            Instant.parse("2025-06-01T09:00:00Z"), new Money(12900L, "CNY"), Instant.parse("2025-06-01T09:00:00Z")));
  }

  @Test
  @DisplayName("rule: TradeClose becomes OrderClosed; a message without a phone skips OrderCreated naming buyerPhone")
  void closedAndPhoneless() throws Exception {
    long tid = TIDS.incrementAndGet();
    relay(message("taobao_trade_TradeCreate", tid, "2025-06-01 16:00:00", false, "md5"))
        .andExpect(jsonPath("$.accepted").value(0))
        .andExpect(jsonPath("$.skipped[*].field", contains("OrderCreated.buyerPhone")));
    relay(message("taobao_trade_TradeClose", tid, "2025-06-02 16:00:00", false, "md5")).andExpect(jsonPath("$.accepted").value(1));
    assertThat(eventsOf(shopId))
        .singleElement()
        .isEqualTo(new OrderClosed("taobao:" + tid + ":closed", OrderEvent.SCHEMA_VERSION, shopId, Long.toString(tid),
            Instant.parse("2025-06-02T08:00:00Z"), "closed"));
  }

  @Test
  @DisplayName("rule: a forged, unsigned or other seller's message is a 401 that changes nothing; a message handed on twice is a duplicate")
  void forgedAndReplayed() throws Exception {
    String otherShop = newShopId();
    createShop(otherShop);
    String otherNick = "另一家店-" + otherShop;
    connected(otherShop, "taobao", otherNick, "the-other-app-secret-0123456789");
    long tid = TIDS.incrementAndGet();
    ObjectNode unsigned = tree("taobao_trade_TradeCreate", tid, "2025-06-01 16:00:00", true);

    refused(relay(signed(unsigned, "forged-secret-0123456789", "md5")));
    refused(relay(bytes(unsigned, o -> {})));
    refused(relay(signed(unsigned, APP_SECRET, "md5"), o -> o.put("user_nick", otherNick)));
    refused(relay(signed(unsigned, APP_SECRET, "md5"), o -> o.put("content", o.get("content").asString().replace("129.00", "0.01"))));
    byte[] genuine = signed(unsigned, APP_SECRET, "md5");
    relay(genuine).andExpect(jsonPath("$.accepted").value(1));
    relay(genuine).andExpect(jsonPath("$.accepted").value(0)).andExpect(jsonPath("$.duplicates").value(1));

    assertThat(eventsOf(shopId)).hasSize(1);
    assertThat(eventsOf(otherShop)).isEmpty();
  }

  @Test
  @DisplayName("rule: a body that is not a TMC message is a 400 problem")
  void malformed() throws Exception {
    relay("[1]".getBytes()).andExpect(status().isBadRequest()).andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    relay("{\"content\": {\"tid\": 1}}".getBytes()).andExpect(status().isBadRequest());
    ObjectNode badContent = tree("taobao_trade_TradeCreate", TIDS.incrementAndGet(), "2025-06-01 16:00:00", true);
    badContent.put("content", "{not json");
    relay(signed(badContent, APP_SECRET, "md5")).andExpect(status().isBadRequest());
    assertThat(eventsOf(shopId)).isEmpty();
  }

  private ObjectNode tree(String topic, long tid, String pubTime, boolean withMobile) {
    ObjectNode message = sample(SAMPLE);
    message.put("topic", topic);
    message.put("pub_time", pubTime);
    message.put("user_nick", nick);
    ObjectNode trade = (ObjectNode) EventJson.mapper().readTree(message.get("content").asString());
    trade.put("tid", tid);
    trade.put("oid", tid);
    trade.put("seller_nick", nick);
    if (withMobile) {
      // Taobao gives national numbers (13800138000); until the shop's default region normalises them, the relay adds +86
      trade.put("receiver_mobile", "+86 138 0013 8000");
    }
    message.put("content", EventJson.mapper().writeValueAsString(trade));
    return message;
  }

  private byte[] message(String topic, long tid, String pubTime, boolean withMobile, String method) {
    return signed(tree(topic, tid, pubTime, withMobile), APP_SECRET, method);
  }

  /** Signed as the relay signs: TOP's signature over every top-level field, with sign_method. */
  private static byte[] signed(ObjectNode message, String secret, String method) {
    ObjectNode copy = message.deepCopy();
    copy.put("sign_method", method);
    copy.put("sign", TopSignature.sign(TaobaoMessages.signedFields(copy), secret, method));
    return EventJson.mapper().writeValueAsBytes(copy);
  }

  private ResultActions relay(byte[] body, java.util.function.Consumer<ObjectNode> afterSigning) throws Exception {
    return relay(bytes((ObjectNode) EventJson.mapper().readTree(body), afterSigning));
  }

  private ResultActions relay(byte[] body) throws Exception {
    return mvc.perform(post("/webhooks/v1/taobao").contentType(MediaType.APPLICATION_JSON).content(body));
  }

  private static void refused(ResultActions answer) throws Exception {
    answer.andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value("The webhook's signature could not be verified."));
  }
}
