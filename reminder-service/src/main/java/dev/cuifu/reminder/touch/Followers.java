package dev.cuifu.reminder.touch;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The touches merged into a lead's message: every outcome of the lead is theirs too. */
@Repository
class Followers {

  private final JdbcClient jdbc;

  Followers(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Touches merged into this one's message and still travelling with it under this claim. */
  List<Long> of(long leadId, UUID claim) {
    return jdbc.sql("select touch_id from touch where merged_into = ? and claim_token = ? and state = 'SENDING' order by touch_id")
        .params(leadId, claim)
        .query(Long.class)
        .list();
  }
}
