package dev.cuifu.reminder.policy;

import dev.cuifu.reminder.plan.PlanningPolicies;
import dev.cuifu.reminder.plan.PlanningPolicy;
import org.springframework.stereotype.Component;

/** Planning reads the shop's current policy: a change applies to orders planned afterwards. */
@Component
class ShopPlanningPolicies implements PlanningPolicies {

  private final ShopPolicies policies;

  ShopPlanningPolicies(ShopPolicies policies) {
    this.policies = policies;
  }

  @Override
  public PlanningPolicy forShop(String shopId) {
    ShopPolicy policy = policies.forShop(shopId);
    return new PlanningPolicy(
        policy.sms().enabled(),
        policy.sms().delay(),
        policy.chat().enabled(),
        policy.chat().delay(),
        policy.phone().enabled(),
        policy.phone().delay(),
        policy.phone().minAmountMinor(),
        policy.phone().returningBuyerMinPaidOrders(),
        policy.phone().onBuyerNote(),
        policy.minOrderAmountMinor(),
        policy.defaultPaymentDeadline(),
        policy.timeZone(),
        policy.quietHours().rule());
  }
}
