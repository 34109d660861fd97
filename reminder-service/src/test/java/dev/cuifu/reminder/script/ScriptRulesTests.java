package dev.cuifu.reminder.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.sms.SmsSegments;
import dev.cuifu.reminder.web.FieldProblem;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Save-time checks of a script and how a script renders, without Spring. */
class ScriptRulesTests {

  private static final ScriptProperties PROPERTIES = new ScriptProperties(2, "zh-CN", 20, 1000);
  private static final ScriptSettings ZH = new ScriptSettings(ScriptLocale.ZH_CN, 2, null);
  private static final ScriptSettings EN = new ScriptSettings(ScriptLocale.EN, 2, null);
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final Instant DEADLINE = Instant.parse("2026-11-14T02:00:00Z"); // 10:00 in Shanghai

  private static List<FieldProblem> problems(ScriptChannel channel, ScriptSettings settings, String text) {
    List<FieldProblem> problems = new ArrayList<>();
    ScriptRules.check(channel, settings.locale(), text, settings, "茶舍", PROPERTIES, problems);
    return problems;
  }

  private static String messages(ScriptChannel channel, ScriptSettings settings, String text) {
    return problems(channel, settings, text).toString();
  }

  @Test
  @DisplayName("rule: an unknown placeholder is rejected, naming it and the known ones")
  void unknownPlaceholder() {
    assertThat(problems(ScriptChannel.CHAT, ZH, "您的订单{orderId}共{amout}"))
        .singleElement()
        .satisfies(p -> {
          assertThat(p.field()).isEqualTo("text");
          assertThat(p.message()).contains("unknown placeholder {amout}").contains("{amount}", "{paymentLink}");
        });
  }

  @Test
  @DisplayName("rule: unbalanced braces are rejected with their position; doubled braces are literal")
  void braces() {
    assertThat(messages(ScriptChannel.CHAT, ZH, "订单{orderId 未付")).contains("'{' at character 3 is never closed");
    assertThat(messages(ScriptChannel.CHAT, ZH, "订单{orderId}} 未付")).contains("'}' at character 12 closes nothing");
    assertThat(messages(ScriptChannel.CHAT, ZH, "{item {orderId}")).contains("'{' at character 1 is never closed");
    assertThat(problems(ScriptChannel.CHAT, ZH, "{{literal}} {orderId}")).isEmpty();

    ScriptTemplate template = ScriptTemplate.parse("{{x}} {orderId}", "text", new ArrayList<>());
    assertThat(template.render(java.util.Map.of(Placeholder.ORDER_ID, "A1"))).isEqualTo("{x} A1");
  }

  @Test
  @DisplayName("rule: an empty or blank text is rejected")
  void empty() {
    assertThat(messages(ScriptChannel.SMS, ZH, "")).contains("must not be empty");
    assertThat(messages(ScriptChannel.CHAT, ZH, "  \n")).contains("must not be empty");
    assertThat(messages(ScriptChannel.CHAT, ZH, null)).contains("must not be empty");
  }

  @Test
  @DisplayName("rule: an SMS script must name the order (a crash-safe resend matches messages by text)")
  void smsNamesTheOrder() {
    assertThat(messages(ScriptChannel.SMS, ZH, "【{shopName}】您有订单未付款")).contains("{orderId}");
    assertThat(problems(ScriptChannel.CHAT, ZH, "您有订单未付款")).isEmpty();
  }

  @Test
  @DisplayName("rule: {paymentLink} needs the shop's payment link")
  void paymentLinkNeedsSetting() {
    String text = "订单{orderId}未付款，付款：{paymentLink}";
    assertThat(messages(ScriptChannel.SMS, ZH, text)).contains("no payment link");
    assertThat(problems(ScriptChannel.SMS, new ScriptSettings(ScriptLocale.ZH_CN, 2, "https://s.example/p/{orderId}"), text)).isEmpty();
  }

  @Test
  @DisplayName("rule: an SMS over the segment limit with the longest values is rejected, naming segments and encoding")
  void smsOverTheLimit() {
    // 100 Chinese characters of text + the longest values: far over 2 × 67 UCS-2 code units
    String text = "您".repeat(100) + "{orderId}{item}";
    assertThat(messages(ScriptChannel.SMS, ZH, text))
        .contains("3 SMS segments")
        .contains("UCS-2 code units")
        .contains("the shop's limit is 2");
    assertThat(problems(ScriptChannel.SMS, new ScriptSettings(ScriptLocale.ZH_CN, 3, null), text)).isEmpty();
    assertThat(problems(ScriptChannel.CHAT, ZH, text)).as("chat has no segment limit").isEmpty();
  }

  @Test
  @DisplayName("rule: the length check assumes the longest item name: 20 characters, Chinese for a Chinese script")
  void worstCaseValues() {
    ScriptTemplate template = ScriptTemplate.parse("{orderId}|{item}|{amount}|{deadline}|{shopName}", "text", new ArrayList<>());
    String zh = template.render(ScriptValues.worstCase(ScriptLocale.ZH_CN, "茶舍", null, 20));
    assertThat(zh.split("\\|")).containsExactly("9".repeat(20), "货".repeat(20), "99999999.99 CNY", "09-30 23:59", "茶舍");
    String en = template.render(ScriptValues.worstCase(ScriptLocale.EN, "Tea House", null, 20));
    assertThat(en.split("\\|")).containsExactly("9".repeat(20), "W".repeat(20), "99999999.99 CNY", "Sep 30, 23:59", "Tea House");
    assertThat(SmsSegments.of(en).encoding()).isEqualTo(SmsSegments.Encoding.GSM_7);
  }

