package dev.cuifu.reminder.dispatch;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How due touches are claimed and sent.
 *
 * @param sweepInterval how often the clustered Quartz trigger looks for due touches
 * @param batchSize touches claimed per statement ({@code FOR UPDATE SKIP LOCKED})
 * @param maxBatchesPerSweep bound on one sweep's work, so a backlog cannot starve the scheduler
 * @param parallelism buyers of a claimed batch handled side by side (each holds a database
 *     connection while it works, so keep it below the connection pool's size)
 * @param lease how long a claim is held before another instance may recover the touch
 * @param recoveryInterval how often expired leases are looked for and settled
 * @param retryDelay when a provider refusal is retryable, how long until the next attempt
 * @param smsTemplate the SMS wording: {shop}, {order}, {item}, {amount}, {deadline}
 * @param chatTemplate the chat (IM) wording, same placeholders as the SMS
 * @param smsMergedTemplate one SMS for several unpaid orders of one buyer: {shop}, {count},
 *     {orders} (each "order（item，amount）"), {deadline} (the earliest)
 */
@Validated
@ConfigurationProperties("cuifu.reminder.dispatch")
public record DispatchProperties(
    @DefaultValue("PT1S") @NotNull Duration sweepInterval,
    @DefaultValue("100") @Min(1) @Max(10_000) int batchSize,
    @DefaultValue("50") @Min(1) int maxBatchesPerSweep,
    @DefaultValue("8") @Min(1) @Max(256) int parallelism,
    @DefaultValue("PT2M") @NotNull Duration lease,
    @DefaultValue("PT30S") @NotNull Duration recoveryInterval,
    @DefaultValue("PT1M") @NotNull Duration retryDelay,
    @DefaultValue(DEFAULT_SMS_TEMPLATE) @NotBlank String smsTemplate,
    @DefaultValue(DEFAULT_SMS_MERGED_TEMPLATE) @NotBlank String smsMergedTemplate,
    @DefaultValue(DEFAULT_CHAT_TEMPLATE) @NotBlank String chatTemplate) {

  /** Service, not pressure (domain.md): offer help with payment, and a way out. */
  public static final String DEFAULT_SMS_TEMPLATE =
      "【{shop}】您好，您的订单{order}（{item}，{amount}）还未付款，请在{deadline}前完成付款。"
          + "付款遇到问题可直接回复，我们帮您处理。回TD退订";

  /** Chat is a conversation: ask whether anything went wrong, offer help, no pressure. */
  public static final String DEFAULT_CHAT_TEMPLATE =
      "亲，您在{shop}拍下的{item}（订单{order}，{amount}）还没有付款哦。是付款时遇到什么问题了吗？"
          + "有任何疑问直接回复我，我来帮您处理。订单将在{deadline}关闭。";

  public static final String DEFAULT_SMS_MERGED_TEMPLATE =
      "【{shop}】您好，您有{count}笔订单还未付款：{orders}。请在{deadline}前完成付款。"
          + "付款遇到问题可直接回复，我们帮您处理。回TD退订";
}
