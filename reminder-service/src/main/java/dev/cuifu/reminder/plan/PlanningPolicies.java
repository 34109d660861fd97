package dev.cuifu.reminder.plan;

/** Where planning gets a shop's policy from. */
public interface PlanningPolicies {

  PlanningPolicy forShop(String shopId);
}
