-- Intent-to-treat accounting of experiments (dev.cuifu.reminder.experiment): every order assigned
-- at planning counts in its arm or the holdout from the due time planning gave it.
--
-- planned_due_at: the due time as planned; due_at moves when a send is deferred (quiet hours,
-- frequency cap, provider trouble), planned_due_at does not. Touches planned before this
-- migration get the earlier of their due and send times, the closest known to their planned time.
alter table touch add column planned_due_at timestamptz;

update touch set planned_due_at = least(due_at, sent_at) where experiment_id is not null;

-- twin_arm: the arm a held-out order would have had (its delay gave would_due_at); null for orders
-- held out before this migration (they got the policy delay) or when no arm was open.
alter table experiment_holdout add column twin_arm text;
