package dev.cuifu.reminder.script;

import java.util.Map;

/**
 * The wording Cuifu ships, used for a channel while a shop has no active script of its own. The
 * tone is service, not pressure (domain.md): ask whether payment went wrong, offer help, give the
 * deadline as information, and a way to opt out of SMS.
 */
final class DefaultScripts {

  private DefaultScripts() {}

  private record Key(ScriptChannel channel, ScriptLocale locale) {}

  private static final Map<Key, String> TEXTS =
      Map.of(
          new Key(ScriptChannel.SMS, ScriptLocale.ZH_CN),
          "【{shopName}】您好，您的订单{orderId}（{item}，{amount}）还未付款，请在{deadline}前完成付款。"
              + "付款遇到问题可直接回复，我们帮您处理。回TD退订",
          new Key(ScriptChannel.SMS, ScriptLocale.EN),
          "{shopName}: hi {buyerName}, your order {orderId} ({item}, {amount}) is not paid yet; it stays open"
              + " until {deadline}. Trouble paying? Reply and we will help. Reply STOP to opt out.",
          new Key(ScriptChannel.CHAT, ScriptLocale.ZH_CN),
          "亲，您在{shopName}拍下的{item}（订单{orderId}，{amount}）还没有付款哦。是付款时遇到什么问题了吗？"
              + "有任何疑问直接回复我，我来帮您处理。订单将在{deadline}关闭。",
          new Key(ScriptChannel.CHAT, ScriptLocale.EN),
          "Hi {buyerName}, you ordered {item} ({amount}, order {orderId}) at {shopName} and it is not paid yet."
              + " Did something go wrong with the payment? Reply here and I will sort it out with you."
              + " The order stays open until {deadline}.",
          new Key(ScriptChannel.PHONE_TALKING_POINTS, ScriptLocale.ZH_CN),
          "开场：您好，我是{shopName}的客服。您拍下的{item}（订单{orderId}，{amount}）还没有付款，"
              + "想问问是不是付款时遇到了问题？\n"
              + "倾听：余额不足、付款方式、忘记密码……可以换一种付款方式，也可以晚些再付，订单在{deadline}前有效。\n"
              + "不施压：买家不想要了就礼貌道谢结束，并记下流失原因。",
          new Key(ScriptChannel.PHONE_TALKING_POINTS, ScriptLocale.EN),
          "Opening: Hello, this is customer service at {shopName}. You ordered {item} (order {orderId},"
              + " {amount}) and it is not paid yet; did anything go wrong with the payment?\n"
              + "Listen: balance, payment method, a forgotten password... offer another way to pay or a later"
              + " payment; the order stays open until {deadline}.\n"
              + "No pressure: if the buyer changed their mind, thank them and record the loss reason.");

  static String text(ScriptChannel channel, ScriptLocale locale) {
    return TEXTS.get(new Key(channel, locale));
  }
}