  @ParameterizedTest
  @EnumSource(ScriptChannel.class)
  @DisplayName("rule: every shipped default script is valid and an SMS fits 2 segments for a shop name of 8 characters")
  void defaultsAreValid(ScriptChannel channel) {
    for (ScriptLocale locale : ScriptLocale.values()) {
      List<FieldProblem> problems = new ArrayList<>();
      String shop = locale == ScriptLocale.ZH_CN ? "某某某某旗舰小店" : "Tea Shop";
      ScriptRules.Checked checked =
          ScriptRules.check(channel, locale, DefaultScripts.text(channel, locale), new ScriptSettings(locale, 2, null), shop, PROPERTIES, problems);
      assertThat(problems).as("%s %s", channel, locale).isEmpty();
      if (channel == ScriptChannel.SMS) {
        assertThat(checked.worstCase().segments()).as("%s %s", channel, locale).isLessThanOrEqualTo(2);
      }
    }
  }

  @Test
  @DisplayName("rule: the default scripts ask whether payment went wrong and offer help; SMS ones say how to opt out")
  void serviceTone() {
    assertThat(DefaultScripts.text(ScriptChannel.SMS, ScriptLocale.ZH_CN)).contains("遇到问题", "帮您", "回TD退订");
    assertThat(DefaultScripts.text(ScriptChannel.SMS, ScriptLocale.EN)).contains("Trouble paying", "help", "STOP");
    assertThat(DefaultScripts.text(ScriptChannel.CHAT, ScriptLocale.ZH_CN)).contains("遇到什么问题");
    assertThat(DefaultScripts.text(ScriptChannel.CHAT, ScriptLocale.EN)).contains("go wrong");
    assertThat(DefaultScripts.text(ScriptChannel.PHONE_TALKING_POINTS, ScriptLocale.ZH_CN)).contains("不施压", "流失原因");
    assertThat(DefaultScripts.text(ScriptChannel.PHONE_TALKING_POINTS, ScriptLocale.EN)).contains("No pressure", "loss reason");
  }

  @Test
  @DisplayName("rule: one order renders its values; a long item name is cut with an ellipsis")
  void rendersOneOrder() {
    ScriptTemplate zh = ScriptTemplate.parse(DefaultScripts.text(ScriptChannel.SMS, ScriptLocale.ZH_CN), "text", new ArrayList<>());
    OrderFacts order = new OrderFacts("A1001", "羊绒大衣", 88_800L, "CNY", DEADLINE);
    assertThat(zh.render(ScriptValues.of(ScriptLocale.ZH_CN, "茶舍", SHANGHAI, List.of(order), null, 20)))
        .isEqualTo("【茶舍】您好，您的订单A1001（羊绒大衣，888.00 CNY）还未付款，请在11-14 10:00前完成付款。付款遇到问题可直接回复，我们帮您处理。回TD退订");

    ScriptTemplate en = ScriptTemplate.parse("{buyerName}|{item}|{deadline}", "text", new ArrayList<>());
    OrderFacts longItem = new OrderFacts("A1", "Cashmere coat, camel, size M, with belt", 1L, "USD", DEADLINE);
    assertThat(en.render(ScriptValues.of(ScriptLocale.EN, "Tea", ZoneId.of("UTC"), List.of(longItem), null, 20)))
        .isEqualTo("there|Cashmere coat, ca...|Nov 14, 02:00");
    assertThat(ScriptValues.shorten(ScriptLocale.ZH_CN, "一二三四五六", 4)).isEqualTo("一二三…");
  }

  @Test
  @DisplayName("rule: several orders of one buyer render as lists, the total and the earliest deadline")
  void rendersMergedOrders() {
    ScriptTemplate zh = ScriptTemplate.parse("{orderId}|{item}|{amount}|{deadline}|{paymentLink}", "text", new ArrayList<>());
    List<OrderFacts> orders =
        List.of(
            new OrderFacts("A1", "围巾", 12_800L, "CNY", DEADLINE.plusSeconds(3600)),
            new OrderFacts("A 2", "手套", 5_900L, "CNY", DEADLINE));
    assertThat(zh.render(ScriptValues.of(ScriptLocale.ZH_CN, "茶舍", SHANGHAI, orders, "https://s.example/pay?o={orderId}", 20)))
        .isEqualTo("A1、A 2|围巾、手套|合计 187.00 CNY|11-14 10:00|https://s.example/pay?o=A1");
    List<OrderFacts> twoCurrencies =
        List.of(new OrderFacts("A1", "x", 100L, "USD", DEADLINE), new OrderFacts("A2", "y", 500L, "JPY", DEADLINE));
    assertThat(ScriptTemplate.parse("{amount}", "text", new ArrayList<>())
            .render(ScriptValues.of(ScriptLocale.EN, "s", SHANGHAI, twoCurrencies, null, 20)))
        .isEqualTo("1.00 USD, 500 JPY");
  }
}
