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
    return policies.forShop(shopId).planning();
  }
}
