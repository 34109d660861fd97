package dev.cuifu.reminder.touch;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The script library's way into the {@code touch} table: which script a touch's text came from. */
@Repository
public class TouchScripts {

  private final JdbcClient jdbc;

  TouchScripts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Which script and version the touches' text came from (null, null: the default wording). */
  public void recordScript(List<Long> touchIds, Long scriptId, Integer version) {
    jdbc.sql("update touch set script_id = ?, script_version = ? where touch_id = any (?)")
        .params(scriptId, version, touchIds.toArray(Long[]::new))
        .update();
  }
}
