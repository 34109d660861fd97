package dev.cuifu.reminder.architecture;

import dev.cuifu.reminder.ReminderServiceApplication;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Each direct sub-package of {@code dev.cuifu.reminder} is a module: no cycles between them, and
 * none reaches into another's sub-packages unless those are a named interface (package-info).
 */
class ModularityTests {

  @Test
  @DisplayName("rule: modules depend on each other without cycles and only through their API")
  void modulesKeepTheirBoundaries() {
    ApplicationModules.of(ReminderServiceApplication.class).verify();
  }
}
