package dev.cuifu.ingest.platform.taobao;

import static dev.cuifu.ingest.platform.PlatformJson.firstText;
import static dev.cuifu.ingest.platform.PlatformJson.text;

import dev.cuifu.ingest.platform.MappedDelivery;
import dev.cuifu.ingest.platform.Platform;
import dev.cuifu.ingest.platform.PlatformJson;
import dev.cuifu.ingest.platform.PlatformOrder;
import dev.cuifu.ingest.web.FieldProblem;
import dev.cuifu.ingest.web.InvalidRequestException;
import dev.cuifu.ingest.web.JsonBodies;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Taobao/Tmall trade messages of the message service (TMC), as a relay hands them on: the message
 * as {@code taobao.tmc.messages.consume} and the TMC SDK give it ({@code id}, {@code topic},
 * {@code pub_time}, {@code pub_app_key}, {@code user_id}, {@code user_nick}: the seller,
 * {@code content}: the trade as a JSON string with {@code tid}, {@code buyer_nick}, {@code payment},
 * ...), plus {@code sign} and {@code sign_method} over those fields ({@link TopSignature}).
 *
 * <ul>
 *   <li>{@code taobao_trade_TradeCreate}: OrderCreated;
 *   <li>{@code taobao_trade_TradeBuyerStepPay} (a presale order's deposit paid): OrderCreated, so the
 *       order stays unpaid to Cuifu until its balance is paid;
 *   <li>{@code taobao_trade_TradeBuyerPay}: OrderPaid, also for a presale order's balance (尾款),
 *       which has no topic of its own: TMC's message list describes it as "买家付完款，或万人团买家付完尾款"
 *       and TradeBuyerStepPay as "分阶段订单付定金" (docs/platforms.md gives the source);
 *   <li>{@code taobao_trade_TradeClose}: OrderClosed.
 * </ul>
 *
 * <p>Trade messages carry no phone number: the relay adds the buyer's {@code receiver_mobile} (from
 * {@code taobao.trade.fullinfo.get}) to {@code content}, or the OrderCreated is skipped naming
 * {@code buyerPhone}. Times are {@code pub_time} (China time); amounts {@code payment} in CNY.
 */
final class TaobaoMessages {

  static final List<String> TOPICS =
      List.of("taobao_trade_TradeCreate", "taobao_trade_TradeBuyerStepPay", "taobao_trade_TradeBuyerPay", "taobao_trade_TradeClose");

  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter PUB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private TaobaoMessages() {}

  /**
   * The message's fields as the signature covers them: every top-level field but {@code sign}, as
   * text. A field that is an object or array is no TMC message (400).
   */
  static Map<String, String> signedFields(JsonNode message) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : message.properties()) {
      JsonNode value = field.getValue();
      if (value.isContainer()) {
        throw new InvalidRequestException(
            "A TMC message's fields are text or numbers.", List.of(new FieldProblem(field.getKey(), "must be text or a number")));
      }
      if (!field.getKey().equals("sign") && !value.isNull()) {
        fields.put(field.getKey(), value.isIntegralNumber() ? value.bigIntegerValue().toString() : value.asString());
      }
    }
    return fields;
  }

  static MappedDelivery map(JsonNode message) {
    String topic = text(message, "topic");
    if (topic == null || !TOPICS.contains(topic)) {
      return MappedDelivery.skipped("topic", "is not a topic Cuifu reads (" + String.join(", ", TOPICS) + ")");
    }
    String content = PlatformJson.required(message, "content");
    JsonNode trade = PlatformJson.object(JsonBodies.readTree(content.getBytes(StandardCharsets.UTF_8)));
    String tid = PlatformJson.required(trade, "tid");
    Instant at = pubTime(PlatformJson.required(message, "pub_time"));
    String buyer = firstText(trade, new String[] {"buyer_open_uid"}, new String[] {"buyer_nick"});
    String title = text(trade, "title");
    PlatformOrder order =
        new PlatformOrder(
            Platform.TAOBAO,
            tid,
            at,
            buyer != null ? buyer : "guest-" + tid,
            text(trade, "receiver_mobile"),
            PlatformJson.money(text(trade, "payment"), "CNY"),
            title != null ? title : "Taobao order " + tid,
            null);
    return switch (topic) {
      case "taobao_trade_TradeCreate", "taobao_trade_TradeBuyerStepPay" -> MappedDelivery.of(order.created());
      case "taobao_trade_TradeBuyerPay" -> MappedDelivery.of(order.paid(at));
      default -> MappedDelivery.of(order.closed(at, "closed"));
    };
  }

  private static Instant pubTime(String text) {
    try {
      return LocalDateTime.parse(text, PUB_TIME).atZone(CHINA).toInstant();
    } catch (DateTimeException e) {
      throw new InvalidRequestException(
          "The message's pub_time is not a time.", List.of(new FieldProblem("pub_time", "must be yyyy-MM-dd HH:mm:ss (China time)")));
    }
  }
}
