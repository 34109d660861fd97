-- Fenced claims. Every claim of a touch (a dispatch batch, or lease recovery taking it over) writes
-- a fresh token here, and every later write on the touch names it (`where touch_id = ? and
-- claim_token = ?`): a batch that outlived its lease can no longer start an attempt, record an
-- outcome or put the touch back once another claim holds it, and it calls no provider for a touch
-- whose fenced start-of-attempt write changed no row.
alter table touch add column claim_token uuid;

-- A touch whose message may have reached the buyer but whose provider cannot be asked (a chat
-- webhook delivery whose answer never came before its lease expired): final, never resent.
-- Its sent_at is when the attempt began, so the frequency cap counts it.
alter table touch drop constraint touch_state_check;
alter table touch add constraint touch_state_check
    check (state in ('PLANNED', 'SENDING', 'SENT', 'FAILED', 'CANCELLED', 'EXPIRED', 'SKIPPED', 'OUTCOME_UNKNOWN'));
